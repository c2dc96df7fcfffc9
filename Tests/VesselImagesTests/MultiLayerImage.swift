/// A three-layer image over busybox: layer 2 adds files, layer 3 deletes one with a whiteout and replaces a
/// directory with an opaque one. A container of it must see exactly `/data/b` and no `/removed-later`.
enum MultiLayerImage {
    static func layers(busybox: TestLayout.Layer) throws -> [TestLayout.Layer] {
        var second = TestTar()
        second.add("removed-later", contents: "should disappear")
        second.add("data", .directory, mode: 0o755)
        second.add("data/a", contents: "from layer two")
        second.add("etc", .directory, mode: 0o755)
        second.add("etc/motd", contents: "layer two motd")
        var third = TestTar()
        third.add(".wh.removed-later")
        third.add("data", .directory, mode: 0o755)
        third.add("data/.wh..wh..opq")
        third.add("data/b", contents: "from layer three")
        return [busybox, try TestLayout.layer(second.archive), try TestLayout.layer(third.archive, compression: "none")]
    }
}
