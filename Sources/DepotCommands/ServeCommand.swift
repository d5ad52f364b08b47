import ArgumentParser
import DepotServer
import DepotWeb
import Evidence
import Foundation
import Logging
import StorageModel

/// `expunge-depot serve`: the ingest API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the ingest API (/api/v1), the verification pages and the console until SIGTERM or SIGINT.",
        discussion: """
        Logs go to stderr as JSON lines (one per rejected request with its reason; no client address or personal \
        data). Once listening, one line `listening on URL` is printed on stdout. SIGTERM or SIGINT stops accepting \
        connections, lets requests in flight finish, then closes the database. Plain HTTP is served only on a \
        loopback address unless --allow-http; give --tls-cert and --tls-key for HTTPS.
        """)

    @Option(name: .long, help: ArgumentHelp("Address and port to listen on (port 0: any free port).", valueName: "host:port"))
    var listen: String = "127.0.0.1:8443"

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("The server certificate (and chain), PEM.", valueName: "file"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The server's private key, PEM.", valueName: "file"))
    var tlsKey: String?

    @Flag(name: .customLong("allow-http"), help: "Serve plain HTTP on an address other than loopback.")
    var allowHTTP = false

    @Option(name: .customLong("public-url"), help: ArgumentHelp(
        "The depot's address as stations and phones reach it, e.g. https://depot.example.com (for the QR codes of PDFs and the join command the console shows; default: from each request's Host).",
        valueName: "url"))
    var publicURL: String?

    @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp(
        "The address of a reverse proxy in front of the depot: from it, the console takes the client's address (sign-in throttling, audit log) from the last entry of X-Forwarded-For.",
        valueName: "ip"))
    var trustedProxy: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @OptionGroup var depot: DepotOptions

    func validate() throws {
        guard let address = ListenAddress(listen) else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8443 or [::1]:8443") }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if tlsCert == nil && !address.isLoopback && !allowHTTP {
            throw ValidationError("plain HTTP on \(address.host) would carry the stations' documents unprotected: give --tls-cert and --tls-key, or --allow-http on a network you trust")
        }
        if let publicURL, !(publicURL.hasPrefix("https://") || publicURL.hasPrefix("http://")) || publicURL.hasSuffix("/") || publicURL.contains(where: \.isWhitespace) {
            throw ValidationError("--public-url must be http(s)://HOST[:PORT] without a trailing slash, e.g. https://depot.example.com")
        }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLinesLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "expunge-depot")
        let scheme = tlsCert == nil ? "http" : "https"
        // The database is opened (and migrated) first and closed last: after the server stopped
        // accepting and finished the requests in flight.
        try await depot.withDepot { opened in
            // The depot's key signs its evidence packs; without one (`keys init` not run) an uploaded
            // pack can still be checked when a station signed it.
            let signer = try? StationKeyStore(home: ExpungeHome(root: depot.resolvedHome)).loadSigner()
            let console = DepotConsole(archive: opened.archive, store: opened.store, version: ExpungeDepot.version, signer: signer, publicURL: publicURL,
                                       trustedProxy: trustedProxy)
            let server = DepotServer(services: DepotServices(archive: opened.archive, store: opened.store, depotCertificatePEM: signer?.certificate.pem,
                                                             console: console),
                                     listen: ListenAddress(listen)!,
                                     tls: tlsCert.map { DepotServer.TLSFiles(certificateChain: $0, privateKey: tlsKey!) }, logger: logger)
            logger.info("starting", metadata: ["event": "starting", "database": .string(opened.description), "version": .string(ExpungeDepot.version)])
            try await server.run { bound in Terminal.out("listening on \(scheme)://\(bound)") }
        }
        logger.info("stopped", metadata: ["event": "stopped"])
    }
}
