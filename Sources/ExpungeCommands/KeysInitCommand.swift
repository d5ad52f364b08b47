import ArgumentParser
import Evidence
import Foundation
import StorageModel

struct KeysInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the station key (ECDSA P-256) and a self-signed certificate or a CSR.")

    @Option(name: .long, help: "Station name: letters, digits, '.', '_', '-' (part of every certificate ID).")
    var station: String

    @Option(name: .customLong("org"), help: "Organization operating the station.")
    var organization: String

    @Option(name: .long, help: "Site or location of the station (recorded on certificates).")
    var location: String?

    @Flag(name: .long, help: "Write a certificate signing request for your CA instead of a self-signed certificate.")
    var csr = false

    @Option(name: .long, help: "Validity of the self-signed certificate in days.")
    var days: Int = 825

    @Flag(name: .long, help: "Replace an existing key (documents signed with the old one stay verifiable with its certificate).")
    var force = false

    func validate() throws {
        if !StationConfiguration.isValidStationName(station) {
            throw ValidationError("station name \"\(station)\" is not valid: use 1–64 letters, digits, '.', '_' or '-'")
        }
        if organization.trimmingSpaces().isEmpty { throw ValidationError("--org must not be empty") }
        if !(1...3650).contains(days) { throw ValidationError("--days must be between 1 and 3650") }
    }

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let home = global.environment().home
        try home.checkPermissions()
        let store = StationKeyStore(home: home)
        let result = try store.initialize(station: station, organization: organization, location: location,
                                          kind: csr ? .request : .selfSigned, validityDays: days, replace: force)
        Console.out("Station key: \(result.keyPath) (mode 0600)")
        if let cert = result.certificate {
            Console.out("Self-signed certificate: \(store.certificatePath)")
            Console.out("SHA-256 fingerprint: \(cert.fingerprintSHA256)")
            Console.out("Trust anchor for auditors: \(store.trustPath)")
        }
        if let req = result.requestPath {
            Console.out("Certificate signing request: \(req)")
            Console.out("Have your CA sign it, then: expunge keys install <certificate.pem> --ca <ca.pem>")
        }
    }
}
