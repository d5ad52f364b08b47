import StorageModel

extension Station {
    /// Identify Namespace's NGUID and EUI-64 complete what the kernel listed (sysfs shows them only
    /// when the controller reports them there). The namespace ID stays the kernel's (sysfs `nsid`):
    /// it is compared strictly before the first write and at the end.
    static func record(_ ns: ScopeRecord.Namespace, in identity: inout DeviceIdentity) {
        if identity.nvmeNGUID == nil { identity.nvmeNGUID = ns.nguid }
        if identity.nvmeEUI64 == nil { identity.nvmeEUI64 = ns.eui64 }
    }
}
