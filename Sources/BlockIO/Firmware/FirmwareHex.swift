/// `0x1F`: a byte in the form firmware specifications print it.
public func hex(_ v: UInt8) -> String { "0x" + String(v, radix: 16, uppercase: true).leftPad(2) }
/// `0x007F0081`: a command dword.
public func hex32(_ v: UInt32) -> String { "0x" + String(v, radix: 16, uppercase: true).leftPad(8) }

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

/// `0x8000`: a 16-bit register such as an ATA COUNT.
public func hex16(_ v: UInt16) -> String { "0x" + String(v, radix: 16, uppercase: true).leftPad(4) }
