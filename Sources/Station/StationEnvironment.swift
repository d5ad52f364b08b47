import Devices
import Evidence
import Health
import Records
import Sanitization
import StorageModel

/// Everything a station needs from the outside world, built once by the front end's composition
/// root (`expunge`'s global options, the console, the live image) and passed to every command:
/// where its files live, how it signs, which disks it sees, where it keeps its records, the
/// clock, and what it calls itself. Tests build one from fakes.
public struct StationEnvironment: Sendable {
    public var home: ExpungeHome
    /// The device inventory (listing, refusals).
    public var inventory: DeviceInventory
    /// Lookup, exclusive open and identity re-reads for sanitization.
    public var devices: any DeviceAccess
    /// Firmware capability probing and transports for Purge.
    public var probe: PurgeCapabilityProbe
    public var clock: any WipeClock
    /// This build, as certificates record it (its executable's SHA-256 is hashed in the
    /// background once an attempt starts).
    public var tool: BuildIdentity
    /// Opens the record store (SQLite at a station, PostgreSQL at a depot), with every document
    /// of the ledger indexed (documents the index missed are verified and added first).
    public var openStore: @Sendable () async throws -> any RecordStore
    /// Loads the station's signing key (refused when unusable, with the remedy).
    public var loadSigner: @Sendable () throws -> any DocumentSigning
    /// Test seam run between the last flush and the verification reads (see Docs/design/testing.md).
    public var beforeVerification: @Sendable (_ devicePath: String) -> Void
    /// Reads drive health before and after each attempt and grades it (the home's
    /// `health-rules.json`, else the built-in rules); by default over the purge probe's
    /// transports, with the rules loaded when the station opens.
    public var loadHealthCheck: @Sendable () throws -> HealthCheck
    /// The computer whose own drives this station wipes (the live image on a laptop): recorded in
    /// every certificate. Nil at a station wiping drives in its bays.
    public var machine: MachineIdentity?
    /// Disk space set aside per attempt for its evidence before the first byte is written.
    public var evidenceReservationBytes: UInt64 = EvidenceReservation.bytesPerAttempt

    public init(home: ExpungeHome, inventory: DeviceInventory, devices: (any DeviceAccess)? = nil,
                probe: PurgeCapabilityProbe = PurgeCapabilityProbe(), clock: any WipeClock = SystemWipeClock(), tool: BuildIdentity,
                openStore: @escaping @Sendable () async throws -> any RecordStore,
                loadSigner: @escaping @Sendable () throws -> any DocumentSigning,
                beforeVerification: @escaping @Sendable (String) -> Void = { _ in },
                loadHealthCheck: (@Sendable () throws -> HealthCheck)? = nil) {
        self.home = home
        self.inventory = inventory
        self.devices = devices ?? SystemDeviceAccess(inventory: inventory)
        self.probe = probe
        self.clock = clock
        self.tool = tool
        self.openStore = openStore
        self.loadSigner = loadSigner
        self.beforeVerification = beforeVerification
        let reader = HealthReader(transports: probe.transports, now: { [clock] in clock.now() })
        self.loadHealthCheck = loadHealthCheck ?? { [home] () throws -> HealthCheck in try HealthCheck.load(home: home, reader: reader) }
    }

    public var journal: AttemptJournal { AttemptJournal(directory: home.journal) }
    public var ledger: Ledger { Ledger(directory: home.ledger) }
}
