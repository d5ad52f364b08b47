import Depot
import DepotServer
import DepotWeb
import Evidence
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Records
import Reports
import StorageModel
import Testing
import TestSupport

/// The signed-in console in process, over a real SQLite depot: sign-in, sessions, roles on every
/// page, CSRF on every form, throttling, escaping of what drives and registers report, and that
/// downloads are the command line's files.
@Suite("depot web: the signed-in console")
struct ConsoleTests {
    /// Every console page a GET can open, with the action it needs.
    static let pages: [(path: String, action: ConsoleAction)] = [
        ("/console", .viewDashboard), ("/console/assets", .viewAssets), ("/console/assets/LAP-1", .viewAssets),
        ("/console/assets/import", .importRegister), ("/console/stations", .viewStations), ("/console/findings", .viewFindings),
        ("/console/reports", .downloadReports), ("/console/reports/gdpr", .downloadReports), ("/console/reports/csrd?format=json", .downloadReports),
        ("/console/reports/evidence-pack", .downloadReports), ("/console/audit", .viewAuditLog),
    ]

    @Test func everyPageAnswersEachRoleAsTheTableSays() async throws {
        let fixture = try await ConsoleFixture()
        let certificate = try await fixture.push(asset: "LAP-1")
        try await fixture.app().test(.router) { client in
            for role in DepotUser.Role.allCases {
                let browser = ConsoleBrowser(client)
                let (signedIn, _) = try await browser.signIn(role.rawValue)
                #expect(signedIn.status == .seeOther, "\(role) signs in")
                for page in Self.pages + [("/console/certificates/\(certificate.id).pdf", ConsoleAction.downloadCertificate)] {
                    let (r, body) = try await browser.get(page.path)
                    if page.action.allowed(for: role) {
                        #expect(r.status == .ok, "\(role) opens \(page.path): \(r.status)")
                    } else {
                        #expect(r.status == .forbidden, "\(role) is refused \(page.path): \(r.status)")
                        #expect(body.contains("As \(role.rawValue) you cannot \(page.action.phrase)"))
                    }
                }
            }
        }
    }

    @Test func theTableIsTheIssuesRules() {
        #expect(!ConsoleAction.manageStations.allowed(for: .auditor), "an auditor cannot enroll stations")
        #expect(!ConsoleAction.downloadReports.allowed(for: .technician), "a technician cannot download the GDPR register")
        #expect(DepotUser.Role.allCases.allSatisfy { ConsoleAction.viewDashboard.allowed(for: $0) })
        #expect(DepotUser.Role.allCases.filter { ConsoleAction.manageStations.allowed(for: $0) } == [.admin])
    }

