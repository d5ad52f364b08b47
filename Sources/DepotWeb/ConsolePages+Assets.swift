import Depot
import Foundation
import Records
import Reports
import StorageModel

/// The asset list's filters, as the query string carries them (`/console/assets?…`).
public struct AssetQuery: Sendable, Hashable {
    public var text = ""
    public var status: LifecycleStatus?
    public var customer: String?
    public var category: String?
    public var station: String?
    /// Only assets with a certificate ending, or a disposal dated, in the period.
    public var from: String?
    public var to: String?
    public var page = 1

    public init() {}

    /// From query parameters; an unknown status or a malformed date is a problem for the page to show.
    public static func parse(_ get: (String) -> String?) -> (AssetQuery, problem: String?) {
        var q = AssetQuery()
        var problem: String?
        func value(_ name: String) -> String? {
            guard let v = get(name)?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return String(v.prefix(200))
        }
        q.text = value("q") ?? ""
        if let s = value("status") {
            if let status = LifecycleStatus(rawValue: s) { q.status = status } else { problem = "“\(HTMLText.shown(s))” is not a status; showing every status." }
        }
        q.customer = value("customer")
        q.category = value("category")
        q.station = value("station")
        for (name, keyPath) in [("from", \AssetQuery.from), ("to", \AssetQuery.to)] {
            if let d = value(name) {
                if CalendarDate.isValid(d) { q[keyPath: keyPath] = d } else { problem = "“\(HTMLText.shown(d))” is not a date (YYYY-MM-DD); the period is ignored." }
            }
        }
        q.page = max(1, Int(value("page") ?? "") ?? 1)
        return (q, problem)
    }

    /// The query string of this query at another page.
    func link(page: Int) -> String {
        var items: [(String, String)] = []
        if !text.isEmpty { items.append(("q", text)) }
        if let status { items.append(("status", status.rawValue)) }
        for (k, v) in [("customer", customer), ("category", category), ("station", station), ("from", from), ("to", to)] {
            if let v { items.append((k, v)) }
        }
        items.append(("page", String(page)))
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return "/console/assets?" + items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }
}

extension ConsolePages {
    /// `/console/assets`: the register with its derived statuses, filtered and paged.
    public func assets(_ session: ConsoleSession, query: AssetQuery, problem: String? = nil) async throws -> WebPage {
        var c = frame(session, title: "Assets", current: "assets")
        if let problem { c["alert"] = ["message": problem] }
        var active: Set<String>?
        if query.from != nil || query.to != nil {
            let from = query.from ?? "0000-01-01", to = query.to ?? "9999-12-31"
            var ids = Set(try await store.certificates(endedFrom: from, to: to).map(\.assetID))
            ids.formUnion(try await store.disposals(from: from, to: to).map(\.assetID))
            active = ids
        }
        let needle = query.text.lowercased()
        var matched: [AssetOverview] = []
        let first = (query.page - 1) * Self.pageSize
        var total = 0
        try await store.forEachOverview(AssetFilter(status: query.status, customer: query.customer, category: query.category, station: query.station)) { o in
            if let active, !active.contains(o.asset.assetID) { return }
            if !needle.isEmpty {
                let haystack = [o.asset.assetID, o.asset.serial, o.asset.model, o.asset.manufacturer].compactMap { $0?.lowercased() }
                guard haystack.contains(where: { $0.contains(needle) }) else { return }
            }
            if total >= first && matched.count < Self.pageSize { matched.append(o) }
            total += 1
        }
        let names = Dictionary(uniqueKeysWithValues: try await store.customers().map { ($0.customerID, Self.customerName($0)) })
        c["rows"] = matched.map { o -> [String: Any] in
            ["id": HTMLText.shown(o.asset.assetID), "href": Self.assetHref(o.asset.assetID), "status": o.status.rawValue, "tone": Self.tone(o.status),
             "inRegister": o.asset.inRegister, "customer": HTMLText.shown(o.asset.customer.map { names[$0] ?? $0 } ?? ""), "category": HTMLText.shown(o.asset.category ?? ""),
             "model": HTMLText.shown([o.asset.manufacturer, o.asset.model].compactMap { $0 }.joined(separator: " ")),
             "devices": o.devices, "certificates": o.certificates, "disposals": o.disposals]
        }
        c["hasRows"] = !matched.isEmpty
        c["countText"] = total == 0 ? "No asset matches." : "\(total) asset\(total == 1 ? "" : "s"); showing \(first + 1)–\(first + matched.count)."
        if query.page > 1 { c["previous"] = query.link(page: query.page - 1) }
        if first + matched.count < total { c["next"] = query.link(page: query.page + 1) }
        c["q"] = HTMLText.shown(query.text)
        c["from"] = query.from ?? ""
        c["to"] = query.to ?? ""
        c["statuses"] = Self.options(LifecycleStatus.allCases.map(\.rawValue), chosen: query.status?.rawValue)
        c["categories"] = Self.options(AssetCategory.allCases.map(\.rawValue), chosen: query.category)
        c["customers"] = try await customerOptions(chosen: query.customer)
        c["stationOptions"] = Self.options(try await stationNames(), chosen: query.station)
        c["mayImport"] = session.may(.importRegister)
        return render(200, c, "assets")
    }

