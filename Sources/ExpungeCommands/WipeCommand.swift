import ArgumentParser
import BlockIO
import Devices
import Evidence
import Foundation
import Glibc
import Records
import Sanitization
import Station
import StorageModel

/// `expunge wipe`: Clear by verified overwrite, one or many devices in parallel, each attempt
/// certified whatever its result.
struct WipeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wipe",
        abstract: "Overwrite, verify and certify one or more devices (NIST SP 800-88 Clear).",
        discussion: """
        Every named device is checked first (see `expunge devices`); if any may not be wiped, \
        nothing is written. Each device is opened exclusively (O_EXCL, O_DIRECT), overwritten \
        (default: one AES-128-CTR random pass), flushed, read back and compared, and its identity \
        re-read. A signed certificate is written to the station ledger for every attempt: passed, \
        failed or aborted. Ctrl-C stops all devices at the next chunk and records them as aborted. \
        Progress goes to stderr; results to stdout.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Devices to wipe (/dev/sdb, /dev/disk/by-id/…), each optionally with its own asset: /dev/sdb=LAP-0001.",
                                 valueName: "device[=asset]"))
    var devices: [String] = []

    @Option(name: .long, help: "Asset ID for every device listed without its own =asset (give it once).")
    var asset: [String] = []

    @Option(name: .long, help: "clear (overwrite, the default) or purge (the drive's own sanitize command, chosen per NIST/IEEE 2883 for the media).")
    var level: SanitizationLevel = .clear

    @Option(name: .long, help: ArgumentHelp("With --level purge: this firmware technique instead of the planner's choice.",
                                            discussion: "One of: \(PurgeTechnique.allCases.map(\.rawValue).joined(separator: ", ")).",
                                            valueName: "technique"))
    var technique: PurgeTechnique?

    @Flag(name: .long, help: "With --technique: send the command even if the device does not advertise it (the device's answer is certified).")
    var force = false

    @Flag(name: .long, help: "Restore an ATA drive's native capacity (remove a Host Protected Area, volatile: it reverts at power-off) before the first write or command; without it (or --allow-hidden-areas) a drive with hidden sectors is refused.")
    var removeHiddenAreas = false

    @Flag(name: .long, help: "Go ahead although a hidden area (Host Protected Area, Device Configuration Overlay) stays in place or could not be checked; hidden sectors left in place make the attempt failed (hidden-area-not-sanitized), with their LBA range on the certificate.")
    var allowHiddenAreas = false

    @Option(name: .long, help: "Pattern of each pass: zero, one, random or 0xNN. Default: random.")
    var pattern: String?

    @Option(name: .long, help: "How many times to write the pattern (or to repeat the scheme).")
    var passes: Int = 1

    @Option(name: .long, help: ArgumentHelp("A named legacy scheme for contracts that require one.", discussion: "One of: \(OverwriteScheme.all.map(\.name).joined(separator: ", ")).",
                                            valueName: "name"))
    var scheme: String?

    @Flag(name: .long, help: "Finish with a pass of zeros (after the pattern or scheme).")
    var finalZero = false

    @Option(name: .long, help: "Verification: full (every byte), sample (NIST ≥ 10 %), none (result 'unverified').")
    var verify: VerificationMode = .full

    @Option(name: .customLong("operator"), help: "Pseudonymous ID of the technician (recorded on the certificate).")
    var operatorID: String?

    @Option(name: .long, help: "Customer (data controller) the asset belongs to: its ID or legal name in the customer register.")
    var customer: String?

    @Flag(name: .long, help: "Add a --customer the register does not have, with that text as its legal name.")
    var createCustomer = false

    @Option(name: .customLong("chunk-mib"), help: "I/O size in MiB (1–64).")
    var chunkMiB: Int = 4

    @Flag(name: .long, help: "Do not ask for confirmation.")
    var yes = false

    @Flag(name: .long, help: "Print the plan and touch nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Print the outcome as JSON on stdout.")
    var json = false

    @Option(name: .long, help: "Progress display on stderr: auto, tty, plain, json, none.")
    var progress: ProgressMode = .auto

    func validate() throws {
        if technique != nil && level != .purge { throw ValidationError("--technique needs --level purge") }
        if force && technique == nil { throw ValidationError("--force needs --technique (which command to send)") }
        if level == .purge && (pattern != nil || scheme != nil || passes != 1 || finalZero) {
            throw ValidationError("--pattern, --scheme, --passes and --final-zero are for --level clear; purge uses the drive's own command")
        }
        if devices.isEmpty { throw ValidationError("name at least one device to wipe (see `expunge devices`)") }
        if asset.count > 1 {
            throw ValidationError("--asset is given \(asset.count) times; give it once for every device, or name each device's asset as /dev/sdX=TAG")
        }
        for (path, id) in targets {
            guard let id else {
                throw ValidationError("\(path) has no asset: give --asset TAG for every device, or name it as \(path)=TAG")
            }
            if !Self.isValidAssetID(id) {
                throw ValidationError("asset ID \"\(id)\" is not valid: use 1–128 printable characters without spaces")
            }
        }
        if scheme != nil && pattern != nil { throw ValidationError("--scheme and --pattern cannot be combined: a scheme defines its own patterns") }
        if let scheme, OverwriteScheme.named(scheme) == nil {
            throw ValidationError("unknown scheme \"\(scheme)\"; choose one of: \(OverwriteScheme.all.map(\.name).joined(separator: ", "))")
        }
        if let pattern, OverwritePattern(argument: pattern) == nil {
            throw ValidationError("unknown pattern \"\(pattern)\"; use zero, one, random or a byte such as 0xAA")
        }
        if !(1...99).contains(passes) { throw ValidationError("--passes must be between 1 and 99") }
        if !(1...64).contains(chunkMiB) || chunkMiB & (chunkMiB - 1) != 0 { throw ValidationError("--chunk-mib must be a power of two from 1 to 64") }
        if let operatorID, operatorID.isEmpty || operatorID.count > 128 { throw ValidationError("--operator must be 1–128 characters") }
        if let operatorID, let problem = InputText.problem(operatorID, name: "--operator", maxLength: 128) { throw ValidationError(problem) }
        if let customer, let problem = InputText.problem(customer, name: "--customer") { throw ValidationError(problem) }
        if createCustomer && customer == nil { throw ValidationError("--create-customer needs --customer NAME") }
    }

    /// Each device with its asset: its own `=TAG`, else `--asset`.
    var targets: [(path: String, asset: String?)] {
        devices.map { arg in
            if let eq = arg.lastIndex(of: "="), arg.index(after: eq) < arg.endIndex, !arg[arg.index(after: eq)...].contains("/") {
                return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
            }
            return (arg, asset.first)
        }
    }

    static func isValidAssetID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128 && id.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }

    func run() async throws {
        var request = WipeRequest(
            devicePaths: targets.map(\.path), assetID: targets[0].asset ?? "", operatorID: operatorID, customer: customer, level: level,
            scheme: scheme.flatMap(OverwriteScheme.named),
            patterns: WipePlan.patterns(scheme: scheme.flatMap(OverwriteScheme.named), pattern: pattern.flatMap(OverwritePattern.init(argument:)),
                                        passes: passes, finalZero: finalZero),
            verification: verify, chunkSize: .mebibytes(UInt64(chunkMiB)), technique: technique, force: force, removeHiddenAreas: removeHiddenAreas,
            allowHiddenAreas: allowHiddenAreas)
        let environment = global.environment()

        if !dryRun && geteuid() != 0 {
            throw ExpungeError(.permission, "expunge wipe needs root (it opens block devices exclusively for writing)", remedy: "run it with sudo")
        }
        if !dryRun { try environment.home.checkPermissions() }
        // No key, no wipe: an unsigned result is never produced.
        let station = dryRun ? Station(environment: environment, signer: nil, store: nil) : try await Station.open(environment)
        // The certificate names the customer by its register ID (and carries its legal name).
        if let store = station.store {
            request.customer = try await CustomerLookup.resolve(customer, create: createCustomer, createOption: "--create-customer", store: store)?.customerID
        }
        let prepared = try Station.requireAllReady(try station.prepare(request))
        // Each prepared device with its asset (prepare keeps the order of the paths named).
        let assets = Dictionary(zip(prepared.map(\.path), targets.map { $0.asset ?? "" }), uniquingKeysWith: { a, _ in a })

        if dryRun {
            Console.out("Dry run: nothing will be written.")
            for p in prepared { Console.out("\(p.description)\nasset \(assets[p.path] ?? "")") }
            Console.out("Each attempt would be journaled in \(environment.home.journal) and certified in \(environment.home.ledger).")
            do { _ = try environment.loadSigner() } catch {
                let remedy = (error as? any OperatorError)?.remedy ?? "run `expunge keys init`"
                Console.err("warning: no usable station key, so the real wipe would be refused: \((error as? any OperatorError)?.message ?? "\(error)")"
                            + "\n  remedy: \(remedy)")
            }
            return
        }
        if !yes { try await confirm(prepared, assets: assets, customerID: request.customer, store: station.store, signer: station.signer) }

        for entry in await station.recoverInterrupted() {
            Console.err("expunge: certified an earlier interrupted attempt as \(entry.id)")
        }

        let trap = SignalTrap()
        let view = ProgressView(mode: progress, devices: prepared.map(\.path),
                                attempts: Dictionary(uniqueKeysWithValues: prepared.map {
                                    ($0.path, ProgressView.Attempt(capacity: $0.plan.identity.capacity,
                                                                   verification: $0.purge == nil ? request.verification : .sample))
                                }))
        view.start()
        // One run per asset (each certificate names its own), all under the same signal trap.
        var groups: [(asset: String, devices: [PreparedWipe])] = []
        for p in prepared {
            let a = assets[p.path] ?? ""
            if let i = groups.firstIndex(where: { $0.asset == a }) { groups[i].devices.append(p) } else { groups.append((a, [p])) }
        }
        let runs = groups.map { group -> WipeRun in
            var r = request
            r.assetID = group.asset
            r.devicePaths = group.devices.map(\.path)
            return station.start(group.devices, request: r, cancellation: trap.cancellation)
        }
        await withTaskGroup(of: Void.self) { tasks in
            for run in runs { tasks.addTask { for await event in run.events { self.render(event, view: view) } } }
        }
        var byPath: [String: DeviceWipeResult] = [:]
        for run in runs { for r in await run.results() { byPath[r.path] = r } }
        let results = prepared.compactMap { byPath[$0.path] }
        view.finish()

        if json {
            Console.out(try PrettyJSON.encode(WipeResultsDocument(results: results)))
        } else {
            Console.out(Self.summary(results, ledger: environment.home.ledger))
        }
        let status = ExitStatusAggregation.status(results)
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// What the command shows of the station's events: progress on stderr; the summary comes at the end.
    func render(_ event: StationEvent, view: ProgressView) {
        switch event {
        case .progress(let sample): view.handler(sample)
        case .outcome(let device, let outcome): view.ended(device, result: outcome.result)
        case .indexFailed(_, let id, let message):
            Console.err("expunge: \(id) is signed and stored, but the record index was not updated (\(message)); run `expunge records rebuild`")
        case .recovered(let entry): Console.err("expunge: certified an earlier interrupted attempt as \(entry.id)")
        case .refused(let r): Console.err("expunge: \(r.path) was not started, nothing was written: \(r.reasons.joined(separator: "; "))")
        case .devicePrepared, .passStarted, .verificationStarted, .certificateWritten, .certificateFailed, .health: break
        }
    }

    /// Shows what is about to be destroyed, with each asset as the register knows it and the
    /// warnings it raises, and asks for "yes". Declining exits 1: nothing was done.
    func confirm(_ prepared: [PreparedWipe], assets: [String: String], customerID: String?, store: (any RecordStore)?,
                 signer: (any DocumentSigning)?) async throws {
        let lookup = store.map { DepotLookup(store: $0, customer: customerID, home: global.resolvedHome, signer: signer) }
        guard SystemCall.isTerminal(0) else {
            throw ExpungeError(.usage, "refusing to wipe without confirmation: standard input is not a terminal",
                               remedy: "check the devices with `expunge wipe --dry-run`, then pass --yes")
        }
        Console.err(Console.bold("This DESTROYS ALL DATA on:"))
        for p in prepared {
            let d = p.descriptor
            let tag = assets[p.path] ?? ""
            Console.err("  \(d.path)  \(d.model ?? "unknown model")  serial \(d.serial ?? "unknown")  \(d.size.binaryDescription) (\(d.size.bytes) bytes)"
                        + (p.purge.map { "  by \($0.technique.rawValue)" } ?? "") + "  asset \(tag)")
            for n in p.purge?.capabilities.notes ?? [] { Console.err("    note: \(n)") }
            if let c = p.plan.capacity {
                for r in c.remainingHiddenRanges {
                    Console.err("    hidden: \(r.kind.rawValue.uppercased()) LBA \(r.firstLBA)–\(r.lastLBA) (\(r.blocks) sectors)"
                                + (r.kind == .hpa && removeHiddenAreas ? ": restored first (volatile)" : ": NOT sanitized; the attempt will be certified failed"))
                }
                if c.hiddenAreas == .unchecked { Console.err("    note: hidden areas not checked (\(c.basis))") }
            }
            if let scope = p.purge?.scope ?? p.plan.scope, !scope.wholeDevice { Console.err("    scope: \(scope.summary)") }
            if let checker = lookup?.checker {
                let found = await checker.check(tag: tag, serial: d.serial)
                let about = [found.customer.map { "customer \($0)" }, found.model, found.category].compactMap { $0 }
                if !about.isEmpty { Console.err("    register: " + about.joined(separator: ", ")) }
                for w in found.warnings { Console.err("    " + Console.bold("warning: asset \(tag) \(w.description)")) }
            }
        }
        await lookup?.close()
        Console.err("Type yes to continue: ", terminator: "")
        guard readLine()?.trimmingSpaces().lowercased() == "yes" else {
            throw ExpungeError(.failed, code: "not-confirmed", "not confirmed; nothing done", remedy: "type yes to wipe, or leave the devices out")
        }
    }

    static func summary(_ results: [DeviceWipeResult], ledger: String) -> String {
        var t = TextTable(headers: ["DEVICE", "RESULT", "PASSES", "VERIFIED", "CERTIFICATE", "DURATION"])
        var notes: [String] = []
        for r in results {
            let o = r.outcome
            let written = o.passes.filter(\.completed).count
            let v = o.verification
            let verified = v.completed ? "\(v.mode.rawValue) \(String(format: "%.1f", v.coverage * 100))%" : (v.mode == .none ? "none" : "no")
            let style: (String) -> String = o.result == .passed ? { Console.green($0) } : { Console.red($0) }
            if let refusal = r.refusal {
                t.add([r.path, "NOT STARTED", "-", "-", "none", "-"], style: style)
                notes.append("\(r.path): not started, nothing written or certified: \(refusal.reasons.joined(separator: "; "))")
                continue
            }
            t.add([r.path, o.result.rawValue.uppercased(), o.firmware.map { $0.technique.rawValue } ?? "\(written)/\(o.passes.count > 0 ? max(o.passes.count, written) : 0)",
                   verified, r.certificate?.id ?? "NONE", String(format: "%.1f s", o.durationSeconds)], style: style)
            if !o.reasons.isEmpty { notes.append("\(r.path): \(o.reasons.map(\.rawValue).joined(separator: ", "))") }
            let bad = o.unwritableRanges + v.unreadableRanges
            if !bad.isEmpty {
                let shown = bad.prefix(10).map { "\($0.offset.bytes)+\($0.length.bytes)" }.joined(separator: ", ")
                notes.append("\(r.path): bad ranges (offset+length bytes): \(shown)\(bad.count > 10 ? " … (\(bad.count) in all)" : "")")
            }
            if !v.firstMismatchOffsets.isEmpty {
                notes.append("\(r.path): \(v.mismatchedBlocks) mismatching blocks, first at byte offsets \(v.firstMismatchOffsets.prefix(8).map(String.init).joined(separator: ", "))")
            }
            if let e = r.certificateError { notes.append("\(r.path): NO CERTIFICATE: \(e)") }
            for c in o.capacity?.commands ?? [] { notes.append("\(r.path): \(c.name): \(c.response)") }
            if let scope = o.scope, !scope.wholeDevice { notes.append("\(r.path): part of the drive only: \(scope.summary)") }
            if let f = o.firmware {
                for c in f.commands { notes.append("\(r.path): \(c.name): \(c.response)") }
                for s in f.deviceStatus { notes.append("\(r.path): device status: \(s)") }
            }
        }
        var out = t.render()
        if !notes.isEmpty { out += "\n\n" + notes.joined(separator: "\n") }
        out += "\n\nCertificates: \(ledger)"
        return out
    }
}

/// The `wipe --json` document.
struct WipeResultsDocument: Encodable {
    struct Item: Encodable {
        let device: String
        let result: WipeResult
        let exitStatus: Int32
        @NullCoded var certificateID: String?
        @NullCoded var certificatePath: String?
        @NullCoded var signaturePath: String?
        @NullCoded var certificateSHA256: String?
        @NullCoded var certificateError: String?
        /// Set when the attempt never started (no certificate exists for it).
        @NullCoded var notStarted: NotStarted?
        let outcome: WipeOutcome

        enum CodingKeys: String, CodingKey {
            case device, result
            case exitStatus = "exit_status"
            case certificateID = "certificate_id"
            case certificatePath = "certificate_path"
            case signaturePath = "signature_path"
            case certificateSHA256 = "certificate_sha256"
            case certificateError = "certificate_error"
            case notStarted = "not_started"
            case outcome
        }
    }

    struct NotStarted: Codable, Hashable, Sendable {
        let code: String
        let reasons: [String]
    }

    let schemaVersion = 1
    let results: [Item]

    init(results: [DeviceWipeResult]) {
        self.results = results.map {
            Item(device: $0.path, result: $0.outcome.result, exitStatus: $0.outcome.exitStatus.rawValue,
                 certificateID: $0.certificate?.id, certificatePath: $0.certificate?.documentPath,
                 signaturePath: $0.certificate?.signaturePath, certificateSHA256: $0.certificate?.sha256,
                 certificateError: $0.certificateError, notStarted: $0.refusal.map { NotStarted(code: $0.code, reasons: $0.reasons) },
                 outcome: $0.outcome)
        }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case results
    }
}

extension SanitizationLevel: ExpressibleByArgument {}
extension PurgeTechnique: ExpressibleByArgument {}
extension VerificationMode: ExpressibleByArgument {}
