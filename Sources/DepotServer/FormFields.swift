import Foundation

/// An `application/x-www-form-urlencoded` body (an HTML form without files) as name → value;
/// the first value of a repeated name wins. `+` is a space and `%XX` a byte (WHATWG URL
/// standard, "application/x-www-form-urlencoded parsing"); bytes that are not UTF-8 become U+FFFD.
struct FormFields {
    var values: [String: String] = [:]

    subscript(_ name: String) -> String? { values[name] }

    static func parse(_ body: [UInt8]) -> FormFields {
        var form = FormFields()
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0]), value = parts.count > 1 ? decode(parts[1]) : ""
            if form.values[name] == nil { form.values[name] = value }
        }
        return form
    }

    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: percentDecoded(bytes.map { $0 == UInt8(ascii: "+") ? 0x20 : $0 }), as: UTF8.self)
    }

    /// `%XX` → the byte; a `%` not followed by two hex digits stays as it is.
    static func percentDecoded(_ bytes: [UInt8]) -> [UInt8] {
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
