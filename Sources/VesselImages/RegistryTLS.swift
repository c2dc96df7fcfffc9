import Foundation
import NIOSSL

/// How registry connections use TLS: the system's trust roots plus, per registry `host[:port]`, the CAs (`*.crt`)
/// and client certificate (`*.cert` with its `*.key`) of a certs.d directory, as docker and podman lay them out.
public struct RegistryTLS: Sendable {
    public static let certificateRoots = ["/etc/vessel/certs.d", "/etc/containers/certs.d", "/etc/docker/certs.d"]

    /// False with `--insecure`: certificates are not checked (and plain http is allowed).
    public var verifyCertificates: Bool
    /// One directory used instead of searching `certificateRoots` (podman's `--cert-dir`).
    public var certificateDirectory: String?

    public init(verifyCertificates: Bool = true, certificateDirectory: String? = nil) {
        self.verifyCertificates = verifyCertificates
        self.certificateDirectory = certificateDirectory
    }

    /// The certs.d directories that apply to `hostHeader` (`host` or `host:port`), existing ones only.
    func directories(for hostHeader: String) -> [String] {
        let candidates = certificateDirectory.map { [$0] } ?? Self.certificateRoots.map { "\($0)/\(hostHeader)" }
        return candidates.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    func context(for hostHeader: String) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if !verifyCertificates { configuration.certificateVerification = .none }
        if let explicit = certificateDirectory, directories(for: hostHeader).isEmpty {
            throw ImageError(.invalidInput, "certificate directory \(explicit) does not exist")
        }
        for directory in directories(for: hostHeader) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            for name in names where name.hasSuffix(".crt") {
                configuration.additionalTrustRoots.append(.certificates(try Self.certificates(at: "\(directory)/\(name)")))
            }
            guard configuration.certificateChain.isEmpty, let certificate = names.first(where: { $0.hasSuffix(".cert") }) else { continue }
            let keyName = String(certificate.dropLast(5)) + ".key"
            guard names.contains(keyName) else {
                throw ImageError(.invalidInput, "client certificate \(directory)/\(certificate) has no \(keyName) beside it")
            }
            configuration.certificateChain = try Self.certificates(at: "\(directory)/\(certificate)").map { .certificate($0) }
            do {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: "\(directory)/\(keyName)", format: .pem))
            } catch {
                throw ImageError(.invalidInput, "cannot read the private key \(directory)/\(keyName): not a PEM key")
            }
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw ImageError(.system, "cannot set up TLS for \(hostHeader): \(TLSStream.describe(error))")
        }
    }

    private static func certificates(at path: String) throws -> [NIOSSLCertificate] {
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(path)
            guard !certificates.isEmpty else { throw ImageError(.invalidInput, "no certificate in \(path)") }
            return certificates
        } catch let error as ImageError {
            throw error
        } catch {
            throw ImageError(.invalidInput, "cannot read the certificate \(path): not PEM")
        }
    }
}
