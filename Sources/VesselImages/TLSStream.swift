import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A TLS connection: a NIO channel with BoringSSL, bridged to the blocking reads and writes the HTTP code makes.
/// At most `highWater` bytes wait unread, so a slow consumer holds the socket back instead of filling memory.
final class TLSStream: ByteStream {
    /// The peer answered the ClientHello with plain HTTP: it is a plain-http server.
    struct PlainHTTPPeer: Error {}
    /// No address of the host accepted a connection; the registry client may then try plain http.
    struct CannotConnect: Error {
        let message: String
    }

    static let highWater = 1 << 20
    private let channel: Channel
    private let inbox: TLSInbox
    private let peer: String
    private let timeoutSeconds: Int

    init(host: String, port: Int, context: NIOSSLContext, timeoutSeconds: Int) throws {
        peer = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        self.timeoutSeconds = max(1, timeoutSeconds)
        // SNI carries names only; an address is checked against the certificate's IP entries instead.
        let serverName = Self.isAddress(host) ? nil : host
        var lastError = "no address"
        var connected: (channel: Channel, inbox: TLSInbox)?
        for address in try HostAddresses.resolve(host: host, port: port) {
            // Each attempt has its own inbox, so a channel that connects after its wait gave up cannot touch the next one's.
            let inbox = TLSInbox()
            let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(Int64(self.timeoutSeconds)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let tls = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                        try channel.pipeline.syncOperations.addHandlers([PlainHTTPDetector(inbox: inbox), tls, TLSInboxHandler(inbox: inbox)])
                    }
                }
            let connecting: EventLoopFuture<Channel>
            do {
                connecting = bootstrap.connect(to: try SocketAddress(ipAddress: address.text, port: port))
            } catch {
                continue
            }
            do {
                connected = (try inbox.wait(for: connecting, seconds: self.timeoutSeconds + 1), inbox)
                break
            } catch is TLSInbox.TimedOut {
                connecting.whenSuccess { $0.close(promise: nil) }
                lastError = "timed out after \(self.timeoutSeconds) s"
            } catch let error as IOError {
                lastError = String(cString: strerror(error.errnoCode))
            } catch ChannelError.connectTimeout {
                lastError = "timed out after \(self.timeoutSeconds) s"
            } catch {
                lastError = Self.describe(error)
            }
        }
        guard let connected else { throw CannotConnect(message: "cannot connect to \(peer): \(lastError)") }
        channel = connected.channel
        inbox = connected.inbox
    }

    /// How often reading stopped at `highWater` until the reader caught up.
    var timesHeldBack: Int { inbox.timesHeldBack }

    deinit { channel.close(promise: nil) }

    func send(_ bytes: [UInt8]) throws {
        let written = channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
        do {
            // NIOSSL holds the write until the handshake completes, so this bounds the handshake too.
            try inbox.wait(for: written, seconds: timeoutSeconds)
        } catch is TLSInbox.TimedOut {
            throw ImageError(.network, "\(peer) did not answer within \(timeoutSeconds) s")
        } catch {
            throw translate(inbox.failure ?? error)
        }
    }

    func receive(appendingTo buffer: inout [UInt8]) throws -> Bool {
        switch inbox.take(appendingTo: &buffer, seconds: timeoutSeconds) {
        case .data(let resumeReading):
            if resumeReading { channel.read() }
            return true
        case .end:
            return false
        case .failed(let error):
            throw translate(error)
        case .timedOut:
            throw ImageError(.network, "\(peer) did not answer within \(timeoutSeconds) s")
        }
    }

    private func translate(_ error: Error) -> Error {
        if error is ImageError || error is PlainHTTPPeer { return error }
        if inbox.peerSpokePlainHTTP { return PlainHTTPPeer() }
        let text = Self.describe(error)
        if text.contains("failedToValidateHostname") {
            return ImageError(.network, "the TLS certificate of \(peer) does not name this host")
        }
        let reason = Self.boringSSLReason(text)
        switch reason {
        case "CERTIFICATE_VERIFY_FAILED":
            return ImageError(.network, "the TLS certificate of \(peer) is not trusted: put its CA in the registry's certs.d directory, or use --insecure")
        case "SSLV3_ALERT_BAD_CERTIFICATE", "TLSV1_ALERT_CERTIFICATE_REQUIRED", "TLSV1_ALERT_UNKNOWN_CA":
            return ImageError(.network, "TLS with \(peer) failed: it refused our client certificate (or its absence); "
                              + "put client.cert and client.key in the registry's certs.d directory")
        default:
            return ImageError(.network, "TLS with \(peer) failed: \(reason ?? text)")
        }
    }

    static func describe(_ error: Error) -> String {
        String(describing: error).replacingOccurrences(of: "\n", with: " ")
    }

    /// The reason code of the first BoringSSL error in a description (`...:OPENSSL_internal:REASON at ...`).
    private static func boringSSLReason(_ text: String) -> String? {
        guard let marker = text.range(of: "OPENSSL_internal:") else { return nil }
        let reason = text[marker.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return reason.isEmpty ? nil : String(reason)
    }

    static func isAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
