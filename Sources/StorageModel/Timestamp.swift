import Foundation

/// RFC 3339 timestamps in UTC with second precision ("2026-11-22T23:38:39Z"), the only form
/// Expunge writes.
public enum Timestamp {
    public static func rfc3339(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
                      Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
                      Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec))
    }

    /// Parses the RFC 3339 forms Expunge writes and the common variants (fractional seconds,
    /// numeric offsets). Returns nil for anything else.
    public static func parse(_ text: String) -> Date? {
        // The form Expunge writes is read directly: a formatter costs far more to make than the
        // parse (the depot parses several timestamps of every document it verifies).
        if let date = parseUTCSeconds(text) { return date }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` exactly, as `rfc3339` writes it; nil for anything else (also for
    /// a date that does not exist, such as February 30th).
    static func parseUTCSeconds(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count == 20, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54, u[13] == 0x3A, u[16] == 0x3A, u[19] == 0x5A else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var v: Int32 = 0
            for i in range {
                guard (0x30...0x39).contains(u[i]) else { return nil }
                v = v * 10 + Int32(u[i] - 0x30)
            }
            return v
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        var t = tm()
        t.tm_year = year - 1900
        t.tm_mon = month - 1
        t.tm_mday = day
        t.tm_hour = hour
        t.tm_min = minute
        t.tm_sec = second
        let seconds = timegm(&t)
        // timegm normalises (February 30th becomes March 2nd): such a date is not a date.
        guard t.tm_mday == day, t.tm_mon == month - 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
