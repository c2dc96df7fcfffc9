extension VirtQueue {
    /// Serves every available chain with notifications suppressed, then re-enables them and serves what
    /// slipped in meanwhile. `handle` returns the bytes it wrote, or nil to leave the chain for later
    /// (e.g. no packet to receive yet), which stops this round. Returns whether to interrupt the driver.
    public func serveAvailable(_ handle: (DescriptorChain) throws -> UInt32?) throws -> Bool {
        var published = false
        repeat {
            try disableNotification()
            while let chain = try popAvailable() {
                guard let written = try handle(chain) else {
                    undoPop()
                    return try published && needsInterrupt()
                }
                try addUsed(headIndex: chain.headIndex, length: written)
                published = true
            }
        } while try enableNotification()
        return try published && needsInterrupt()
    }

    /// Puts the last popped chain back so the next `popAvailable` returns it again.
    public func undoPop() {
        restoreAvailable(nextAvailable &- 1)
    }
}