    @Test func withoutASessionPagesSendToTheSignInFormAndFormsAreRefused() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.app().test(.router) { client in
            let browser = ConsoleBrowser(client)
            for page in Self.pages {
                let (r, _) = try await browser.get(page.path)
                #expect(r.status == .seeOther)
                #expect(r.headers[.location]?.hasPrefix("/signin?next=") == true, "\(page.path) → \(r.headers[.location] ?? "")")
            }
            let (post, _) = try await browser.post("/console/stations/enroll", [("csrf", "x"), ("station", "ST-X")])
            #expect(post.status == .forbidden)
            #expect(try await fixture.archive.station(named: "ST-X") == nil)
            // A forged session cookie is no session.
            browser.cookies["expunge_session"] = String(repeating: "ab", count: 32)
            #expect(try await browser.get("/console").0.status == .seeOther)
        }
    }

    @Test func signingInReturnsToThePageAskedForAndOnlyToAConsolePage() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.app().test(.router) { client in
            let (r, _) = try await ConsoleBrowser(client).signIn("admin", next: "/console/stations")
            #expect(r.headers[.location] == "/console/stations")
            for hostile in ["https://evil.example/", "//evil.example/console", "/console/../../evil", "/verify"] {
                let (h, _) = try await ConsoleBrowser(client).signIn("admin", next: hostile)
                #expect(h.headers[.location] == (hostile.hasPrefix("/console/") && !hostile.contains("//") ? hostile : "/console"), "\(hostile)")
            }
        }
    }

    @Test func cookiesAreHttpOnlyAndStrictAndSecureUnderTLSOrAnHTTPSPublicURL() async throws {
        for (tls, url) in [(false, "http://depot.test"), (true, "http://depot.test"), (false, "https://depot.test")] {
            let secure = tls || url.hasPrefix("https")
            let fixture = try await ConsoleFixture(secureCookies: tls, publicURL: url)
            try await fixture.app().test(.router) { client in
                let browser = ConsoleBrowser(client)
                let (form, _) = try await browser.get("/signin")
                let (r, _) = try await browser.post("/signin", [("csrf", browser.csrf), ("user", "admin"), ("password", ConsoleFixture.password)])
                for line in form.headers[values: .setCookie] + r.headers[values: .setCookie] {
                    #expect(line.contains("HttpOnly") && line.contains("SameSite=Strict"), "\(line)")
                    #expect(line.contains("Secure") == secure, "\(line)")
                }
                #expect(r.headers[values: .setCookie].contains { $0.hasPrefix("expunge_session=") })
                #expect(form.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
        }
    }

    @Test func aWrongPasswordIs401AndRepeatedFailuresAreThrottledAndLogged() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.app().test(.router) { client in
            let browser = ConsoleBrowser(client)
            for _ in 0..<SignInThrottle.perUser {
                let (r, body) = try await browser.signIn("auditor", password: "wrong password here")
                #expect(r.status == .unauthorized)
                #expect(body.contains("The user name or the password is wrong."))
                #expect(browser.cookies["expunge_session"] == nil)
            }
            let (r, body) = try await browser.signIn("auditor")
            #expect(r.status == .tooManyRequests, "the right password is not even checked once throttled")
            #expect(r.headers[.retryAfter].flatMap(Int.init).map { $0 > 0 && $0 <= Int(SignInThrottle.window) } == true)
            #expect(body.contains("Too many sign-in attempts"))
            let (unknown, unknownBody) = try await browser.signIn("nobody")
            #expect(unknown.status == .unauthorized)
            #expect(unknownBody.contains("The user name or the password is wrong."), "the same words for an unknown name")
            #expect(try await browser.signIn("admin").0.status == .seeOther, "another user is not locked out")
        }
        let audit = try await fixture.archive.auditEntries(limit: 20)
        #expect(audit.filter { $0.event == .signInRefused && $0.user == "auditor" }.count == SignInThrottle.perUser + 1)
        #expect(audit.contains { $0.event == .signInRefused && $0.detail.hasPrefix("throttled until") })
        #expect(audit.contains { $0.event == .signInRefused && $0.user == "nobody" && $0.detail == "unknown user" })
        #expect(audit.first?.event == .signIn && audit.first?.user == "admin")
        #expect(!audit.contains { $0.detail.contains(ConsoleFixture.password) || $0.detail.contains("wrong password here") }, "no password is logged")
    }

    @Test func formsWithoutTheSessionsTokenAreRefusedAndChangeNothing() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.app().test(.router) { client in
            let browser = ConsoleBrowser(client)
            try await browser.signIn("admin")
            for token in ["", "0", String(repeating: "0", count: 64)] {
                let (r, body) = try await browser.post("/console/stations/enroll", [("csrf", token), ("station", "ST-CSRF")])
                #expect(r.status == .forbidden)
                #expect(body.contains("did not carry this session"))
            }
            #expect(try await fixture.archive.station(named: "ST-CSRF") == nil)
            let (revoke, _) = try await browser.post("/console/stations/revoke", [("station", fixture.station.signer.station.name)])
            #expect(revoke.status == .forbidden)
            #expect(try await fixture.archive.station(named: fixture.station.signer.station.name)?.state == .active)
            let (upload, _) = try await browser.upload("/console/assets/import", [("register", "r.csv", Array("asset_id\nNEW-1\n".utf8))])
            #expect(upload.status == .forbidden)
            #expect(try await fixture.archive.records.asset("NEW-1") == nil)
            let (signOut, _) = try await browser.post("/signout", [("csrf", "nope")])
            #expect(signOut.status == .forbidden)
            #expect(try await browser.get("/console").0.status == .ok, "still signed in")
            // The sign-in form's own token: without it (a form posted from elsewhere) nothing is checked.
            let other = ConsoleBrowser(client)
            let (r, body) = try await other.post("/signin", [("user", "admin"), ("password", ConsoleFixture.password)])
            #expect(r.status == .badRequest)
            #expect(body.contains("stale or not sent from this depot"))
        }
    }

    @Test func anAdministratorEnrollsAndRevokesAStationAndTheAuditLogSaysWho() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.app().test(.router) { client in
            let browser = ConsoleBrowser(client)
            try await browser.signIn("admin")
            try await browser.get("/console/stations")
            let (r, body) = try await browser.post("/console/stations/enroll", [("csrf", browser.csrf), ("station", "ST-NEW")])
            #expect(r.status == .ok)
            #expect(body.contains("expunge depot join https://depot.test --token ST-NEW."))
            #expect(try await fixture.archive.station(named: "ST-NEW")?.state == .pending)
            let (bad, badBody) = try await browser.post("/console/stations/enroll", [("csrf", browser.csrf), ("station", "no spaces allowed")])
            #expect(bad.status == .badRequest)
            #expect(badBody.contains("invalid station name"))
            let name = fixture.station.signer.station.name
            let (asked, askedBody) = try await browser.post("/console/stations/revoke", [("csrf", browser.csrf), ("station", name)])
            #expect(asked.status == .ok)
            #expect(askedBody.contains("Revoke station \(name)?"), "revoking asks first")
            #expect(try await fixture.archive.station(named: name)?.state == .active, "nothing revoked before the confirmation")
            let (revoked, revokedBody) = try await browser.post("/console/stations/revoke", [("csrf", browser.csrf), ("station", name), ("confirm", "yes")])
            #expect(revoked.status == .ok)
            #expect(revokedBody.contains("Station \(name) is revoked"))
            #expect(try await fixture.archive.station(named: name)?.state == .revoked)
            let (signedOut, _) = try await browser.post("/signout", [("csrf", browser.csrf)])
            #expect(signedOut.status == .seeOther)
            #expect(try await browser.get("/console").0.status == .seeOther, "signed out: the session is gone")
        }
        let events = try await fixture.archive.auditEntries(limit: 10).map { "\($0.user) \($0.event.rawValue) \($0.detail)" }
        #expect(events.contains("admin station-enrolled station ST-NEW"))
        #expect(events.contains("admin station-revoked station \(fixture.station.signer.station.name)"))
        #expect(events.first == "admin sign-out ")
    }

    @Test func whatDrivesAndRegistersReportIsEscapedOnEveryPage() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.push(asset: "LAP-X") { c in
            c.device.model = "<script>alert(1)</script>"
            c.device.serial = "SN\u{1b}[31m-\u{7}1"
            c.deviceAtEnd = c.device
        }
        try await fixture.archive.records.importAssets([AssetRecord(assetID: "REG-<b>1</b>", serial: "S\u{1b}[2J", manufacturer: "\"Quote\" & Co",
                                                                    model: "<img src=x onerror=alert(2)>", category: "laptop", customer: nil,
                                                                    weightKg: 2, inRegister: true, createdAt: Timestamp.rfc3339(Date()))]) { _ in }
        try await fixture.app().test(.router) { client in
            let browser = ConsoleBrowser(client)
            try await browser.signIn("admin")
            for path in ["/console/assets", "/console/assets/LAP-X", "/console/assets/REG-%3Cb%3E1%3C%2Fb%3E", "/console/findings", "/console"] {
                let (r, body) = try await browser.get(path)
                #expect(r.status == .ok, "\(path)")
                #expect(!body.contains("<script") && !body.contains("<img") && !body.contains("<b>1"), "\(path) carries markup from a drive or register")
                #expect(!body.contains("\u{1b}") && !body.contains("\u{7}"), "\(path) carries control characters")
            }
            let (_, asset) = try await browser.get("/console/assets/LAP-X")
            #expect(asset.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let (_, list) = try await browser.get("/console/assets?q=REG")
            #expect(list.contains("&lt;img src=x onerror=alert(2)&gt;"))
            #expect(list.contains("&quot;Quote&quot; &amp; Co"))
        }
    }

    @Test func reportDownloadsAreTheCommandLinesFilesAndAreAudited() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.push(asset: "LAP-R1")
        try await fixture.push(asset: "LAP-R2", .failed)
        let reports = DepotReports(archive: fixture.archive, store: fixture.archive.records)
        let year = String(Timestamp.rfc3339(Date()).prefix(4))
        let request = try await reports.request(.gdpr, from: "\(year)-01-01", to: "\(year)-12-31", customer: nil, station: fixture.station.signer.station.name,
                                                format: "csv")
        var written = ""
        try await reports.gdpr(request, generatedAt: "ignored by csv") { written += $0 }
        let expected = written
        #expect(expected.contains("LAP-R1") && expected.contains("LAP-R2"))
        try await fixture.app().test(.router) { client in
            let browser = ConsoleBrowser(client)
            try await browser.signIn("compliance")
            let (r, body) = try await browser.get("/console/reports/gdpr?from=\(year)-01-01&to=\(year)-12-31&station=\(fixture.station.signer.station.name)&format=csv")
            #expect(r.status == .ok)
            #expect(body == expected, "the download is the command line's file")
            #expect(r.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(r.headers[.contentDisposition] == "attachment; filename=\"gdpr-erasure-register_\(year)-01-01_\(year)-12-31_CONSOLE-ST1.csv\"")
            let (pack, packBody) = try await browser.get("/console/reports/evidence-pack?from=\(year)-01-01&to=\(year)-12-31")
            #expect(pack.status == .ok)
            #expect(packBody.utf8.starts(with: Array("PK".utf8)), "a ZIP")
            let (bad, badBody) = try await browser.get("/console/reports/gdpr?from=2026-02-30")
            #expect(bad.status == .badRequest)
            #expect(badBody.contains("is not a date"))
            let (unknown, _) = try await browser.get("/console/reports/gdpr?customer=NOBODY")
            #expect(unknown.status == .badRequest)
        }
        let downloads = try await fixture.archive.auditEntries(limit: 10).filter { $0.event == .download }.map(\.detail)
        #expect(downloads.contains("gdpr \(year)-01-01…\(year)-12-31 csv, station CONSOLE-ST1"))
        #expect(downloads.contains("evidence-pack \(year)-01-01…\(year)-12-31"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("expunge-depot-report-") }
        #expect(leftovers.isEmpty, "report files are gone once sent: \(leftovers)")
    }

    @Test func aRegisterImportIsAllOrNothing() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.app().test(.router) { client in
            let browser = ConsoleBrowser(client)
            try await browser.signIn("compliance")
            try await browser.get("/console/assets/import")
            let bad = "asset_id,category,weight_kg,customer\nGOOD-1,laptop,2.1,\nBAD-1,laptop,heavy,\n"
            let (r, body) = try await browser.upload("/console/assets/import", [("csrf", nil, Array(browser.csrf.utf8)), ("register", "r.csv", Array(bad.utf8))])
            #expect(r.status == .unprocessableContent)
            #expect(body.contains("line 3"))
            #expect(try await fixture.archive.records.asset("GOOD-1") == nil, "nothing imported")
            let good = "asset_id,category,weight_kg,customer\nGOOD-1,laptop,2.1,Acme Ltd\nGOOD-2,desktop,7,Acme Ltd\n"
            let (ok, okBody) = try await browser.upload("/console/assets/import", [("csrf", nil, Array(browser.csrf.utf8)), ("register", "r.csv", Array(good.utf8)),
                                                                                   ("create_customers", nil, Array("1".utf8))])
            #expect(ok.status == .ok)
            #expect(okBody.contains("Imported 2 assets"))
            #expect(try await fixture.archive.records.asset("GOOD-2")?.category == "desktop")
            let (list, listBody) = try await browser.get("/console/assets?category=desktop")
            #expect(list.status == .ok)
            #expect(listBody.contains("GOOD-2") && !listBody.contains(">GOOD-1<"))
        }
        #expect(try await fixture.archive.auditEntries(limit: 5).contains { $0.event == .registerImport && $0.detail.hasPrefix("register: 2 new") })
    }

    @Test func theCertificatePDFIsMadeOnlyFromAVerifiedCopy() async throws {
        let fixture = try await ConsoleFixture()
        let entry = try await fixture.push(asset: "LAP-P")
        try await fixture.app().test(.router) { client in
            let browser = ConsoleBrowser(client)
            try await browser.signIn("technician")
            let (r, body) = try await browser.get("/console/certificates/\(entry.id).pdf")
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "application/pdf")
            #expect(body.hasPrefix("%PDF"))
            #expect(try await browser.get("/console/certificates/NOPE-1-000001.pdf").0.status == .notFound)
            // The page links the certificate to its verification page and the PDF.
            let (_, page) = try await browser.get("/console/assets/LAP-P")
            #expect(page.contains("/verify/\(entry.id)") && page.contains("/console/certificates/\(entry.id).pdf"))
            #expect(page.contains("sanitized"))
            let (doc, _) = try await browser.get("/console/documents/\(entry.id)")
            #expect(doc.status == .seeOther)
            #expect(doc.headers[.location] == "/verify/\(entry.id)?sha256=\(entry.sha256)")
        }
    }

    @Test func theDashboardCountsAndDrawsWithoutScript() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.push(asset: "LAP-D1")
        try await fixture.push(asset: "LAP-D2")
        try await fixture.push(asset: "LAP-D3", .failed)
        try await fixture.app().test(.router) { client in
            let browser = ConsoleBrowser(client)
            try await browser.signIn("auditor")
            let (r, body) = try await browser.get("/console")
            #expect(r.status == .ok)
            #expect(body.contains("<p class=\"big\">3 wipes</p>"))
            #expect(body.contains("text-anchor=\"end\">4</text>") && !body.contains(">0.25<"), "a count's scale has whole ticks")
            #expect(body.contains("2 passed") && body.contains("1 failed"))
            #expect(body.contains("<svg") && body.contains("class=\"chart-passed\"") && body.contains("class=\"chart-failed\""))
            #expect(!body.contains("<script") && !body.contains("style=\""), "no script, no inline style (the CSP forbids both)")
            #expect(body.contains("CONSOLE-ST1"))
        }
    }

    @Test func aPasswordOrRoleChangeEndsTheSessionsOpenedBefore() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.app().test(.router) { client in
            let alice = ConsoleBrowser(client), bob = ConsoleBrowser(client)
            try await alice.signIn("admin")
            try await bob.signIn("auditor")
            #expect(try await alice.get("/console").0.status == .ok)
            // As `expunge-depot user passwd` does it, from another process: straight into the database.
            #expect(try await fixture.archive.setPassword(user: "admin", passwordHash: try PasswordHasher(logN: 10).hash("a new passphrase here")))
            let (r, _) = try await alice.get("/console")
            #expect(r.status == .seeOther && r.headers[.location]?.hasPrefix("/signin") == true, "the old session is gone")
            #expect(try await bob.get("/console").0.status == .ok, "another user's session stays")
            try await alice.signIn("admin", password: "a new passphrase here")
            #expect(try await alice.get("/console").0.status == .ok, "the new password signs in")
        }
    }

    @Test func behindTheTrustedProxyTheForwardedAddressIsAuditedAndElsewhereIgnored() async throws {
        for proxy in ["unknown", "192.0.2.1"] {
            let fixture = try await ConsoleFixture(trustedProxy: proxy)
            try await fixture.app().test(.router) { client in
                let browser = ConsoleBrowser(client)
                browser.extraHeaders[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.9, 198.51.100.7"
                try await browser.signIn("admin")
            }
            let address = try await fixture.archive.auditEntries(limit: 1).first?.address
            // In process the peer's address is "unknown": the first fixture trusts it, the second trusts another.
            #expect(address == (proxy == "unknown" ? "198.51.100.7" : "unknown"), "\(proxy): \(String(describing: address))")
        }
    }

    @Test func theDashboardDrawsDisposalTonnesPerMonthByRoute() async throws {
        let fixture = try await ConsoleFixture()
        let today = String(Timestamp.rfc3339(Date()).prefix(10))
        for (id, route, kg) in [("DR-1", DisposalRoute.recycling, 1200.0), ("DR-2", .resale, 300.0)] {
            try await fixture.archive.records.index(disposal: DisposalIndexEntry(
                recordID: id, sha256: String(repeating: "d", count: 64), assetID: "LAP-\(id)", route: route, wasteStatus: route.defaultWasteStatus,
                recipient: "Recycler BV", recipientCertification: nil, certificationID: nil, weightKg: kg, weightSource: .measured,
                weeeCategory: nil, ewcCode: nil, hazardous: false, disposedOn: today, transferNote: nil, overrideReason: nil,
                mediaDestroyedReference: nil, issuedAt: today + "T12:00:00Z", path: "/ledger/\(id).json"))
        }
        try await fixture.app().test(.router) { client in
            let browser = ConsoleBrowser(client)
            try await browser.signIn("compliance")
            let (_, body) = try await browser.get("/console")
            #expect(body.contains("class=\"route-recycling\"") && body.contains("class=\"route-resale\""), "one segment per route")
            #expect(body.contains("\(today.prefix(7)): 1.20 tonnes recycling") && body.contains("\(today.prefix(7)): 0.30 tonnes resale"),
                    "each segment's tooltip says its tonnes")
            #expect(body.contains("aria-label=\"Disposal per month by route, last 12 months: ") && body.contains("\(today.prefix(7)) 1.50"),
                    "the chart's text alternative gives each month's total")
        }
    }
}

