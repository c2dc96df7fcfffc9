import CVesselSys
#if canImport(Glibc)
import Glibc
#endif

/// Starting and reaping helper processes (the runtime, the monitor) with posix_spawn.
public enum ChildProcess {
    /// Standard streams for a child: inherit ours, or use these descriptors.
    public struct Streams {
        public var input: Int32?
        public var output: Int32?
        public var error: Int32?

        public init(input: Int32? = nil, output: Int32? = nil, error: Int32? = nil) {
            self.input = input
            self.output = output
            self.error = error
        }
    }

    public static func spawn(_ arguments: [String], streams: Streams = Streams(), newSession: Bool = false,
                             environment: [String]? = nil) throws -> pid_t {
        guard let executable = arguments.first else { throw ContainerError(.invalidInput, "empty command") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input = streams.input { posix_spawn_file_actions_adddup2(&actions, input, 0) }
        if let output = streams.output { posix_spawn_file_actions_adddup2(&actions, output, 1) }
        if let error = streams.error { posix_spawn_file_actions_adddup2(&actions, error, 2) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newSession { flags |= 0x80 }  // POSIX_SPAWN_SETSID
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = (environment ?? currentEnvironment()).map { strdup($0) } + [nil]
        defer { env.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, env)
        guard status == 0 else {
            throw ContainerError(.system, "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// Waits for `pid`; returns its exit code, or 128+N if signal N killed it.
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 255 }
        }
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// Runs to completion; returns the exit code and what it printed on stdout and stderr.
    public static func run(_ arguments: [String]) throws -> (code: Int32, output: String, error: String) {
        var outputPipe: [Int32] = [0, 0]
        var errorPipe: [Int32] = [0, 0]
        guard vessel_pipe2(&outputPipe, O_CLOEXEC) == 0, vessel_pipe2(&errorPipe, O_CLOEXEC) == 0 else {
            throw ContainerError(.system, "cannot create a pipe")
        }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(null) }
        let pid: pid_t
        do {
            pid = try spawn(arguments, streams: Streams(input: null, output: outputPipe[1], error: errorPipe[1]))
        } catch {
            outputPipe.forEach { close($0) }
            errorPipe.forEach { close($0) }
            throw error
        }
        close(outputPipe[1])
        close(errorPipe[1])
        // Outputs here are small (state JSON, error lines): read stdout fully, then stderr.
        let output = readAll(outputPipe[0])
        let error = readAll(errorPipe[0])
        close(outputPipe[0])
        close(errorPipe[0])
        return (wait(pid), output, error)
    }

    static func readAll(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func currentEnvironment() -> [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }

    /// The path of the running executable.
    public static func currentExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, Int(PATH_MAX))
        guard count > 0 else { return CommandLine.arguments.first ?? "vessel" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
