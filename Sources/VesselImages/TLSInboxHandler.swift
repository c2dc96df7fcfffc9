import NIOCore

/// The last handler of a TLS channel: hands decrypted bytes to the inbox and holds reads back while the inbox is full.
final class TLSInboxHandler: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let inbox: TLSInbox

    init(inbox: TLSInbox) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inbox.append(unwrapInboundIn(data))
    }

    func read(context: ChannelHandlerContext) {
        if inbox.mayRead() { context.read() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.finish(nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        inbox.finish(error)
        context.close(promise: nil)
    }
}
