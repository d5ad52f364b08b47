import ArgumentParser

/// `expunge customer`: the customer register (data controllers), which assets refer to by ID.
struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Add, import, list and show the customers (data controllers) assets belong to.",
        discussion: """
        Assets, certificates and reports refer to a customer by its ID; certificates also carry the legal name the \
        register held when they were signed. --customer options take the ID or the exact legal name.
        """,
        subcommands: [CustomerAddCommand.self, CustomerImportCommand.self, CustomerListCommand.self, CustomerShowCommand.self]
    )
}
