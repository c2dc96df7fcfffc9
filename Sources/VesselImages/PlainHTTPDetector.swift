import NIOCore

/// The first handler of a TLS channel: notes when the server's first bytes are an HTTP status line, which means it
/// answered the ClientHello as a plain-http server, so a registry on loopback or marked insecure can fall back to http.
final class PlainHTTPDetector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let inbox: TLSInbox
    private var sawFirstBytes = false

    init(inbox: TLSInbox) {
        self.inbox = inbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !sawFirstBytes {
            sawFirstBytes = true
            if unwrapInboundIn(data).readableBytesView.starts(with: "HTTP/".utf8) { inbox.notePlainHTTP() }
        }
        context.fireChannelRead(data)
    }
}
