import VesselVirtioFuzzing
#if canImport(Glibc)
import Glibc
#endif

/// One line on stderr in a single write(2).
func printError(_ message: String) {
    let line = "vessel-fuzz-virtio: \(message)\n"
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}

#if VESSEL_LIBFUZZER
/// libFuzzer's entry point: one input, a fresh guest and device each time. A broken invariant aborts so
/// libFuzzer saves the input as a crash.
let fuzzTarget = Result { try VirtioFuzzTarget() }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVirtioOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try fuzzTarget.get().run(bytes)
    } catch {
        printError("\(error)")
        abort()
    }
    return 0
}
#else
/// Without libFuzzer: `vessel-fuzz-virtio [--iterations N] [--seed S] [FILE...]` runs N seeded random
/// inputs, or replays the given files (a corpus, a crash libFuzzer saved).
@main
enum VesselFuzzVirtio {
    static func main() {
        var iterations = 1_000_000
        var seed: UInt64 = 1
        var files: [String] = []
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--iterations":
                guard let value = arguments.popFirst().flatMap({ Int($0) }), value >= 0 else { fail("--iterations needs a count") }
                iterations = value
            case "--seed":
                guard let value = arguments.popFirst().flatMap({ UInt64($0) }) else { fail("--seed needs an unsigned integer") }
                seed = value
            case "-h", "--help":
                print("usage: vessel-fuzz-virtio [--iterations N] [--seed S] [FILE...]")
                return
            default:
                guard !argument.hasPrefix("-") else { fail("unknown option \(argument)") }
                files.append(argument)
            }
        }
        let start = ContinuousClock.now
        do {
            var statistics = VirtioFuzzStatistics()
            if files.isEmpty {
                statistics = try VirtioFuzzDriver.run(seed: seed, count: iterations)
            } else {
                for file in files {
                    do {
                        statistics.merge(try VirtioFuzzHarness.run(try contents(of: file)))
                    } catch {
                        fail("\(file): \(error)", status: 1)
                    }
                }
            }
            let elapsed = ContinuousClock.now - start
            print("vessel-fuzz-virtio: \(statistics.inputs) inputs in \(elapsed): \(statistics)")
        } catch {
            printError("\(error)")
            exit(1)
        }
    }

    static func contents(of path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { fail("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            bytes += chunk.prefix(count)
            if count < chunk.count { break }
        }
        return bytes
    }

    /// Exit status 2 for a bad command line, 1 for a broken invariant.
    static func fail(_ message: String, status: Int32 = 2) -> Never {
        printError(message)
        exit(status)
    }
}
#endif
