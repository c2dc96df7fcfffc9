import Foundation

/// Disk images for the nested virtio-blk tests, built on the host at test time: an ext4 root made by
/// `mkfs.ext4 -d` (busybox plus a planted file) and a raw data disk whose first line is known.
struct BlockNestedImages {
    let directory: String
    var rootImage: String { directory + "/root.img" }
    var dataImage: String { directory + "/data.img" }

    static func plantedText(token: String) -> String { "planted-\(token)" }
    static func dataLine(token: String) -> String { "DATA-\(token)" }

    /// Fails with the reason when a tool is missing or a step fails.
    static func build(token: String) -> Result<BlockNestedImages, BlockNestedImagesError> {
        for tool in ["/usr/sbin/mkfs.ext4", "/usr/sbin/debugfs", "/bin/busybox"]
            where !FileManager.default.isExecutableFile(atPath: tool) {
            return .failure(BlockNestedImagesError(reason: "\(tool) missing (e2fsprogs, busybox-static)"))
        }
        let directory = NSTemporaryDirectory() + "vessel-blk-nested-\(token)"
        let script = #"""
            set -e
            dir=$1 planted=$2 data=$3
            rm -rf "$dir"; mkdir -p "$dir/stage/bin" "$dir/stage/proc" "$dir/stage/sys" "$dir/stage/dev" "$dir/stage/tmp"
            cp /bin/busybox "$dir/stage/bin/busybox"
            for applet in sh cat echo head dd sync touch ls md5sum; do ln -s busybox "$dir/stage/bin/$applet"; done
            printf '%s\n' "$planted" >"$dir/stage/planted.txt"
            mkfs.ext4 -q -F -L vessel-root -d "$dir/stage" "$dir/root.img" 32M
            rm -rf "$dir/stage"
            { printf '%s\n' "$data"; head -c 4190208 /dev/zero; } | head -c 4194304 >"$dir/data.img"
            """#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", directory, plantedText(token: token), dataLine(token: token)]
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return .failure(BlockNestedImagesError(reason: "cannot run /bin/sh: \(error)"))
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(BlockNestedImagesError(reason: "building the disk images failed: \(output)"))
        }
        return .success(BlockNestedImages(directory: directory))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
