import VesselFixtures
#if canImport(Glibc)
import Glibc
#endif

// vessel-bench host-overhead [--vessel PATH] [--qemu PATH] [--runs N]
//
// Boots a tiny kernel whose first instructions print one byte and power off, so a whole `vessel vm run`
// is process start, VM construction, the first guest instruction and teardown. Its CPU time is an upper
// bound on "process start to first guest instruction". The peer is QEMU's microvm machine running the
// same guest as a PVH ELF (exiting through isa-debug-exit on the guest's power-off port), alternating.

func option(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func format(_ value: Double) -> String {
    let scaled = (value * 100).rounded() / 100
    return String(scaled)
}

func writeFile(_ bytes: [UInt8], to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw BenchError("cannot write \(path)") }
    defer { close(fd) }
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == bytes.count else { throw BenchError("short write to \(path)") }
}

/// Reads the debug line `vessel` logs when the guest's first instruction has run and exited.
func firstGuestExitCPU(logPath: String) throws -> Double {
    guard let file = fopen(logPath, "r") else { throw BenchError("cannot read \(logPath)") }
    defer { fclose(file) }
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    defer { free(line) }
    while getline(&line, &capacity, file) > 0 {
        guard let line else { continue }
        let marker = "first guest exit: "
        let text = String(cString: line)
        guard let start = text.indices.first(where: { text[$0...].hasPrefix(marker) }) else { continue }
        let number = text[text.index(start, offsetBy: marker.count)...].prefix { $0.isNumber || $0 == "." }
        if let value = Double(number) { return value }
    }
    throw BenchError("vessel did not log its first guest exit (see \(logPath))")
}

func hostOverhead(_ arguments: [String]) throws {
    let runs = Int(option("--runs", in: arguments) ?? "") ?? 20
    let selfPath = (try? String(cString: realpath("/proc/self/exe", nil))) ?? CommandLine.arguments[0]
    let directory = String(selfPath[..<(selfPath.lastIndex(of: "/") ?? selfPath.endIndex)])
    let vessel = option("--vessel", in: arguments) ?? directory + "/vessel"
    let qemu = option("--qemu", in: arguments)

    let workDirectory = "/tmp/vessel-bench-\(getpid())"
    mkdir(workDirectory, 0o755)
    defer {
        unlink(workDirectory + "/tiny.bzImage")
        unlink(workDirectory + "/tiny.elf")
        unlink(workDirectory + "/vessel.log")
        rmdir(workDirectory)
    }
    try writeFile(TinyKernel.bzImage(), to: workDirectory + "/tiny.bzImage")
    try writeFile(TinyKernel.pvhELF(), to: workDirectory + "/tiny.elf")

    let vesselCommand = [vessel, "vm", "run", "--allow-pvm", "--kernel", workDirectory + "/tiny.bzImage", "--memory", "256",
                         "--log-level", "debug"]
    let vesselLog = workDirectory + "/vessel.log"
    let qemuCommand = qemu.map {
        [$0, "-M", "microvm", "-accel", "kvm", "-m", "256", "-nodefaults", "-no-user-config", "-nographic",
         "-serial", "stdio", "-device", "isa-debug-exit,iobase=0x600,iosize=1", "-kernel", workDirectory + "/tiny.elf"]
    }

    var vesselRuns: [ChildMeasurement] = []
    var firstExitCPU: [Double] = []
    var qemuRuns: [ChildMeasurement] = []
    print("run  vessel: cpu to first guest exit ms  cpu ms  wall ms  peak RSS KiB  status" + (qemuCommand == nil ? "" : "  |  qemu: cpu ms  wall ms  peak RSS KiB  status"))
    for index in 0..<runs {
        let measured = try ChildMeasurement.run(vesselCommand, stderrPath: vesselLog)
        vesselRuns.append(measured)
        let firstExit = try firstGuestExitCPU(logPath: vesselLog)
        firstExitCPU.append(firstExit)
        var line = "\(index + 1)  \(format(firstExit))  \(format(measured.cpuMilliseconds))  \(format(measured.wallMilliseconds))  \(measured.peakRSSKiB)  \(measured.exitStatus)"
        if let qemuCommand {
            let peer = try ChildMeasurement.run(qemuCommand)
            qemuRuns.append(peer)
            line += "  |  \(format(peer.cpuMilliseconds))  \(format(peer.wallMilliseconds))  \(peer.peakRSSKiB)  \(peer.exitStatus)"
        }
        print(line)
    }
    let failures = vesselRuns.filter { $0.exitStatus != 0 }.count
    let cpu = Statistics.median(vesselRuns.map(\.cpuMilliseconds))
    let wall = Statistics.median(vesselRuns.map(\.wallMilliseconds))
    let rss = Statistics.median(vesselRuns.map { Double($0.peakRSSKiB) })
    print("vessel median: cpu to first guest exit \(format(Statistics.median(firstExitCPU))) ms, cpu \(format(cpu)) ms, wall \(format(wall)) ms, peak RSS \(format(rss / 1024)) MiB, failed runs \(failures)/\(runs)")
    if !qemuRuns.isEmpty {
        let peerCPU = Statistics.median(qemuRuns.map(\.cpuMilliseconds))
        let peerWall = Statistics.median(qemuRuns.map(\.wallMilliseconds))
        let peerRSS = Statistics.median(qemuRuns.map { Double($0.peakRSSKiB) })
        print("qemu microvm median: cpu \(format(peerCPU)) ms, wall \(format(peerWall)) ms, peak RSS \(format(peerRSS / 1024)) MiB")
        print("ratio vessel/qemu: cpu \(format(cpu / peerCPU)), wall \(format(wall / peerWall)), peak RSS \(format(rss / peerRSS))")
    }
    if failures > 0 { exit(1) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "host-overhead":
        try hostOverhead(Array(arguments.dropFirst()))
    case "runtime-cycle":
        try RuntimeCycleBenchmark(options: RuntimeCycleOptions(Array(arguments.dropFirst()))).run()
    case "image-unpack":
        try ImageUnpackBenchmark(arguments: Array(arguments.dropFirst())).run()
    case "image-unpack-child":
        try ImageUnpackBenchmark.child(Array(arguments.dropFirst()))
    case "image-run":
        try ImageRunBenchmark(arguments: Array(arguments.dropFirst())).run()
    default:
        print("usage: vessel-bench host-overhead [--vessel PATH] [--qemu PATH] [--runs N]")
        print("       " + RuntimeCycleOptions.usage)
        print("       " + ImageUnpackBenchmark.usage)
        print("       " + ImageRunBenchmark.usage)
        exit(2)
    }
} catch {
    print("vessel-bench: \(error)")
    exit(1)
}
