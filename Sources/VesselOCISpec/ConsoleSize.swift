/// `process.consoleSize`: terminal dimensions in characters.
public struct ConsoleSize: Codable, Sendable, Equatable {
    public var height: UInt32
    public var width: UInt32

    public init(height: UInt32, width: UInt32) {
        self.height = height
        self.width = width
    }
}
