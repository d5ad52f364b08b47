/// An HTML answer of the depot's web front: status and the whole page. HTTP framing and the
/// security headers (`WebPage.headers`) are the server's business.
public struct WebPage: Sendable, Hashable {
    public var status: Int
    public var html: String

    public init(status: Int, html: String) {
        self.status = status
        self.html = html
    }

    /// Sent with every page: a strict Content-Security-Policy (no script at all, styles only from
    /// the depot's own stylesheet, no framing, forms only to the depot), no MIME sniffing, no
    /// referrer (a verification URL carries a document hash), and no caching of answers that
    /// change when a station is revoked.
    public static let headers: [(name: String, value: String)] = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Security-Policy",
         "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cache-Control", "no-store"),
    ]
}
