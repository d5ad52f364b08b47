/// An RGB colour, components 0–1.
struct Colour: Sendable, Hashable {
    var red: Double
    var green: Double
    var blue: Double

    init(_ hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }

    static let ink = Colour(0x1A1A1A)
    static let muted = Colour(0x555555)
    static let rule = Colour(0xBBBBBB)
    static let shade = Colour(0xF2F2F2)
    static let white = Colour(0xFFFFFF)
    static let black = Colour(0x000000)
    static let green = Colour(0x1B6E34)
    static let red = Colour(0xB3261E)
    static let amber = Colour(0x9A5B00)
}
