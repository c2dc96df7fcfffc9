import CVesselSys
import Foundation
import VesselImages
#if canImport(Glibc)
import Glibc
#endif

/// Containers from images: sets up a container (overlay rootfs and bundle), runs it in the foreground or under a
/// monitor process, stops and removes it. The runtime itself is the `vessel-runtime` binary, never linked in.
public struct ContainerEngine: Sendable {
    public let images: ImageStore
    public let containers: ContainerStore
    public let runtime: RuntimeClient

    public init(images: ImageStore, containers: ContainerStore, runtime: RuntimeClient) {
        self.images = images
        self.containers = containers
        self.runtime = runtime
    }

    /// Creates a container from an image: its directories, the overlay mount and the bundle. Nothing is left on failure.
    public func create(image reference: String, options: RunOptions) throws -> ContainerRecord {
        let image = try images.lookup(reference)
        let configuration = try images.configuration(of: image)
        for (layer, diffID) in zip(image.layers, image.diffIDs) where !images.snapshots.contains(diffID) {
            try images.snapshots.unpack(layerAt: images.content.path(of: layer.digest), diffID: diffID)
        }
        _ = try BundleWriter.arguments(image: configuration, options: options)
        if let name = options.name { try RunOptions.validateName(name) }
        let id = (0..<4).map { _ in String(format: "%016llx", UInt64.random(in: 0...UInt64.max)) }.joined()
        let paths = containers.paths(of: id)
        let lowers = image.diffIDs.reversed().map { images.snapshots.path(of: $0) }
        var record = ContainerRecord(
            id: id, name: options.name ?? "vessel-" + String(id.prefix(8)), image: image.name, imageID: image.id.description,
            command: try BundleWriter.arguments(image: configuration, options: options),
            created: Date().timeIntervalSince1970, state: .created, detached: options.detach, autoRemove: options.autoRemove,
            snapshots: image.diffIDs.reversed().map(\.description),
            terminal: options.detach && options.terminal ? true : nil, keepsInputOpen: options.detach && options.interactive ? true : nil)
        try containers.withLock {
            if containers.all().contains(where: { $0.name == record.name }) {
                throw ContainerError(.conflict, "the name \"\(record.name)\" is already in use by a container")
            }
            for directory in [paths.directory, paths.bundle, paths.rootfs, paths.upper, paths.work] {
                guard mkdir(directory, 0o711) == 0 else {
                    let number = errno
                    try? FileTree.remove(path: paths.directory)
                    throw ContainerError(.system, "cannot create \(directory): \(String(cString: strerror(number)))")
                }
            }
            do {
                try containers.save(record)
            } catch {
                try? FileTree.remove(path: paths.directory)
                throw error
            }
        }
        do {
            for volume in options.volumes where access(volume.source, F_OK) != 0 {
                throw ContainerError(.invalidInput, "volume source \(volume.source) does not exist")
            }
            try OverlayMount.mount(lowers: lowers, upper: paths.upper, work: paths.work, target: paths.rootfs)
            try BundleWriter(runtime: runtime, paths: paths, image: configuration, options: options, id: id).write()
        } catch {
            cleanUp(paths, id: id)
            throw error
        }
        record.state = .created
        return record
    }

