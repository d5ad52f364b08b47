import ArgumentParser
import DepotClient
import Devices
import Evidence
import Foundation
import Glibc
import Station
import StationConsole
import StorageModel

/// `expunge station`: the full-screen multi-bay console (or, with `--events json`, the same
/// station driven by JSON lines).
struct StationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station",
        abstract: "Full-screen console: many drives at once, hot-plug, asset scanning, live progress.",
        discussion: """
        One row per bay (a drive's physical location: udev ID_PATH, else its sysfs path), so rows \
        never move as drives come and go. Drives appear within 2 seconds (udev events, kernel \
        uevents without udevd, and a rescan every second). Select a bay, press Enter and type or \
        scan its asset tag; the register is searched and warnings (not in the register, already \
        disposed, serial certified under another asset, another customer) need the tag entered \
        again. s starts the bay, S every ready bay, a aborts, q quits (asking first while wipes \
        run: they end aborted). Refused and unidentified drives never start. A drive removed \
        during its wipe ends aborted (device-removed) with a certificate. Profiles come from \
        $EXPUNGE_HOME/station.json (see Docs/technician.md). With --events json, one JSON event \
        per line goes to stdout (Docs/schemas/station-events.schema.json) and JSON commands are \
        read from stdin. In place on a laptop (the live image): --in-place records the \
        computer's DMI identity in every certificate, --asset or --asset-from-dmi gives every \
        drive the computer's asset tag, and --auto starts each drive as soon as it is ready and, \
        on the screen console, ends the session when every drive has ended (exit status as for \
        expunge wipe; 2 when no drive could be wiped; with --events json the session ends when \
        stdin closes, as always).
        """
    )

    enum Events: String, ExpressibleByArgument, CaseIterable {
        case screen, json
    }

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "screen (the full-screen console) or json (JSON lines on stdout, commands on stdin).")
    var events: Events = .screen

    @Option(name: .customLong("operator"), help: "Pseudonymous ID of the technician (asked at start when not given).")
    var operatorID: String?

    @Option(name: .long, help: "Customer this session works for (ID or legal name in the customer register): register assets of another customer need a second confirmation.")
    var customer: String?

    @Flag(name: .long, help: "Add a --customer the register does not have, with that text as its legal name.")
    var createCustomer = false

    @Flag(name: .long, help: "Take each drive's asset tag from the register asset with the drive's serial number.")
    var assetFromSerial = false

    @Option(name: .long, help: "Profile every bay starts with (default: the file's default_profile, else clear).")
    var profile: String?

    @Option(name: .long, help: "Asset tag of every drive this session (the drives of one computer wiped in place); given here, it needs no confirmation.")
    var asset: String?

    @Flag(name: .long, help: "Take the asset tag from this computer's DMI serial number (its service tag); implies --in-place.")
    var assetFromDmi = false

    @Flag(name: .long, help: "The drives are this computer's own (a laptop booted from the live image): record its DMI vendor, product and serial in every certificate.")
    var inPlace = false

    @Flag(name: .long, help: "Start every drive as soon as it is ready and, on the screen console, end the session once every drive has ended (needs an asset source).")
    var auto = false

    func validate() throws {
        if let operatorID, !AssetRecordRules.isValidOperator(operatorID) {
            throw ValidationError("--operator must be 1–128 printable characters; give the technician's pseudonymous ID")
        }
        if let customer, let problem = InputText.problem(customer, name: "--customer") { throw ValidationError(problem) }
        if createCustomer && customer == nil { throw ValidationError("--create-customer needs --customer NAME") }
        if let profile, profile.isEmpty { throw ValidationError("--profile needs a profile name (see $EXPUNGE_HOME/station.json)") }
        if let asset, let problem = InputText.problem(asset, name: "--asset") { throw ValidationError(problem) }
        let assetSources = [asset != nil, assetFromDmi, assetFromSerial].filter { $0 }.count
        if assetSources > 1 { throw ValidationError("give one asset source: --asset TAG, --asset-from-dmi or --asset-from-serial") }
        if auto && assetSources == 0 {
            throw ValidationError("--auto needs to know each drive's asset: add --asset TAG, --asset-from-dmi or --asset-from-serial")
        }
    }

    func run() async throws {
        if geteuid() != 0 {
            throw ExpungeError(.permission, "expunge station needs root (it opens block devices exclusively for writing)",
                               remedy: "run it with sudo")
        }
        let screen = TerminalScreen()
        if events == .screen && !screen.isTerminal {
            throw ExpungeError(.usage, "expunge station needs a terminal for its full-screen console",
                               remedy: "run it in a terminal, or use --events json to drive it with JSON lines")
        }
        // Scans never probe exclusivity: a probe must not collide with a bay opening its drive.
        var environment = global.environment(probeExclusivity: false)
        var fixedAsset = asset
        if inPlace || assetFromDmi {
            let machine = environment.inventory.sysfs.machineIdentity()
            environment.machine = machine
            if assetFromDmi {
                guard let serial = machine?.serial, InputText.problem(serial, name: "DMI serial") == nil else {
                    throw ExpungeError(.badInput, code: "no-machine-serial",
                                       "this computer's firmware gives no usable serial number (DMI product_serial: \(machine?.serial ?? "none"))",
                                       remedy: "give the asset tag with --asset TAG (expunge.asset= on the live image's kernel command line)")
                }
                fixedAsset = serial
            }
        }
        let station = try await Station.open(environment)
        // A console session certifies: the build's hash (~0.1 s of CPU) is taken now, while the
        // technician scans tags, not when the first bays start writing.
        environment.tool.prefetch()
        var customerID = customer
        if let store = station.store {
            customerID = try await CustomerLookup.resolve(customer, create: createCustomer, createOption: "--create-customer", store: store)?.customerID
        }
        var profiles = try StationProfiles.load(home: environment.home)
        if let profile {
            guard profiles.named(profile) != nil else {
                throw ExpungeError(.usage, code: "unknown-profile", "there is no profile \"\(profile)\"",
                                   remedy: "choose one of: \(profiles.names.joined(separator: ", "))")
            }
            profiles.defaultName = profile
        }
        var operatorID = self.operatorID ?? profiles.named(profiles.defaultName)?.operatorID
        if operatorID == nil && events == .screen { operatorID = try Self.askOperator() }

        let monitor: DeviceMonitor? = try? DeviceMonitor()
        let source = monitor?.source.rawValue ?? "rescan"
        let discovery = SystemBayDiscovery(inventory: environment.inventory, waitForUdev: monitor?.source == .udev)
        let lookup = station.store.map { DepotLookup(store: $0, customer: customerID, home: environment.home, signer: station.signer) }
        let checker = lookup?.checker
        let settings = BayController.Settings(operatorID: operatorID, customer: customerID, assetFromSerial: assetFromSerial,
                                              fixedAsset: fixedAsset, autoStart: auto, profiles: profiles)
        let stationName = station.signer?.station.name ?? "station"
        let paperwork = StationPaperwork(home: environment.home)

        var status: Int32
        switch events {
        case .screen:
            let mailbox = BoardMailbox()
            let controller = BayController(station: station, discovery: discovery, checker: checker, settings: settings,
                                           monitorSource: source, paperwork: paperwork, onChange: mailbox.post)
            for entry in await station.recoverInterrupted() {
                await controller.setStatus("certified an earlier interrupted attempt as \(entry.id)")
            }
            let feed = Task { await HotPlugFeed.run(controller: controller, monitor: monitor) }
            let push = Self.backgroundPush(environment: environment, station: station) { report in
                Task { await controller.setStatus(Self.pushStatus(report)) }
            }
            defer { push?.cancel() }
            let console = InteractiveConsole(controller: controller, mailbox: mailbox, screen: screen, station: stationName,
                                             color: ProcessInfo.processInfo.environment["NO_COLOR"] == nil,
                                             finishWhenSettled: auto ? .seconds(30) : nil)
            if inPlace {
                // Firmware without DMI tables (some VMs) still gets said: the session wipes this computer.
                let summary = environment.machine?.summary ?? ""
                await controller.setMachine(summary.isEmpty ? "a computer without DMI identity" : summary)
            }
            defer { feed.cancel() }
            do { status = try await console.run() } catch {
                await lookup?.close()
                throw error
            }
            let results = await controller.results
            if !results.isEmpty { Console.out(WipeCommand.summary(results, ledger: environment.home.ledger)) }
            if auto && status == 0 {
                if results.isEmpty {
                    Console.err("expunge station: no drive could be wiped. The kernel saw:")
                    for d in (try? environment.inventory.scan().devices) ?? [] {
                        let why = d.refusals.map { "\($0.reason.rawValue): \($0.detail)" }.joined(separator: "; ")
                        Console.err("  \(d.path)  \(d.size)  \(d.model ?? "unknown model")  \(why.isEmpty ? "wipeable" : why)")
                    }
                    throw ExitCode(ExitStatus.notSupported.rawValue)
                }
                status = ExitStatusAggregation.status(results).rawValue
            }
        case .json:
            let headless = HeadlessConsole(output: { Console.out($0) })
            let controller = BayController(station: station, discovery: discovery, checker: checker, settings: settings,
                                           monitorSource: source, paperwork: paperwork, onChange: { headless.boardChanged($0) })
            Console.out(BayEventLine.encode(BayEventLine.station(name: stationName, board: await controller.board, profiles: profiles.names)))
            for entry in await station.recoverInterrupted() {
                Console.out(BayEventLine.encode(["event": "recovered", "certificate_id": entry.id]))
            }
            let feed = Task { await HotPlugFeed.run(controller: controller, monitor: monitor) }
            defer { feed.cancel() }
            let push = Self.backgroundPush(environment: environment, station: station) { _ in }
            defer { push?.cancel() }
            status = await headless.run(controller: controller, lines: HeadlessConsole.standardInputLines())
        }
        await lookup?.close()
        if status != 0 { throw ExitCode(status) }
    }

    /// When the station joined a depot: pushes the outbox in the background while the console
    /// runs (retrying with back-off; wiping never waits for the depot).
    static func backgroundPush(environment: StationEnvironment, station: Station,
                               onReport: @escaping @Sendable (OutboxPusher.Report) -> Void) -> Task<Void, Never>? {
        let outbox = Outbox(home: environment.home)
        guard let signer = station.signer, let connection = try? outbox.connection() else { return nil }
        let pusher = OutboxPusher(outbox: outbox, ledger: environment.ledger, signer: signer, connection: connection)
        return Task {
            await BackgroundPush(pusher: pusher, onReport: onReport).run()
            await connection.shutdown()
        }
    }

    /// The console's status line after a push.
    static func pushStatus(_ report: OutboxPusher.Report) -> String {
        if let error = report.error { return "depot: \(error.code) — \(report.remaining) document(s) queued, retrying" }
        if let finding = report.head?.findings.first { return "depot FINDING \(finding.kind): \(finding.detail)" }
        return "depot: \(report.stored) document(s) pushed, head \(report.head?.witnessedSequence ?? 0) witnessed"
    }

    /// Asks the technician's ID once, before the screen is taken over.
    static func askOperator() throws -> String {
        Console.err("Operator (your pseudonymous technician ID): ", terminator: "")
        guard let line = readLine()?.trimmingSpaces(), AssetRecordRules.isValidOperator(line) else {
            throw ExpungeError(.usage, "no operator given", remedy: "type your technician ID, or pass --operator")
        }
        return line
    }
}

/// The rule for operator IDs shared by the commands that record one.
enum AssetRecordRules {
    static func isValidOperator(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128 && !id.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }
}
