internal import CVesselSys
import Glibc

/// The runtime binary as the container init executes it, in a form no process in the container can write
/// (CVE-2019-5736): a process there that reaches /proc/<init>/exe must not find the host's binary.
///
/// Two forms, as runc 1.2 has them. The default is a private, read-only overlayfs view of the binary's
/// directory: created with fsopen/fsmount and never attached to any mount namespace, it costs a few syscalls
/// and no copy, and overlayfs without an upper layer offers no way to write through to the lower file. The
/// fallback (no overlayfs, no new mount API, a replaced binary, or `VESSEL_RUNTIME_SEALED_COPY=memfd`) is a
/// copy of the binary's loadable segments in a memfd sealed against writes, growing and shrinking.
struct SealedExecutable {
    enum Kind: Sendable, Equatable {
        case overlayView
        case memfdCopy
    }

    let fd: Int32
    let kind: Kind

    static let forceCopyEnvironment = "VESSEL_RUNTIME_SEALED_COPY"

    /// `scratchDirectory` is an existing directory of ours (the state root) that overlayfs needs as its second
    /// lower layer; it must not contain or lie inside the binary's directory.
    static func create(scratchDirectory: String) throws -> SealedExecutable {
        let forced = getenv(forceCopyEnvironment).map { String(cString: $0) } == "memfd"
        if !forced, let view = overlayView(scratchDirectory: scratchDirectory) { return view }
        return try memfdCopy()
    }

    func close() { SystemCall.closeIgnoringErrors(fd) }

    /// Nil when overlayfs cannot be used here; the caller falls back to a copy.
    static func overlayView(scratchDirectory: String) -> SealedExecutable? {
        guard let binaryPath = try? SystemCall.readLink("/proc/self/exe"), binaryPath.hasPrefix("/"),
              !binaryPath.hasSuffix(" (deleted)"), let slash = binaryPath.lastIndex(of: "/") else { return nil }
        // The path must still name the binary we run: after an upgrade it names the new one.
        var running = stat(), named = stat()
        guard stat("/proc/self/exe", &running) == 0, stat(binaryPath, &named) == 0,
              running.st_dev == named.st_dev, running.st_ino == named.st_ino else { return nil }
        let directory = slash == binaryPath.startIndex ? "/" : String(binaryPath[..<slash])
        let name = String(binaryPath[binaryPath.index(after: slash)...])

        let openCloexec: UInt32 = 1, setString: UInt32 = 1, commandCreate: UInt32 = 6, mountCloexec: UInt32 = 1
        let readOnly: UInt32 = 0x1, noSetuid: UInt32 = 0x2, noDevices: UInt32 = 0x4
        let context = vessel_fsopen("overlay", openCloexec)
        guard context >= 0 else { return nil }
        defer { SystemCall.closeIgnoringErrors(context) }
        // The binary's directory on top, so nothing in the scratch layer can shadow it. Two lower layers and no
        // upper one make the overlay read-only.
        let layers = escapeLowerDirectory(directory) + ":" + escapeLowerDirectory(scratchDirectory)
        guard vessel_fsconfig(context, setString, "lowerdir", layers, 0) == 0,
              vessel_fsconfig(context, commandCreate, nil, nil, 0) == 0 else { return nil }
        let mount = vessel_fsmount(context, mountCloexec, readOnly | noSetuid | noDevices)
        guard mount >= 0 else { return nil }
        defer { SystemCall.closeIgnoringErrors(mount) }
        let file = vessel_openat(mount, name, VESSEL_O_PATH | O_NOFOLLOW | O_CLOEXEC, 0)
        guard file >= 0 else { return nil }
        var viewed = stat()
        guard fstat(file, &viewed) == 0, viewed.st_mode & S_IFMT == S_IFREG, viewed.st_size == running.st_size else {
            SystemCall.closeIgnoringErrors(file)
            return nil
        }
        return SealedExecutable(fd: file, kind: .overlayView)
    }

    /// overlayfs separates lower layers with ':' and escapes with '\'.
    static func escapeLowerDirectory(_ path: String) -> String {
        var escaped = ""
        for character in path {
            if character == ":" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// Copies the binary into a sealed memfd. Only the bytes the kernel maps at exec (up to the end of the last
    /// PT_LOAD segment) are copied: symbol tables and debug info follow them in the file and are not needed to run.
    static func memfdCopy() throws -> SealedExecutable {
        let source = try SystemCall.check("open", "/proc/self/exe") { vessel_open("/proc/self/exe", O_RDONLY | O_CLOEXEC, 0) }
        defer { SystemCall.closeIgnoringErrors(source) }
        let cloexec: UInt32 = 0x0001, allowSealing: UInt32 = 0x0002, executable: UInt32 = 0x0010
        var memfd = vessel_memfd_create("vessel-runtime", cloexec | allowSealing | executable)
        if memfd < 0 && errno == EINVAL {
            // Kernels before 6.3 do not know MFD_EXEC; executability is the default there.
            memfd = vessel_memfd_create("vessel-runtime", cloexec | allowSealing)
        }
        guard memfd >= 0 else { throw SystemCall.errnoError("memfd_create") }
        do {
            var info = stat()
            try SystemCall.check("fstat", "/proc/self/exe") { fstat(source, &info) }
            var remaining = min(Int(info.st_size), loadableLength(source) ?? Int(info.st_size))
            var offset = off_t(0)
            while remaining > 0 {
                let copied = try SystemCall.check("sendfile", "runtime binary") { sendfile(memfd, source, &offset, remaining) }
                if copied == 0 { break }
                remaining -= copied
            }
            let sealSeal: Int32 = 1, sealShrink: Int32 = 2, sealGrow: Int32 = 4, sealWrite: Int32 = 8
            let addSeals: Int32 = 1033
            try SystemCall.check("fcntl", "F_ADD_SEALS") { vessel_fcntl_int(memfd, addSeals, sealSeal | sealShrink | sealGrow | sealWrite) }
        } catch {
            SystemCall.closeIgnoringErrors(memfd)
            throw error
        }
        return SealedExecutable(fd: memfd, kind: .memfdCopy)
    }

    /// The end of the last PT_LOAD segment in the file, from the ELF64 program headers; nil if they look odd.
    static func loadableLength(_ fd: Int32) -> Int? {
        var header = [UInt8](repeating: 0, count: 64)
        guard header.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, 64, 0) }) == 64,
              header[0] == 0x7F, header[1] == UInt8(ascii: "E"), header[2] == UInt8(ascii: "L"), header[3] == UInt8(ascii: "F"),
              header[4] == 2, header[5] == 1 else { return nil }
        func little(_ bytes: [UInt8], _ at: Int, _ width: Int) -> Int {
            var value = 0
            for index in (0..<width).reversed() { value = value << 8 | Int(bytes[at + index]) }
            return value
        }
        let tableOffset = little(header, 32, 8), entrySize = little(header, 54, 2), count = little(header, 56, 2)
        guard entrySize >= 56, count > 0, count < 256 else { return nil }
        var table = [UInt8](repeating: 0, count: entrySize * count)
        guard table.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, $0.count, off_t(tableOffset)) }) == table.count else { return nil }
        var end = 0
        for index in 0..<count {
            let base = index * entrySize
            guard little(table, base, 4) == 1 else { continue } // PT_LOAD
            end = max(end, little(table, base + 8, 8) + little(table, base + 32, 8)) // p_offset + p_filesz
        }
        return end > 0 ? end : nil
    }
}
