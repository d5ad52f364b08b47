import ArgumentParser
import Foundation
import Records
import StorageModel

struct CustomerAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a customer to the register, or change one (--update).",
        discussion: """
        The ID is 1–64 letters, digits, '.', '_' or '-' (it appears in file names, URLs and CSV cells). With --update \
        the customer's legal name, country, contact and DPA reference are replaced by the ones given (options left \
        out become empty), and a customer migrated from free text is marked confirmed. Certificates already signed \
        keep the legal name they carry.
        """)

    @Argument(help: "Customer ID, e.g. ACME-DE.")
    var id: String

    @Option(name: .long, help: "Legal name of the data controller.")
    var name: String

    @Option(name: .long, help: "Country of establishment, ISO 3166-1 alpha-2 (DE, FR, …).")
    var country: String?

    @Option(name: .long, help: "Contact for data-protection questions (a role address, not a person's private details).")
    var contact: String?

    @Option(name: .long, help: "Reference of the data-processing agreement (GDPR Art. 28).")
    var dpaReference: String?

    @Flag(name: .long, help: "Change a customer already in the register.")
    var update = false

    @OptionGroup var global: GlobalOptions

    var record: CustomerRecord {
        CustomerRecord(customerID: id, legalName: name.trimmingSpaces(), country: country?.uppercased(), contact: contact,
                       dpaReference: dpaReference, createdAt: Timestamp.rfc3339(Date()))
    }

    func validate() throws {
        var r = record
        // A migrated customer keeps its free-text ID when it is confirmed.
        if update { r.migratedFromFreeText = true }
        if let problem = r.problem() { throw ValidationError(problem) }
    }

    func run() async throws {
        let store = try await global.environment().openStore()
        if update {
            guard try await store.customer(id) != nil else { throw CustomerRegisterError.notRegistered(id) }
            try await store.saveCustomers([], updating: [record])
            Console.out("Updated customer \(id).")
        } else {
            try await store.saveCustomers([record], updating: [])
            Console.out("Added customer \(id).")
        }
    }
}
