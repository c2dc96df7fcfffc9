/// Progress of one blob or layer, for per-layer progress bars or plain lines.
public struct TransferProgress: Sendable {
    public enum Phase: String, Sendable {
        case downloading = "Downloading"
        case alreadyPresent = "Already exists"
        case verifying = "Verifying"
        case done = "Done"
        case unpacking = "Unpacking"
        case unpacked = "Unpacked"
    }

    public var digest: Digest
    public var phase: Phase
    public var completed: Int64
    public var total: Int64

    public init(digest: Digest, phase: Phase, completed: Int64, total: Int64) {
        self.digest = digest
        self.phase = phase
        self.completed = completed
        self.total = total
    }
}

public typealias ProgressHandler = (TransferProgress) -> Void
