import Foundation
import Testing

/// Containers with terminals: window resizes reach a foreground container, and detached containers can have a
/// terminal (`-d -t`) or an open stdin (`-d -i`) that their monitor holds.
@Suite(.serialized) struct TerminalTests {
    @Test func aForegroundTerminalFollowsWindowResizes() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let terminal = try TestTerminal(rows: 24, columns: 80)
        let vessel = Process()
        vessel.executableURL = URL(fileURLWithPath: TestSupport.productsDirectory + "/vessel")
        vessel.arguments = ["run", "--root", cli.root, "--rm", "-t", "-i", "vessel.test/busybox", "sh", "-c",
                            "stty size; while read line; do test \"$line\" = quit && exit 3; stty size; done"]
        vessel.standardInput = terminal.slave
        vessel.standardOutput = terminal.slave
        vessel.standardError = terminal.slave
        try vessel.run()
        defer { if vessel.isRunning { kill(vessel.processIdentifier, SIGKILL) } }

        #expect(terminal.read(until: "24 80"), "\(terminal.output)")
        try terminal.setSize(rows: 40, columns: 100)
        kill(vessel.processIdentifier, SIGWINCH)
        // Each line typed makes the container print its terminal's size again, until the new size shows.
        #expect(terminal.read(until: "40 100") { terminal.type("\r") }, "\(terminal.output)")
        terminal.type("quit\r")
        let deadline = Date().addingTimeInterval(20)
        while vessel.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!vessel.isRunning && vessel.terminationStatus == 3)
    }

    @Test func aDetachedTerminalLogsItsOutputAndKeepsTheShellAlive() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let started = try cli.runContainer(["-d", "-t", "-i", "--name", "box", "vessel.test/busybox", "sh", "-c", "tty; echo ready; exec sh"])
        #expect(started.status == 0, "\(started.stderr)")
        var logs = ""
        for _ in 0..<100 where !logs.contains("ready") {
            logs = try cli.run(["logs", "box"]).stdout
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(logs.contains("/dev/pts/0") && logs.contains("ready"), "\(logs)")
        // An interactive shell on a terminal nobody types into waits; it does not see an end of input.
        Thread.sleep(forTimeInterval: 0.5)
        let listing = try cli.run(["ps", "--format", "json"])
        #expect(listing.stdout.contains("\"box\"") && listing.stdout.contains("running"), "\(listing.stdout)")
        let exec = try cli.run(["exec", "box", "sh", "-c", "test -t 0 || echo exec-has-no-tty"])
        #expect(exec.stdout == "exec-has-no-tty\n", "\(exec.stdout) \(exec.stderr)")
        #expect(try cli.run(["stop", "-t", "1", "box"]).status == 0)
        #expect(try cli.run(["rm", "box"]).status == 0)
        #expect(!TestSupport.mountPoints().contains { $0.hasPrefix(cli.root) })
    }

    @Test func aDetachedContainerWithDashIKeepsAnOpenEmptyStdin() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let started = try cli.runContainer(["-d", "-i", "--name", "reader", "vessel.test/busybox", "sh", "-c", "cat; echo stdin-closed"])
        #expect(started.status == 0, "\(started.stderr)")
        let withoutInput = try cli.runContainer(["-d", "--name", "no-input", "vessel.test/busybox", "sh", "-c", "cat; echo stdin-closed"])
        #expect(withoutInput.status == 0, "\(withoutInput.stderr)")
        Thread.sleep(forTimeInterval: 1)
        let listing = try cli.run(["ps", "-a", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.first { $0["name"] as? String == "reader" }?["state"] as? String == "running", "\(listing.stdout)")
        #expect(rows.first { $0["name"] as? String == "no-input" }?["state"] as? String == "exited", "\(listing.stdout)")
        #expect(try cli.run(["logs", "no-input"]).stdout == "stdin-closed\n")
        #expect(try cli.run(["rm", "-f", "reader", "no-input"]).status == 0)
    }
}
