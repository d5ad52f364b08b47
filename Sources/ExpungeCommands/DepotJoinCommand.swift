import ArgumentParser
import DepotClient
import Evidence
import Foundation
import Station
import StorageModel

/// `expunge depot join URL --token T`: enroll this station at a depot.
struct DepotJoinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Enroll this station at a depot with the one-time token from `expunge-depot station enroll`.",
        discussion: """
        The station certificate is sent with the token; the depot pins it and from then on accepts only documents \
        signed with it. Every document already in the ledger and every one signed afterwards is queued in \
        $EXPUNGE_HOME/outbox and pushed (by `expunge station` in the background, or `expunge sync`). The URL must \
        be https:// (with --ca naming the depot's certificate or the CA that issued it, unless the system trusts \
        it), or http:// to a loopback address; --allow-http permits plain HTTP elsewhere. Exit status: 0 joined; \
        1 the depot could not be reached or refused; 64 usage; 65 bad --ca file or certificate refused; 77 token refused, or \
        no station key or certificate.
        """)

    @Argument(help: "The depot's URL, e.g. https://depot.example:8443.")
    var url: String

    @Option(name: .long, help: "The one-time enrollment token.")
    var token: String

    @Option(name: .long, help: ArgumentHelp("The depot's TLS certificate or its CA, PEM.", valueName: "depot-ca.pem"))
    var ca: String?

    @Flag(name: .customLong("allow-http"), help: "Allow plain http:// to a host that is not loopback.")
    var allowHTTP = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if token.isEmpty { throw ValidationError("--token needs the token `expunge-depot station enroll NAME` printed") }
        do { _ = try DepotAddress(url, allowHTTP: allowHTTP) } catch let e as ExpungeError {
            throw ValidationError("\(e.message); \(e.remedy ?? "")")
        }
        if ca != nil && url.lowercased().hasPrefix("http://") { throw ValidationError("--ca is for https:// depots") }
    }

    func run() async throws {
        let home = global.environment().home
        try home.checkPermissions()
        let signer = try StationKeyStore(home: home).loadSigner()
        var trust: [UInt8]?
        if let ca {
            switch BoundedFile.read(ca, limit: DocumentLimits.maxTrustAnchorBytes) {
            case .success(let bytes): trust = bytes
            case .failure(let f):
                throw ExpungeError(.badInput, code: "depot-ca-unreadable", "cannot read \(DisplayString.sanitize(ca) ?? "?"): \(f)",
                                   remedy: "give the depot's certificate or its CA in PEM with --ca")
            }
        }
        let address = try DepotAddress(url, allowHTTP: allowHTTP)
        let (enrolled, _) = try await DepotJoin(home: home, address: address, trustPEM: trust, allowHTTP: allowHTTP).run(token: token, signer: signer)
        let queued = try Outbox(home: home).reconcile(head: try Ledger(directory: home.ledger).head(station: signer.station.name))
        Console.out("Joined \(address) as \(enrolled.station) (certificate \(enrolled.certificateSHA256.prefix(16))… pinned).")
        Console.out("\(queued) document(s) of the ledger queued; `expunge sync` pushes them now, `expunge station` in the background.")
    }
}