    /// `/console/assets/{id}`: the asset, its lifecycle, devices, certificates and disposal records.
    public func asset(_ session: ConsoleSession, id: String) async throws -> WebPage {
        guard let asset = try await store.asset(id) else {
            return message(session, status: 404, heading: "No such asset", message: "The depot knows no asset “\(HTMLText.shown(String(id.prefix(100))))”.",
                           remedy: "Search the asset list; an asset appears when the register is imported or a station pushes a document about it.")
        }
        var c = frame(session, title: "Asset \(HTMLText.shown(asset.assetID))", current: "assets")
        let certificates = try await store.certificates(assetID: id).sorted { ($0.endedAt, $0.sequence) < ($1.endedAt, $1.sequence) }
        let disposals = try await store.disposals(assetID: id).sorted { ($0.disposedOn, $0.issuedAt) < ($1.disposedOn, $1.issuedAt) }
        let marked = try await store.isMarkedAwaitingDestruction(id)
        let status = AssetLifecycle.status(certificates: certificates, disposals: disposals, markedAwaitingDestruction: marked)
        c["id"] = HTMLText.shown(asset.assetID)
        c["status"] = status.rawValue
        c["tone"] = Self.tone(status)
        let latest = AssetLifecycle.latestPerDevice(certificates)
        c["statusDetail"] = latest.isEmpty ? "No wipe recorded." : "\(latest.filter { $0.result == .passed }.count) of \(latest.count) device\(latest.count == 1 ? "" : "s") passed their latest attempt."
        var customer = asset.customer
        if let id = asset.customer, let record = try await store.customer(id) { customer = Self.customerName(record) }
        var fields: [(String, String?)] = [("Customer", customer), ("Category", asset.category), ("Manufacturer", asset.manufacturer),
                                           ("Model", asset.model), ("Serial", asset.serial), ("Weight", asset.weightKg.map { "\(BarChart.number($0)) kg" })]
        fields.append(("In the register", asset.inRegister ? "yes" : "no: created by a station's document"))
        fields.append(("Known since", asset.createdAt))
        c["fields"] = fields.compactMap { label, value in value.map { ["label": label, "value": HTMLText.shown($0)] } }

        var timeline: [(String, [String: Any])] = [(asset.createdAt, ["when": asset.createdAt, "what": asset.inRegister ? "known to the depot (register)" : "first seen in a station's document", "tone": "neutral"])]
        for cert in certificates {
            timeline.append((cert.endedAt, ["when": cert.endedAt, "tone": Self.tone(cert.result),
                                            "what": "\(cert.level.rawValue) \(cert.method.rawValue) of \(Self.device(cert)): \(cert.result.rawValue) (station \(HTMLText.shown(cert.station)))",
                                            "document": ["id": HTMLText.shown(cert.certificateID), "href": "/verify/\(cert.certificateID)"]]))
        }
        let superseded = Set(disposals.compactMap(\.supersedes))
        for d in disposals {
            timeline.append((d.disposedOn, ["when": d.disposedOn, "tone": superseded.contains(d.recordID) ? "neutral" : "passed",
                                            "what": "\(d.route.rawValue) to \(HTMLText.shown(d.recipient))" + (superseded.contains(d.recordID) ? " (corrected by a later record)" : ""),
                                            "document": ["id": HTMLText.shown(d.recordID), "href": "#\(d.recordID)"]]))
        }
        var events = timeline.sorted { $0.0 < $1.0 }.map(\.1)
        // A mark carries no date: it is the asset's state now, so it comes last.
        if marked { events.append(["when": "now", "what": "marked awaiting destruction", "tone": "caution"]) }
        c["timeline"] = events

        c["devices"] = latest.map { l -> [String: Any] in
            ["device": Self.device(l), "capacity": Self.bytes(l.capacityBytes), "result": l.result.rawValue, "tone": Self.tone(l.result),
             "technique": "\(l.level.rawValue) · \(l.method.rawValue)\(l.scheme.map { " · \(HTMLText.shown($0))" } ?? "")", "certificate": HTMLText.shown(l.certificateID)]
        }
        c["hasDevices"] = !latest.isEmpty
        c["certificates"] = certificates.reversed().map { cert -> [String: Any] in
            ["id": HTMLText.shown(cert.certificateID), "ended": cert.endedAt, "result": cert.result.rawValue, "tone": Self.tone(cert.result),
             "device": Self.device(cert), "station": HTMLText.shown(cert.station)]
        }
        c["hasCertificates"] = !certificates.isEmpty
        c["disposals"] = disposals.reversed().map { d -> [String: Any] in
            var notes: [String] = []
            if superseded.contains(d.recordID) { notes.append("corrected by a later record") }
            if let s = d.supersedes { notes.append("corrects \(s)") }
            if let o = d.overrideReason { notes.append("released on override: \(o)") }
            if let m = d.mediaDestroyedReference { notes.append("media destroyed: \(m)") }
            return ["id": HTMLText.shown(d.recordID), "disposedOn": d.disposedOn, "route": d.route.rawValue, "recipient": HTMLText.shown(d.recipient),
                    "weight": "\(BarChart.number(d.weightKg)) kg (\(d.weightSource.rawValue))", "notes": HTMLText.shown(notes.joined(separator: "; ")),
                    "noteTone": d.overrideReason != nil ? "caution" : ""]
        }
        c["hasDisposals"] = !disposals.isEmpty
        return render(200, c, "asset")
    }

