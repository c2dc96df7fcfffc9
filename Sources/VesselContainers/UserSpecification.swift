/// `-u`/`User`: `uid`, `uid:gid`, `name` or `name:group`, names looked up in the image's /etc/passwd and /etc/group.
struct UserSpecification {
    let uid: UInt32
    let gid: UInt32

    init(_ text: String, rootfs: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let passwd = RootfsFiles.read("/etc/passwd", in: rootfs) ?? ""
        let passwdEntries = passwd.split(separator: "\n").map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
        var uid: UInt32
        var gid: UInt32 = 0
        if let number = UInt32(parts[0]) {
            uid = number
            if let entry = passwdEntries.first(where: { $0.count > 3 && $0[2] == parts[0] }), let group = UInt32(entry[3]) { gid = group }
        } else if let entry = passwdEntries.first(where: { $0.count > 3 && $0[0] == parts[0] }),
                  let number = UInt32(entry[2]), let group = UInt32(entry[3]) {
            uid = number
            gid = group
        } else {
            throw ContainerError(.invalidInput, "unknown user \"\(parts[0])\": not in the image's /etc/passwd")
        }
        if parts.count == 2 {
            if let number = UInt32(parts[1]) {
                gid = number
            } else {
                let groups = (RootfsFiles.read("/etc/group", in: rootfs) ?? "").split(separator: "\n")
                    .map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
                guard let entry = groups.first(where: { $0.count > 2 && $0[0] == parts[1] }), let number = UInt32(entry[2]) else {
                    throw ContainerError(.invalidInput, "unknown group \"\(parts[1])\": not in the image's /etc/group")
                }
                gid = number
            }
        }
        self.uid = uid
        self.gid = gid
    }
}
