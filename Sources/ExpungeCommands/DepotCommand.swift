import ArgumentParser

/// `expunge depot`: the station's link to a depot.
struct DepotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "depot",
        abstract: "Join a depot (expunge-depot): every signed document is then pushed to it and its ledger head witnessed.",
        discussion: "See `expunge sync` for pushing now and the outbox's status, and Docs/depot.md.",
        subcommands: [DepotJoinCommand.self]
    )
}