    /// The register import form, with the problems of a refused import or the summary of a done one.
    public func importForm(_ session: ConsoleSession, problems: [String] = [], notice: String? = nil, problem: String? = nil, status: Int = 200) -> WebPage {
        var c = frame(session, title: "Import the asset register", current: "assets")
        c["limit"] = "\(Self.registerLimit >> 20) MiB"
        c["problems"] = problems.map(HTMLText.shown)
        c["hasProblems"] = !problems.isEmpty
        if let notice { c["notice"] = HTMLText.shown(notice) }
        if let problem { c["alert"] = ["message": HTMLText.shown(problem)] }
        return render(status, c, "import")
    }

    /// The largest register file accepted.
    public static let registerLimit = 16 << 20

    /// Imports an uploaded register: every row valid or nothing written (the station's rules).
    /// Returns the page and, when something was written, the audit detail.
    public func importRegister(_ session: ConsoleSession, csv: [UInt8], update: Bool, createCustomers: Bool) async throws -> (WebPage, audit: String?) {
        guard let text = String(validating: csv, as: UTF8.self) else {
            return (importForm(session, problem: "The file is not UTF-8 text. Export the register as CSV in UTF-8 (or convert it with `iconv -f windows-1252 -t utf-8`).",
                               status: 400), nil)
        }
        let plan = try await AssetRegisterImport.plan(csv: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, store: store,
                                                      at: Timestamp.rfc3339(now()), update: update, createCustomers: createCustomers,
                                                      hints: .init(createCustomers: "tick “Add customers the register does not have”",
                                                                   update: "tick “Update assets already in the register” to update it"))
        guard plan.problems.isEmpty else {
            let lines = plan.problems.map { ($0.line > 0 ? "line \($0.line): " : "") + $0.message }
            return (importForm(session, problems: lines, problem: "\(lines.count) problem\(lines.count == 1 ? "" : "s"); nothing was imported.", status: 422), nil)
        }
        try await plan.apply(to: store)
        return (importForm(session, notice: plan.summary), "register: \(plan.assets.count) new, \(plan.updates.count) updated, \(plan.newCustomers.count) customers added")
    }
}
