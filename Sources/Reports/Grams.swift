import Foundation

/// A mass in whole grams. Report weights are summed as integers (no binary floating point in a
/// sum) and printed from the integer: in tonnes with six decimals (one gram), in kilograms with
/// three, so every format shows the same digits and no non-zero mass prints as 0.
public struct Grams: Sendable, Hashable, Comparable, Encodable {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    /// A record's weight (kilograms, as entered) to the nearest gram; a positive weight below half
    /// a gram counts as one gram rather than vanishing.
    public init(kilograms kg: Double) {
        guard kg.isFinite, kg > 0 else { value = 0; return }
        value = max(1, Int64((kg * 1000).rounded()))
    }

    public static let zero = Grams(0)
    public static func + (a: Grams, b: Grams) -> Grams { Grams(a.value + b.value) }
    public static func - (a: Grams, b: Grams) -> Grams { Grams(a.value - b.value) }
    public static func += (a: inout Grams, b: Grams) { a.value += b.value }
    public static func < (a: Grams, b: Grams) -> Bool { a.value < b.value }

    /// Tonnes, six decimals: "0.014000".
    public var tonnesText: String { Self.fixed(value, decimals: 6) }
    /// Kilograms, three decimals: "1.360".
    public var kilogramsText: String { Self.fixed(value, decimals: 3) }
    /// Tonnes as an exact decimal (what JSON carries).
    public var tonnes: Decimal { Decimal(string: tonnesText) ?? 0 }
    public var kilograms: Decimal { Decimal(string: kilogramsText) ?? 0 }

    /// `units` scaled down by 10^decimals, printed exactly: fixed(4643, 2) = "46.43".
    static func fixed(_ units: Int64, decimals: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let sign = units < 0 ? "-" : ""
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(scale), fraction = String(magnitude % UInt64(scale))
        return "\(sign)\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// part / whole in units of 10^-decimals, rounded half up (integer arithmetic); 0 when whole is 0.
    static func ratio(_ part: Grams, _ whole: Grams, scale: Int64) -> Int64 {
        whole.value > 0 ? (part.value * scale * 2 + whole.value) / (whole.value * 2) : 0
    }

    /// Encoded as tonnes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(tonnes)
    }
}
