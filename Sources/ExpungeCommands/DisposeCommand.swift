import ArgumentParser
import Evidence
import Foundation
import Records
import Station
import StorageModel

extension DisposalRoute: ExpressibleByArgument {}
extension RecipientCertification: ExpressibleByArgument {}
extension WasteStatus: ExpressibleByArgument {}

/// `expunge dispose`: a signed disposal record.
struct DisposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispose",
        abstract: "Record where an asset went: route, recipient, weight, waste classification (signed and chained).",
        discussion: """
        Routes that release the device (reuse, resale, donation, preparation-for-reuse, recycling) are refused unless \
        every storage device wiped for the asset passed its latest attempt, or --media-destroyed names a certificate of \
        destruction, or --override-reason is given (it is signed into the record). Without --weight-kg the weight comes \
        from the register or, as an estimate, from the category median. Hazardous follows the EWC code's asterisk. \
        The evidence is the signed certificates, verified against the station's trust anchor (not the record \
        index). An asset already disposed of is refused unless --supersedes names its current record and \
        --reason says why (both are signed into the new record; reports then count only the new one).
        """)

    @Argument(help: "Asset ID.")
    var asset: String

    @Option(name: .long, help: "Route: \(DisposalRoute.allCases.map(\.rawValue).joined(separator: ", ")).")
    var route: DisposalRoute

    @Option(name: .long, help: "Organisation receiving the asset.")
    var recipient: String

    @Option(name: .customLong("recipient-certification"), help: "Recipient's certification: \(RecipientCertification.allCases.map(\.rawValue).joined(separator: ", ")).")
    var recipientCertification: RecipientCertification?

    @Option(name: .customLong("certification-id"), help: "The recipient's certificate number.")
    var certificationID: String?

    @Option(name: .customLong("weight-kg"), help: "Measured weight in kilograms, a decimal number (e.g. 2.35).")
    var weightKg: String?

    @Option(name: .customLong("weee-category"), help: "WEEE category 1–6 (default from the asset category).")
    var weeeCategory: Int?

    @Option(name: .customLong("ewc-code"), help: "List of Waste code, e.g. \"16 02 14\" or \"16 02 13*\" (default 16 02 14 for waste).")
    var ewcCode: String?

    @Option(name: .customLong("waste-status"), help: "waste or not-waste (default from the route; a legal call).")
    var wasteStatus: WasteStatus?

    @Option(name: .customLong("transfer-note"), help: "Waste transfer note or consignment number.")
    var transferNote: String?

    @Option(name: .long, help: "Date it left, YYYY-MM-DD (default today, UTC).")
    var date: String?

    @Option(name: .customLong("media-destroyed"), help: "Reference of a certificate of destruction for the storage media.")
    var mediaDestroyed: String?

    @Option(name: .customLong("override-reason"), help: "Why the release is recorded without passed certificates (signed into the record).")
    var overrideReason: String?

    @Option(name: .long, help: "The asset's current disposal record this one replaces (a correction).")
    var supersedes: String?

    @Option(name: .long, help: "Why the record given with --supersedes is replaced (signed into the record).")
    var reason: String?

    @Option(name: .customLong("operator"), help: "Pseudonymous operator ID.")
    var operatorID: String?

    @Flag(name: .long, help: "Print the signed record as JSON.")
    var json = false

    func validate() throws {
        if certificationID != nil && recipientCertification == nil {
            throw ValidationError("--certification-id needs --recipient-certification (which scheme the number belongs to)")
        }
        if let w = weightKg, DecimalWeight.parse(w) == nil {
            throw ValidationError("--weight-kg must be a decimal number of kilograms, e.g. 2.35 (no sign, exponent or hexadecimal)")
        }
        if let w = weeeCategory, !(1...6).contains(w) { throw ValidationError("--weee-category must be 1–6") }
        if let r = overrideReason, r.trimmingSpaces().count < 10 { throw ValidationError("--override-reason must explain the decision (at least 10 characters)") }
        if (supersedes == nil) != (reason == nil) { throw ValidationError("--supersedes and --reason go together") }
        if let r = reason, r.trimmingSpaces().count < 10 { throw ValidationError("--reason must explain the correction (at least 10 characters)") }
    }

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let home = global.environment().home
        try home.checkPermissions()
        let keys = StationKeyStore(home: home)
        let signer = try keys.loadSigner()
        guard let trust = keys.localTrust() else {
            throw ExpungeError(.failed, "no trust anchor in \(home.root)/keys to verify the asset's certificates against",
                               remedy: "install the station certificate and its CA (`expunge keys install`)")
        }
        let desk = DisposalDesk(store: try await global.environment().openStore(), ledger: Ledger(directory: home.ledger), signer: signer,
                                tool: ToolInfo.current(version: Expunge.version), trust: trust)
        let (record, entry) = try await desk.record(DisposalRequest(
            assetID: asset, route: route, wasteStatus: wasteStatus, recipient: recipient, recipientCertification: recipientCertification,
            certificationID: certificationID, weightKg: weightKg.flatMap(DecimalWeight.parse), weeeCategory: weeeCategory, ewcCode: ewcCode, transferNote: transferNote,
            date: date, mediaDestroyedReference: mediaDestroyed, overrideReason: overrideReason, operatorID: operatorID,
            supersedes: supersedes, supersessionReason: reason))
        // Crash ordering: the record is in the ledger; it is queued for the depot second (a
        // crash in between is repaired by `Outbox.reconcile` before the next push).
        try? Outbox(home: home).enqueue(entry)
        if json {
            Console.out(String(decoding: try record.encoded(), as: UTF8.self))
        } else {
            Console.out("Recorded \(entry.id): \(asset) → \(route.rawValue), \(record.recipient.name), \(record.weightKg) kg (\(record.weightSource.rawValue)), \(record.wasteStatus.rawValue)\(record.ewcCode.map { ", EWC \($0)\(record.hazardous ? " (hazardous)" : "")" } ?? "")")
            Console.out("Signed record: \(entry.documentPath)")
            if record.overrideReason != nil { Console.err("expunge: released WITHOUT passed certificates for every device; the override reason is in the signed record") }
        }
    }
}
