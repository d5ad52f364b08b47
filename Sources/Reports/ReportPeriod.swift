import Foundation
import Records
import StorageModel

/// A reporting period: inclusive dates, YYYY-MM-DD.
public struct ReportPeriod: Sendable, Hashable, Codable {
    public var from: String
    public var to: String

    public init(from: String, to: String) throws(ExpungeError) {
        for d in [from, to] where !CalendarDate.isValid(d) {
            throw ExpungeError(.usage, "\"\(DisplayString.sanitize(d) ?? "")\" is not a date (YYYY-MM-DD, a day that exists)", remedy: "give the date as YYYY-MM-DD; 2026-02-30 does not exist")
        }
        guard from <= to else { throw ExpungeError(.usage, "the period starts (\(from)) after it ends (\(to))", remedy: "swap --from and --to") }
        self.from = from
        self.to = to
    }

    /// The calendar year so far when no bounds are given.
    public static func defaulted(from: String?, to: String?, now: Date = Date()) throws(ExpungeError) -> ReportPeriod {
        let today = String(Timestamp.rfc3339(now).prefix(10))
        return try ReportPeriod(from: from ?? String(today.prefix(4)) + "-01-01", to: to ?? today)
    }
}

/// Output formats of `expunge report`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case csv, json, html
}

/// Shared rendering helpers.
enum Render {
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static func html(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func page(title: String, subtitle: String, body: String) -> String {
        let (head, tail) = pageParts(title: title, subtitle: subtitle)
        return head + body + tail
    }

    /// The page before and after its body, for streaming.
    static func pageParts(title: String, subtitle: String) -> (String, String) {
        let full = pageTemplate(title: title, subtitle: subtitle, body: "\u{0}")
        let parts = full.split(separator: "\u{0}", omittingEmptySubsequences: false)
        return (String(parts[0]), String(parts[1]))
    }

    static func pageTemplate(title: String, subtitle: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(html(title))</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}
        h1{font-size:1.4em;margin:0}p.sub{color:#555;margin:.2em 0 1.2em}
        table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
        th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
        th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
        code{font-size:.85em;color:#444}.fail{color:#a00;font-weight:600}.pass{color:#060}
        </style></head><body>
        <h1>\(html(title))</h1><p class="sub">\(html(subtitle))</p>
        \(body)
        </body></html>

        """
    }

    /// Tonnes from kilograms, to the gram.
    static func tonnes(_ kg: Double) -> Double { (kg / 1000 * 1_000_000).rounded() / 1_000_000 }

    static func number(_ v: Double, decimals: Int = 3) -> String { String(format: "%.\(decimals)f", v) }
}
