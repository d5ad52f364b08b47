import ArgumentParser
import Devices
import Evidence
import Foundation
import Glibc
import Records
import Station
import StorageModel

/// `expunge attempts`: the journal of wipe attempts, including interrupted ones.
struct AttemptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attempts",
        abstract: "List wipe attempts from the journal, including interrupted ones.",
        discussion: "An attempt still marked in progress whose process is gone (crash, power loss) is shown as interrupted; one whose outcome is known but whose certificate could not be written is shown as uncertified. --recover certifies each exactly once: interrupted attempts as 'interrupted', uncertified ones with their recorded result (also done automatically by the next wipe).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Flag(name: .long, help: "Certify interrupted attempts now (needs root and the station key).")
    var recover = false

    struct Row: Encodable {
        let attemptID: String
        let state: String
        let device: String
        @NullCoded var serial: String?
        let assetID: String
        let startedAt: String
        let updatedAt: String
        let passesDone: Int
        let passesPlanned: Int
        @NullCoded var certificateID: String?

        enum CodingKeys: String, CodingKey {
            case attemptID = "attempt_id"
            case state, device, serial
            case assetID = "asset_id"
            case startedAt = "started_at"
            case updatedAt = "updated_at"
            case passesDone = "passes_done"
            case passesPlanned = "passes_planned"
            case certificateID = "certificate_id"
        }

    }

    func run() async throws {
        let environment = global.environment(probeExclusivity: false)
        let home = environment.home
        if recover {
            if geteuid() != 0 { throw ExpungeError(.permission, "--recover needs root", remedy: "run it with sudo") }
            for e in try await Station.open(environment).recoverInterrupted() { Console.err("certified attempt as \(e.id)") }
        }
        let rows = AttemptJournal(directory: home.journal).entries().map { e -> Row in
            let state: String
            switch e.status {
            case .completed: state = e.result?.rawValue ?? "completed"
            case .inProgress: state = AttemptJournal.isStale(e) ? "interrupted" : "in-progress"
            case .uncertified: state = "uncertified"
            }
            return Row(attemptID: e.attemptID.uuidString.lowercased(), state: state, device: e.device.path, serial: e.device.serial,
                       assetID: e.assetID, startedAt: e.startedAt, updatedAt: e.updatedAt,
                       passesDone: e.passes.filter(\.completed).count, passesPlanned: e.plannedPasses.count, certificateID: e.certificateID)
        }
        if json {
            Console.out(try PrettyJSON.encode(rows))
            return
        }
        if rows.isEmpty { Console.out("No wipe attempts in \(home.journal)."); return }
        var t = TextTable(headers: ["STARTED", "DEVICE", "SERIAL", "ASSET", "STATE", "PASSES", "CERTIFICATE", "ATTEMPT"])
        for r in rows {
            let style: (String) -> String = r.state == "passed" ? { Console.green($0) } : (r.state == "in-progress" ? { $0 } : { Console.red($0) })
            t.add([r.startedAt, r.device, r.serial ?? "unknown", r.assetID, r.state, "\(r.passesDone)/\(r.passesPlanned)",
                   r.certificateID ?? "none", r.attemptID], style: style)
        }
        Console.out(t.render())
    }
}
