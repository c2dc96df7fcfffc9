import ArgumentParser
import Foundation
import VesselContainers
import VesselImages

/// `--root`: where images and containers live (default $VESSEL_ROOT, else /var/lib/vessel).
struct StoreOptions: ParsableArguments {
    @Option(help: "Store root for images and containers (default: $VESSEL_ROOT or /var/lib/vessel).")
    var root: String?

    var resolvedRoot: String {
        root ?? ProcessInfo.processInfo.environment["VESSEL_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? ImageStore.defaultRoot
    }

    func imageStore() throws -> ImageStore {
        try failingCleanly { try ImageStore(root: resolvedRoot) }
    }

    func engine() throws -> ContainerEngine {
        try failingCleanly {
            let images = try ImageStore(root: resolvedRoot)
            let containers = try ContainerStore(root: resolvedRoot)
            let runtime = try RuntimeClient.locate(root: containers.runtimeRoot)
            return ContainerEngine(images: images, containers: containers, runtime: runtime)
        }
    }
}

/// Turns image and container errors into one-line CLI failures: 2 for bad input, `otherCode` otherwise.
/// With `everyCode`, every failure exits with that code (`vessel run` keeps 1-124 for the container's own codes).
func failingCleanly<T>(otherCode: ExitCode = ExitCode(1), everyCode: ExitCode? = nil, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ImageError {
        throw CommandFailure(message: error.message, code: everyCode ?? (error.code == .invalidInput ? .invalidInput : otherCode))
    } catch let error as ContainerError {
        throw CommandFailure(message: error.message, code: everyCode ?? (error.code == .invalidInput ? .invalidInput : otherCode))
    }
}

/// Ends the command with `code` without printing anything (throwing ExitCode(0) would print an empty help text).
func exitWith(_ code: Int32) throws {
    if code != 0 { throw ExitCode(code) }
}
