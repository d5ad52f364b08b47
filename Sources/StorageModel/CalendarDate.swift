/// A calendar date as Expunge accepts it from people and files: `YYYY-MM-DD`, proleptic
/// Gregorian, a day that exists (`2026-02-30` and `2026-13-01` are refused; 29 February only in
/// leap years). Years 1000–9999.
public enum CalendarDate {
    /// Whether `text` is exactly a valid `YYYY-MM-DD` date.
    public static func isValid(_ text: String) -> Bool {
        parse(text) != nil
    }

    /// Year, month and day of a valid `YYYY-MM-DD` date; nil for anything else.
    public static func parse(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), y >= 1000, (1...12).contains(m) else { return nil }
        guard d >= 1 && d <= daysIn(month: m, year: y) else { return nil }
        return (y, m, d)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
