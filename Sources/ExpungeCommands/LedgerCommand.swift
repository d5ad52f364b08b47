import ArgumentParser
import Evidence
import Foundation
import StorageModel

/// `expunge ledger`: the state of the station's ledger.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Show the state of the station's signed-document ledger.",
        subcommands: [LedgerHeadCommand.self]
    )
}

/// `expunge ledger head`: the recorded head — the last document appended.
struct LedgerHeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head",
        abstract: "Print the ledger head: station, sequence, SHA-256 and ID of the last document appended.",
        discussion: """
        The head recorded in $EXPUNGE_HOME/ledger/state.json is authoritative: the next document continues after it \
        even if documents after some point were removed, so the gap stays visible to `expunge verify`. If state.json \
        was lost, the head is rebuilt from the newest document present; the rebuild is recorded in \
        ledger/events.log and shown here.
        """)

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let home = global.environment().home
        try home.checkPermissions()
        let station = try StationKeyStore(home: home).loadConfiguration().station
        let head = try Ledger(directory: home.ledger).head(station: station)
        if json {
            Console.out(try PrettyJSON.encode(head))
            return
        }
        var lines = [
            "Station:   \(head.station)",
            "Sequence:  \(head.sequence)",
            "SHA-256:   \(head.sha256 ?? "none (no document yet)")",
            "Document:  \(head.documentID ?? "none")",
        ]
        if let at = head.rebuiltAt {
            lines.append("Rebuilt:   \(at) from the documents present (\(head.rebuildReason ?? "state.json lost")); see \(home.ledger)/events.log")
        }
        Console.out(lines.joined(separator: "\n"))
    }
}
