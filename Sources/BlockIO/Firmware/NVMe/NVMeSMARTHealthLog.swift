/// The SMART / Health Information log page (NVMe Base Specification 2.0c §5.16.1.3, Log Page
/// Identifier 02h, 512 bytes; controller-wide with NSID FFFFFFFFh). Counters are 128-bit
/// little-endian; temperatures are in kelvins (0: sensor not implemented).
public struct NVMeSMARTHealthLog: Hashable, Sendable {
    public static let length = 512

    /// Byte 0: b0 available spare below threshold, b1 temperature outside its thresholds, b2
    /// NVM subsystem reliability degraded, b3 media placed in read-only mode, b4 volatile memory
    /// backup failed, b5 persistent memory region read-only.
    public var criticalWarning: UInt8
    /// Bytes 2:1, kelvins.
    public var compositeTemperatureKelvin: UInt16
    /// Byte 3, percent of the spare capacity left; byte 4 its threshold.
    public var availableSpare: UInt8
    public var availableSpareThreshold: UInt8
    /// Byte 5: the vendor's estimate of life used, percent; may exceed 100 (255 = 255 or more).
    public var percentageUsed: UInt8
    /// Byte 6: Endurance Group Critical Warning Summary.
    public var enduranceGroupCriticalWarning: UInt8
    /// Bytes 47:32 / 63:48, units of 1,000 × 512 bytes, rounded up.
    public var dataUnitsRead: UInt128
    public var dataUnitsWritten: UInt128
    /// Bytes 79:64 / 95:80.
    public var hostReadCommands: UInt128
    public var hostWriteCommands: UInt128
    /// Bytes 111:96, minutes.
    public var controllerBusyTime: UInt128
    /// Bytes 127:112.
    public var powerCycles: UInt128
    /// Bytes 143:128.
    public var powerOnHours: UInt128
    /// Bytes 159:144.
    public var unsafeShutdowns: UInt128
    /// Bytes 175:160: unrecovered data integrity errors (ECC, CRC, LBA tag mismatch…).
    public var mediaErrors: UInt128
    /// Bytes 191:176: error information log entries over the controller's life.
    public var errorLogEntries: UInt128
    /// Bytes 195:192 / 199:196, minutes above the warning / critical composite temperature.
    public var warningTemperatureMinutes: UInt32
    public var criticalTemperatureMinutes: UInt32
    /// Bytes 215:200: temperature sensors 1–8 in kelvins; nil where not implemented (0).
    public var temperatureSensorsKelvin: [UInt16?]

    public init(_ b: [UInt8]) throws(HealthLogDecodingError) {
        try HealthLogDecodingError.require(b, Self.length, "NVMe SMART / Health Information log")
        criticalWarning = b[0]
        compositeTemperatureKelvin = UInt16(Bytes.le(b, 1, 2))
        availableSpare = b[3]
        availableSpareThreshold = b[4]
        percentageUsed = b[5]
        enduranceGroupCriticalWarning = b[6]
        dataUnitsRead = Bytes.le128(b, 32)
        dataUnitsWritten = Bytes.le128(b, 48)
        hostReadCommands = Bytes.le128(b, 64)
        hostWriteCommands = Bytes.le128(b, 80)
        controllerBusyTime = Bytes.le128(b, 96)
        powerCycles = Bytes.le128(b, 112)
        powerOnHours = Bytes.le128(b, 128)
        unsafeShutdowns = Bytes.le128(b, 144)
        mediaErrors = Bytes.le128(b, 160)
        errorLogEntries = Bytes.le128(b, 176)
        warningTemperatureMinutes = UInt32(Bytes.le(b, 192, 4))
        criticalTemperatureMinutes = UInt32(Bytes.le(b, 196, 4))
        temperatureSensorsKelvin = (0..<8).map { i in
            let k = UInt16(Bytes.le(b, 200 + 2 * i, 2))
            return k == 0 ? nil : k
        }
    }

    /// The composite temperature in °C (kelvins − 273, as NVMe tools print it); nil when 0 K
    /// (not reported).
    public var compositeTemperatureCelsius: Int? { compositeTemperatureKelvin == 0 ? nil : Int(compositeTemperatureKelvin) - 273 }

    public var spareBelowThreshold: Bool { criticalWarning & 0x01 != 0 }
    public var temperatureWarning: Bool { criticalWarning & 0x02 != 0 }
    public var reliabilityDegraded: Bool { criticalWarning & 0x04 != 0 }
    public var readOnly: Bool { criticalWarning & 0x08 != 0 }
    public var volatileBackupFailed: Bool { criticalWarning & 0x10 != 0 }
}
