import Hummingbird
import NIOCore

/// The depot's request context: Hummingbird's core context and the client's address (sign-in
/// throttling and the audit log are per address).
public struct DepotRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The address as the audit log and the throttle record it ("unknown" in the in-process tests).
    public var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
