import DepotAPI
import Evidence
import Foundation
import Records
import Station
import StorageModel

/// The depot's register for a joined station's asset lookups (`GET /api/v1/assets/{id}`, signed
/// by the station's key): the console and `wipe --asset` ask it first and fall back to the
/// station's own copy when it does not answer.
public struct DepotRegister: RemoteRegister {
    public let connection: DepotConnection
    public let signer: any DocumentSigning
    public let now: @Sendable () -> Date

    public init(connection: DepotConnection, signer: any DocumentSigning, now: @escaping @Sendable () -> Date = { Date() }) {
        self.connection = connection
        self.signer = signer
        self.now = now
    }

    public func lookUp(_ assetID: String) async throws -> RemoteAsset? {
        guard let answer = try await connection.asset(assetID, signer: signer, now: now()) else { return nil }
        let record = AssetRecord(assetID: answer.assetID, serial: answer.serial, manufacturer: answer.manufacturer, model: answer.model,
                                 category: answer.category, customer: answer.customer, weightKg: nil, inRegister: answer.inRegister,
                                 createdAt: Timestamp.rfc3339(now()))
        return RemoteAsset(record: record, status: answer.status)
    }
}
