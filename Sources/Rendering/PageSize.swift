/// A page size in PDF points (1/72 inch).
public struct PageSize: Sendable, Hashable {
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    public static func millimetres(_ w: Double, _ h: Double) -> PageSize { PageSize(width: w * pointsPerMillimetre, height: h * pointsPerMillimetre) }

    public static let pointsPerMillimetre = 72 / 25.4
    public static let a4 = PageSize.millimetres(210, 297)
    public static let letter = PageSize(width: 612, height: 792)
}

/// The paper a certificate or report is printed on.
public enum Paper: String, Sendable, CaseIterable {
    case a4, letter

    public var size: PageSize { self == .a4 ? .a4 : .letter }
}
