import Depot
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import StorageModel

/// The depot's HTTP server: the ingest API on Hummingbird, HTTP/1.1, with TLS when a certificate
/// and key are given. `run()` serves until SIGTERM or SIGINT, then shuts down gracefully
/// (swift-service-lifecycle): it stops accepting connections, lets requests in flight finish,
/// and returns so the caller closes the archive.
public struct DepotServer: Sendable {
    public struct TLSFiles: Sendable, Hashable {
        public var certificateChain: String
        public var privateKey: String

        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }

    public let services: DepotServices
    public let listen: ListenAddress
    public let tls: TLSFiles?
    public let logger: Logger

    public init(services: DepotServices, listen: ListenAddress, tls: TLSFiles?, logger: Logger) {
        self.services = services
        self.listen = listen
        self.tls = tls
        self.logger = logger
    }

    /// How long requests in flight get to finish after SIGTERM before they are cancelled, and how
    /// long cancellation may take before the process gives up on them. A push is answered in
    /// milliseconds; a request still open after this is stuck (one was seen waiting forever on a
    /// database connection cut by a PostgreSQL restart), and without a bound `systemctl stop`
    /// would wait for it until systemd killed the depot.
    public static let gracefulShutdownLimit = Duration.seconds(30)
    public static let cancellationLimit = Duration.seconds(10)

    /// Serves until a termination signal. `onListening` gets the bound address (the port when
    /// `--listen` asked for port 0). After SIGTERM or SIGINT the depot stops accepting, lets the
    /// requests in flight finish (at most `gracefulShutdownLimit`), then cancels what is left; a
    /// request that ignores cancellation for `cancellationLimit` ends the process abnormally.
    /// Nothing acknowledged is lost either way: a document is committed before it is answered.
    public func run(onListening: @escaping @Sendable (ListenAddress) -> Void = { _ in }) async throws {
        let app = try application(onListening: onListening)
        var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = Self.gracefulShutdownLimit
        configuration.maximumCancellationDuration = Self.cancellationLimit
        let group = ServiceGroup(configuration: configuration)
        try await group.run()
    }

    /// The Hummingbird application (also what the in-process tests drive).
    public func application(onListening: @escaping @Sendable (ListenAddress) -> Void = { _ in }) throws -> some ApplicationProtocol {
        let router = DepotRouter.build(services: services, logger: logger, secureCookies: tls != nil)
        let server: HTTPServerBuilder
        if let tls {
            server = try .tls(.http1(), tlsConfiguration: try Self.tlsConfiguration(tls))
        } else {
            server = .http1()
        }
        let host = listen.host
        let scheme = tls == nil ? "http" : "https"
        let log = logger
        return Application(
            router: router, server: server,
            configuration: .init(address: .hostname(host, port: listen.port), serverName: "expunge-depot"),
            onServerRunning: { channel in
                let bound = ListenAddress(host: host, port: channel.localAddress?.port ?? 0)
                log.info("listening", metadata: ["event": "listening", "address": .string("\(scheme)://\(bound)")])
                onListening(bound)
            },
            logger: logger)
    }

    static func tlsConfiguration(_ files: TLSFiles) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificateChain)
        } catch {
            throw ExpungeError(.badInput, code: "tls-certificate-unreadable", "cannot read the TLS certificate \(files.certificateChain): \(error)",
                               remedy: "give the server certificate (and its chain) in PEM with --tls-cert")
        }
        do {
            key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem)
        } catch {
            throw ExpungeError(.badInput, code: "tls-key-unreadable", "cannot read the TLS private key \(files.privateKey): \(error)",
                               remedy: "give the server's private key in PEM with --tls-key")
        }
        guard !chain.isEmpty else {
            throw ExpungeError(.badInput, code: "tls-certificate-unreadable", "\(files.certificateChain) holds no certificate",
                               remedy: "give the server certificate in PEM with --tls-cert")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}