    /// Runs a created container with this terminal's stdio and returns its exit code.
    public func runForeground(_ record: ContainerRecord, interactive: Bool, terminal: Bool = false) throws -> Int32 {
        var record = record
        let paths = containers.paths(of: record.id)
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(null) }
        record.state = .running
        record.monitorPID = getpid()
        record.startedAt = Date().timeIntervalSince1970
        try containers.save(record)
        let code: Int32
        do {
            code = try runRuntime(record, bundle: paths.bundle, interactive: interactive, terminal: terminal, null: null)
        } catch {
            try? remove(record, force: true)
            throw error
        }
        record.state = .exited
        record.exitCode = code
        record.finishedAt = Date().timeIntervalSince1970
        record.monitorPID = nil
        runtime.delete(id: record.id)
        if record.autoRemove {
            cleanUp(paths, id: record.id)
        } else {
            OverlayMount.unmount(paths.rootfs)
            try containers.save(record)
        }
        return code
    }

    /// `vessel-runtime run`, with this process's stdio or, with `terminal`, a pty relayed to this terminal.
    private func runRuntime(_ record: ContainerRecord, bundle: String, interactive: Bool, terminal: Bool, null: Int32) throws -> Int32 {
        guard terminal else {
            let pid = try ChildProcess.spawn(runtime.command(["run", "--bundle", bundle, record.id]),
                                             streams: .init(input: interactive ? nil : null))
            return SignalForwarding.waitForwarding(to: pid)
        }
        return try runWithTerminal(interactive: interactive, null: null) { console in
            ["run", "--console-socket", console, "--bundle", bundle, record.id]
        }
    }

    /// `vessel-runtime exec` of `arguments` (runtime flags, the ID and the command) in a running container, with this
    /// process's stdio or, with `terminal`, a pty relayed to this terminal. Returns the process's exit code.
    public func exec(_ arguments: [String], interactive: Bool, terminal: Bool) throws -> Int32 {
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(null) }
        guard terminal else {
            let pid = try ChildProcess.spawn(runtime.command(["exec"] + arguments), streams: .init(input: interactive ? nil : null))
            return SignalForwarding.waitForwarding(to: pid)
        }
        return try runWithTerminal(interactive: interactive, null: null) { console in
            ["exec", "--tty", "--console-socket", console] + arguments
        }
    }

    /// Starts the runtime with `runtimeArguments(consoleSocketPath)`, takes the pty master it sends, and relays it
    /// to this terminal until the process ends. Returns its exit code.
    private func runWithTerminal(interactive: Bool, null: Int32,
                                 _ runtimeArguments: (String) -> [String]) throws -> Int32 {
        let console = try ConsoleSocket()
        let pid = try ChildProcess.spawn(runtime.command(runtimeArguments(console.path)), streams: .init(input: null))
        let master: Int32
        do {
            master = try console.receiveMaster(whileRunning: pid)
        } catch {
            kill(pid, SIGKILL)
            _ = ChildProcess.wait(pid)
            throw error
        }
        defer { close(master) }
        return SignalForwarding.waitForwarding(to: pid) {
            TerminalRelay.relay(master: master, forwardInput: interactive)
        }
    }

    /// Starts a monitor process for the container and returns once the container runs (or failed to start).
    public func startDetached(_ record: ContainerRecord, monitorCommand: [String]) throws {
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        let pid = try ChildProcess.spawn(monitorCommand, streams: .init(input: null, output: null, error: null), newSession: true)
        // The monitor is our child until we exit; reap it if it ends early so it is not a zombie meanwhile.
        for _ in 0..<1000 {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG) == pid
            if let current = try? containers.load(id: record.id), current.state != .created {
                if current.state == .exited, current.startedAt == nil {
                    throw ContainerError(.system, "container failed to start: \(lastLogLine(record.id))")
                }
                return
            }
            if reaped {
                throw ContainerError(.system, "container monitor exited early: \(lastLogLine(record.id))")
            }
            usleep(10_000)
        }
        throw ContainerError(.system, "container did not start within 10 s")
    }

    private func lastLogLine(_ id: String) -> String {
        let text = (try? String(contentsOfFile: containers.paths(of: id).log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map(String.init) ?? "no output"
    }

    /// The hidden monitor's job (as conmon is for podman): create and start the container with its output going
    /// to the log file, wait for it as a child subreaper, record the exit code, delete it from the runtime, and
    /// remove the container if it was run with --rm.
    public func monitor(id: String) -> Int32 {
        guard var record = try? containers.load(id: id) else { return 1 }
        let paths = containers.paths(of: id)
        _ = vessel_prctl(36, 1, 0, 0, 0)  // PR_SET_CHILD_SUBREAPER
        let log = open(paths.log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard log >= 0, null >= 0 else { return 1 }
        record.monitorPID = getpid()
        try? containers.save(record)

        func finish(_ code: Int32, started: Bool) -> Int32 {
            record.state = .exited
            record.exitCode = code
            record.finishedAt = Date().timeIntervalSince1970
            record.monitorPID = nil
            runtime.delete(id: id)
            if record.autoRemove {
                cleanUp(paths, id: id)
            } else {
                OverlayMount.unmount(paths.rootfs)
                try? containers.save(record)
            }
            return code
        }

        // With -i the container's stdin is a pipe this monitor never writes to nor closes, so it never sees EOF.
        var inputPipe: [Int32] = [-1, -1]
        if record.keepsInputOpen == true, vessel_pipe2(&inputPipe, O_CLOEXEC) != 0 { return finish(127, started: false) }
        let streams = ChildProcess.Streams(input: inputPipe[0] >= 0 ? inputPipe[0] : null, output: log, error: log)
        var createArguments = ["create", "--bundle", paths.bundle, "--pid-file", paths.pidFile]
        var console: ConsoleSocket?
        if record.terminal == true {
            guard let socket = try? ConsoleSocket() else { return finish(127, started: false) }
            console = socket
            createArguments += ["--console-socket", socket.path]
        }
        guard let create = try? ChildProcess.spawn(runtime.command(createArguments + [id]), streams: streams) else {
            return finish(127, started: false)
        }
        var terminalLog: TerminalLog?
        if let console {
            guard let master = try? console.receiveMaster(whileRunning: create) else {
                _ = ChildProcess.wait(create)
                return finish(127, started: false)
            }
            terminalLog = TerminalLog(master: master, log: log)
        }
        defer { terminalLog?.finish() }
        guard ChildProcess.wait(create) == 0,
              let pidText = try? String(contentsOfFile: paths.pidFile, encoding: .utf8),
              let initPID = pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return finish(127, started: false)
        }
        guard let start = try? ChildProcess.spawn(runtime.command(["start", id]), streams: streams), ChildProcess.wait(start) == 0 else {
            return finish(127, started: false)
        }
        record.state = .running
        record.startedAt = Date().timeIntervalSince1970
        try? containers.save(record)
        var code: Int32 = 255
        while true {
            var status: Int32 = 0
            let reaped = waitpid(-1, &status, 0)
            if reaped < 0 {
                if errno == EINTR { continue }
                break
            }
            if reaped == initPID {
                code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                break
            }
        }
        terminalLog?.finish()
        return finish(code, started: true)
    }

    /// Whether the container's process is still alive, according to the runtime and its owner process.
    public func isRunning(_ record: ContainerRecord) -> Bool {
        if let status = runtime.status(id: record.id), status == "running" || status == "created" || status == "paused" { return true }
        if let owner = record.monitorPID, owner > 0, kill(owner, 0) == 0, record.state != .exited { return true }
        return false
    }

    /// The record with a state that is true now: a container whose owner died without recording an exit shows as exited.
    public func refreshed(_ record: ContainerRecord) -> ContainerRecord {
        guard record.state == .running, !isRunning(record) else { return record }
        var record = record
        record.state = .exited
        return record
    }

    /// SIGTERM, then SIGKILL after `timeout` seconds.
    public func stop(_ record: ContainerRecord, timeout: Int) throws {
        guard isRunning(record) else { return }
        _ = runtime.kill(id: record.id, signal: "TERM")
        if waitUntilStopped(record, seconds: Double(timeout)) { return }
        _ = runtime.kill(id: record.id, signal: "KILL")
        guard waitUntilStopped(record, seconds: 10) else {
            throw ContainerError(.system, "container \(record.name) did not stop after SIGKILL")
        }
    }

    private func waitUntilStopped(_ record: ContainerRecord, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            let current = (try? containers.load(id: record.id)) ?? record
            let runtimeStatus = runtime.status(id: record.id)
            let ownerAlive = current.monitorPID.map { $0 > 0 && kill($0, 0) == 0 } ?? false
            if access(containers.paths(of: record.id).record, F_OK) != 0 { return true }
            if (runtimeStatus == nil || runtimeStatus == "stopped") && (!ownerAlive || current.state == .exited) { return true }
            usleep(20_000)
        } while Date() < deadline
        return false
    }

    /// Removes a container: refused while it runs unless `force`, which kills it first.
    public func remove(_ record: ContainerRecord, force: Bool) throws {
        if isRunning(record) {
            guard force else {
                throw ContainerError(.conflict, "container \(record.name) is running: stop it first, or use rm -f")
            }
            _ = runtime.kill(id: record.id, signal: "KILL")
            _ = waitUntilStopped(record, seconds: 10)
        }
        cleanUp(containers.paths(of: record.id), id: record.id)
    }

    /// Deletes the runtime's state, the overlay mount and the container's directory (upper dir included).
    func cleanUp(_ paths: ContainerPaths, id: String) {
        runtime.delete(id: id)
        OverlayMount.unmount(paths.rootfs)
        try? FileTree.remove(path: paths.directory)
    }
}
