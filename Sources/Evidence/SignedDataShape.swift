import SwiftASN1

/// The parts of a CMS SignedData (RFC 5652 §5) that the signature does not cover and OpenSSL
/// does not check: the two `version` fields, `crls`, and unsigned attributes. Expunge signatures
/// have SignedData version 1, one SignerInfo of version 1 (issuerAndSerialNumber), no CRLs and no
/// unsigned attributes; anything else is an altered file, even if `CMS_verify` would accept it.
/// (Found by the signature-byte fuzz test: flipping the version bytes was accepted.)
enum SignedDataShape {
    /// nil when the structure is exactly the shape Expunge writes; else what is wrong.
    static func problem(_ der: [UInt8]) -> String? {
        guard let root = try? DER.parse(der), case .constructed(let contentInfo) = root.content else {
            return "not a DER ContentInfo"
        }
        let top = Array(contentInfo)
        guard top.count == 2, top[0].identifier == .objectIdentifier,
              case .constructed(let explicit) = top[1].content, let signedData = Array(explicit).first,
              case .constructed(let sdFields) = signedData.content else {
            return "not a SignedData ContentInfo"
        }
        let fields = Array(sdFields)
        guard let version = fields.first, isInteger(version, equalTo: 1) else { return "SignedData version is not 1" }
        if fields.contains(where: { $0.identifier.tagClass == .contextSpecific && $0.identifier.tagNumber == 1 }) {
            return "SignedData carries CRLs"
        }
        guard let signerInfos = fields.last, signerInfos.identifier == .set,
              case .constructed(let infos) = signerInfos.content, Array(infos).count == 1,
              let signerInfo = Array(infos).first, case .constructed(let siFields) = signerInfo.content else {
            return "expected exactly one SignerInfo"
        }
        let si = Array(siFields)
        guard let siVersion = si.first, isInteger(siVersion, equalTo: 1) else { return "SignerInfo version is not 1" }
        guard let last = si.last, last.identifier == .octetString else { return "SignerInfo carries unsigned attributes" }
        return nil
    }

    static func isInteger(_ node: ASN1Node, equalTo value: UInt8) -> Bool {
        guard node.identifier == .integer, case .primitive(let bytes) = node.content else { return false }
        return Array(bytes) == [value]
    }
}
