import Dispatch
import Foundation
import VesselTestbed

/// Turns SIGINT, SIGTERM and SIGHUP into a test bed cancellation, so the L2 QEMU is killed and the
/// session directory (hundreds of MB) is removed instead of left behind.
enum SignalCancellation {
    static let shared: TestbedCancellation = {
        let cancellation = TestbedCancellation()
        sources = [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { cancellation.cancel() }
            source.resume()
            return source
        }
        return cancellation
    }()

    // Kept alive for the life of the process.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
}
