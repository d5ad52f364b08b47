import ArgumentParser
import Foundation
import Records
import StorageModel

struct CustomerListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the customer register.",
        discussion: "Customers marked MIGRATED were made from free text by the upgrade to the register: confirm their legal name with `expunge customer add ID --name … --update`.")

    @OptionGroup var output: ListFormatOptions

    @OptionGroup var global: GlobalOptions

    static let csvHeader = ["customer_id", "legal_name", "country", "contact", "dpa_reference", "created_at", "migrated_from_free_text"]

    func run() async throws {
        let customers = try await global.environment().openStore().customers()
        switch output.effective {
        case .json:
            Console.out(try PrettyJSON.encode(customers))
        case .csv:
            let rows = customers.map { [$0.customerID, $0.legalName, $0.country ?? "", $0.contact ?? "", $0.dpaReference ?? "", $0.createdAt,
                                        $0.migratedFromFreeText ? "true" : "false"] }
            Console.write(1, output.csvPrefix + CSVTable.document(header: Self.csvHeader, rows: rows))
        case .table:
            guard !customers.isEmpty else {
                Console.out("No customers. Add one with `expunge customer add ID --name \"Legal name\"` or `expunge customer import FILE`.")
                return
            }
            var t = TextTable(headers: ["ID", "LEGAL NAME", "COUNTRY", "DPA", "CONTACT", ""])
            for c in customers {
                t.add([c.customerID, c.legalName, c.country ?? "", c.dpaReference ?? "", c.contact ?? "", c.migratedFromFreeText ? "MIGRATED" : ""])
            }
            Console.out(t.render())
        }
    }
}
