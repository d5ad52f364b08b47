import StorageModel

extension Sysfs {
    /// The machine's DMI identity from `class/dmi/id/` (`sys_vendor`, `product_name`,
    /// `product_serial`; the serial is readable by root only). Nil when the firmware gave none.
    public func machineIdentity() -> MachineIdentity? {
        let base = "class/dmi/id"
        let identity = MachineIdentity(vendor: attribute("\(base)/sys_vendor"), product: attribute("\(base)/product_name"),
                                       serial: attribute("\(base)/product_serial"))
        return identity.isEmpty ? nil : identity
    }
}