@Suite("depot web: sessions and sign-in throttling")
struct ConsoleSessionTests {
    final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_800_000_000)
    }

    @Test func aSessionEndsWhenIdleAtItsLifetimeAndOnSignOut() async {
        let clock = Clock()
        let book = SessionBook(now: { clock.now })
        let s = await book.open(user: "alice", role: .admin)
        #expect(s.token.count == 64 && s.csrfToken.count == 64 && s.token != s.csrfToken)
        clock.now += SessionBook.idleLimit - 1
        #expect(await book.session(token: s.token) != nil, "used within the idle limit")
        clock.now += SessionBook.idleLimit - 1
        #expect(await book.session(token: s.token) != nil, "each use restarts the idle clock")
        clock.now += SessionBook.idleLimit
        #expect(await book.session(token: s.token) == nil, "idle too long")
        let long = await book.open(user: "bob", role: .auditor)
        for _ in 0..<Int(SessionBook.lifetime / (SessionBook.idleLimit - 60)) + 1 {
            clock.now += SessionBook.idleLimit - 60
            _ = await book.session(token: long.token)
        }
        #expect(await book.session(token: long.token) == nil, "never past its lifetime")
        let third = await book.open(user: "carol", role: .technician)
        await book.close(token: third.token)
        #expect(await book.session(token: third.token) == nil)
    }

    @Test func attemptsInFlightCountTowardsTheLimit() async {
        let clock = Clock()
        let throttle = SignInThrottle(now: { clock.now })
        for _ in 0..<SignInThrottle.perUser { #expect(await throttle.begin(user: "alice", address: "10.0.0.1") == nil) }
        #expect(await throttle.begin(user: "alice", address: "10.0.0.2") != nil, "five checks running: the sixth waits")
        for _ in 0..<SignInThrottle.perUser { await throttle.end(user: "alice", address: "10.0.0.1", .failed) }
        #expect(await throttle.retryAfter(user: "alice", address: "10.0.0.1") == clock.now + SignInThrottle.window, "five failures lock the user")
        #expect(await throttle.begin(user: "bob", address: "10.0.0.3") == nil)
        await throttle.end(user: "bob", address: "10.0.0.3", .notChecked)
        #expect(await throttle.retryAfter(user: "bob", address: "10.0.0.3") == nil, "an attempt never checked counts nothing")
        #expect(await throttle.shouldAuditRefusal(user: "alice", address: "10.0.0.1"))
        #expect(!(await throttle.shouldAuditRefusal(user: "alice", address: "10.0.0.1")), "a flood of refusals is audited once a minute")
        clock.now += SignInThrottle.refusalAuditInterval
        #expect(await throttle.shouldAuditRefusal(user: "alice", address: "10.0.0.1"))
    }

    @Test func failuresAreCountedPerUserAndPerAddressOverTheWindow() async {
        let clock = Clock()
        let throttle = SignInThrottle(now: { clock.now })
        for _ in 0..<SignInThrottle.perUser { await throttle.recordFailure(user: "alice", address: "10.0.0.1") }
        #expect(await throttle.retryAfter(user: "alice", address: "10.0.0.9") != nil, "the user is locked from any address")
        #expect(await throttle.retryAfter(user: "bob", address: "10.0.0.1") == nil, "the address is not yet")
        clock.now += SignInThrottle.window + 1
        #expect(await throttle.retryAfter(user: "alice", address: "10.0.0.1") == nil, "the window passed")
        for i in 0..<SignInThrottle.perAddress { await throttle.recordFailure(user: "name-\(i)", address: "10.0.0.2") }
        #expect(await throttle.retryAfter(user: "someone-new", address: "10.0.0.2") != nil, "one address trying many names is locked")
        await throttle.recordFailure(user: "dave", address: "10.0.0.3")
        await throttle.recordSuccess(user: "dave")
        #expect(await throttle.retryAfter(user: "dave", address: "10.0.0.3") == nil)
    }
}
