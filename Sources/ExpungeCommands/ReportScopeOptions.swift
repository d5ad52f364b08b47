import ArgumentParser
import Evidence
import Reports

/// `--customer` and `--station`: restrict a report to one data controller or one station.
struct ReportScopeOptions: ParsableArguments {
    @Option(name: .long, help: "Only this customer's assets (the customer identifier as in the register, matched exactly).")
    var customer: String?

    @Option(name: .long, help: "Only documents signed by this station (its name, as in `expunge keys show`).")
    var station: String?

    /// The scope, with the organisation from the station configuration when there is one.
    func scope(home: ExpungeHome) -> CSRDResourceOutflows.Scope {
        let organisation = try? StationKeyStore(home: home).loadConfiguration().organization
        return CSRDResourceOutflows.Scope(organisation: organisation, customer: customer, station: station)
    }
}
