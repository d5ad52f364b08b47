import ArgumentParser
import Evidence
import Records
import Reports

/// `--customer` and `--station`: restrict a report to one data controller or one station.
struct ReportScopeOptions: ParsableArguments {
    @Option(name: .long, help: "Only this customer's assets: its ID in the customer register (or its exact legal name).")
    var customer: String?

    @Option(name: .long, help: "Only documents signed by this station (its name, as in `expunge keys show`).")
    var station: String?

    /// The register customer `--customer` names (refused with the remedy when it names none).
    func registeredCustomer(in store: any RecordStore) async throws -> CustomerRecord? {
        try await CustomerLookup.resolve(customer, store: store)
    }

    /// The scope, with the organisation from the station configuration when there is one and
    /// the customer as the register knows it.
    func scope(home: ExpungeHome, store: any RecordStore) async throws -> CSRDResourceOutflows.Scope {
        let organisation = try? StationKeyStore(home: home).loadConfiguration().organization
        let found = try await registeredCustomer(in: store)
        return CSRDResourceOutflows.Scope(organisation: organisation, customer: found?.customerID, customerName: found?.legalName, station: station)
    }
}
