import ArgumentParser
import Evidence
import Foundation
import Records
import StorageModel

struct AssetShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an asset: identity, every wipe attempt, disposal, status.")

    @Argument(help: "Asset ID.")
    var id: String

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    struct Document: Encodable {
        let asset: AssetRecord
        let status: LifecycleStatus
        let certificates: [CertificateIndexEntry]
        let disposals: [DisposalIndexEntry]
    }

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = try await global.environment().openStore()
        guard let asset = try await store.asset(id) else {
            throw ExpungeError(.badInput, "no asset \(id)", remedy: "list assets with `expunge asset list`")
        }
        var customerName: String?
        if let id = asset.customer { customerName = try await store.customer(id)?.legalName }
        let certs = try await store.certificates(assetID: id), disposals = try await store.disposals(assetID: id)
        let status = AssetLifecycle.status(certificates: certs, disposals: disposals, markedAwaitingDestruction: try await store.isMarkedAwaitingDestruction(id))
        if json { Console.out(try PrettyJSON.encode(Document(asset: asset, status: status, certificates: certs, disposals: disposals))); return }
        var lines = [
            "Asset:     \(asset.assetID)\(asset.inRegister ? "" : "  (NOT IN REGISTER: created by a wipe)")",
            "Status:    \(status.rawValue)",
            "Customer:  \(asset.customer.map { $0 + (customerName.map { " (\($0))" } ?? "") } ?? "unknown")",
            "Device:    \([asset.manufacturer, asset.model].compactMap { $0 }.joined(separator: " ").nilIfEmpty ?? "unknown") · serial \(asset.serial ?? "unknown") · \(asset.category ?? "no category")",
            "Weight:    \(asset.weightKg.map { "\($0) kg" } ?? "unknown")",
            "",
        ]
        if certs.isEmpty { lines.append("No wipe attempts.") } else {
            var t = TextTable(headers: ["CERTIFICATE", "RESULT", "DEVICE SERIAL", "MODEL", "METHOD", "VERIFIED", "ENDED"])
            for c in certs {
                t.add([c.certificateID, c.result.rawValue, (c.deviceSerial ?? "unknown") + (c.namespaceID.map { " ns \($0)" } ?? ""), c.deviceModel ?? "",
                       "\(c.level.rawValue)/\(c.method.rawValue)" + (c.scopeWholeDevice ? "" : " (part of the drive)"),
                       "\(c.verificationMode.rawValue) \(String(format: "%.1f", c.verificationCoverage * 100))%", c.endedAt])
            }
            lines.append(t.render())
        }
        for d in disposals {
            lines.append("")
            lines.append("Disposal \(d.recordID): \(d.route.rawValue) → \(d.recipient) on \(d.disposedOn), \(d.weightKg) kg (\(d.weightSource.rawValue)), waste status \(d.wasteStatus.rawValue)\(d.ewcCode.map { ", EWC \($0)" } ?? "")\(d.overrideReason.map { ", OVERRIDE: \($0)" } ?? "")")
        }
        Console.out(lines.joined(separator: "\n"))
    }
}
