import StorageModel

/// Text from drives and registers made safe to show: each line through `DisplayString` (control
/// characters, including escape sequences, become U+FFFD; invalid UTF-8 was replaced when it was
/// decoded). HTML escaping itself is the template's (`{{value}}` escapes `& < > " '`).
enum HTMLText {
    static func shown(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { DisplayString.sanitize(String($0)) ?? "" }
            .joined(separator: "\n")
    }
}
