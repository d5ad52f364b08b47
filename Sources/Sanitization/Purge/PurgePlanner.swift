import StorageModel

/// Chooses the Purge technique for a device (NIST SP 800-88 Rev. 1 Appendix A / IEEE 2883 by media
/// and interface), or explains why there is none. Never calls Clear a Purge.
public enum PurgePlanner {
    public static func choose(capabilities: PurgeCapabilities, media: MediaType, requested: PurgeTechnique?, path: String) -> Result<PurgeTechnique, ExpungeError> {
        let instead = "use --level clear (overwrite; Clear only" + (media.isFlash ? ", spare flash cells stay out of reach" : "") + "), or destroy the medium"
        if let t = requested {
            if !t.isPurge(on: media) {
                return .failure(ExpungeError(.notSupported, "\(t.rawValue) is not Purge on \(media.rawValue) media (NIST SP 800-88: \(t == .ataSecurityErase || t == .ataSecurityEraseEnhanced ? "ATA SECURITY ERASE is Clear on flash" : "overwrite cannot reach spare flash cells"))",
                                             remedy: alternatives(capabilities) ?? instead))
            }
            if capabilities.available.contains(t) { return .success(t) }
            let why = capabilities.blocker ?? capabilities.unavailable.first { $0.technique == t }?.reason ?? "\(path) has no \(t.interface.rawValue) interface"
            return .failure(ExpungeError(.notSupported, "\(path) does not support \(t.rawValue): \(why)", remedy: alternatives(capabilities) ?? instead))
        }
        if let t = PurgeTechnique.preference(for: media).first(where: capabilities.available.contains) { return .success(t) }
        let why = capabilities.blocker ?? (capabilities.unavailable.isEmpty ? "no firmware sanitize command"
            : capabilities.unavailable.map { "\($0.technique.rawValue): \($0.reason)" }.joined(separator: "; "))
        return .failure(ExpungeError(.notSupported, "no Purge technique for \(path): \(why)", remedy: instead))
    }

    static func alternatives(_ c: PurgeCapabilities) -> String? {
        c.available.isEmpty ? nil : "available on this device: " + c.available.map(\.rawValue).joined(separator: ", ")
    }
}
