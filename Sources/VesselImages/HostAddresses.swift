#if canImport(Glibc)
import Glibc
#endif

/// A registry host's addresses from getaddrinfo, in its order, so both stream kinds fail the same clear way
/// when a name does not resolve and try every address in turn.
struct HostAddresses {
    struct Address {
        var family: Int32
        var storage: sockaddr_storage
        var length: socklen_t
        var text: String
    }

    static func resolve(host: String, port: Int) throws -> [Address] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let first = result else {
            throw ImageError(.network, "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(result) }
        var addresses: [Address] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            guard let raw = info.pointee.ai_addr, Int(info.pointee.ai_addrlen) <= MemoryLayout<sockaddr_storage>.size else { continue }
            var storage = sockaddr_storage()
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: Int(info.pointee.ai_addrlen))) }
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(raw, info.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            addresses.append(Address(family: info.pointee.ai_family, storage: storage, length: info.pointee.ai_addrlen,
                                     text: String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        guard !addresses.isEmpty else { throw ImageError(.network, "cannot resolve \(host): no usable address") }
        return addresses
    }
}
