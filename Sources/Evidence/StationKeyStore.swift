import BlockIO
import Foundation
import Glibc
import StorageModel

/// The station's identity as configured by `expunge keys init`.
public struct StationConfiguration: Codable, Sendable, Hashable {
    public var station: String
    public var organization: String
    public var location: String?

    /// Station names become file names and certificate IDs: letters, digits, `.`, `_`, `-`.
    public static func isValidStationName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.utf8.allSatisfy {
            ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 46 || $0 == 95
        } && !name.hasPrefix(".") && !name.hasPrefix("-")
    }
}

/// Signs documents: the seam between the ledger and the station key.
public protocol DocumentSigning: Sendable {
    var station: StationInfo { get }
    func sign(_ document: [UInt8]) throws -> [UInt8]
}

/// The loaded station key and certificate, ready to sign.
public struct StationSigner: DocumentSigning {
    public let station: StationInfo
    public let key: StationKey
    public let certificate: X509Certificate
    public let chain: [X509Certificate]

    public init(station: StationInfo, key: StationKey, certificate: X509Certificate, chain: [X509Certificate]) {
        self.station = station
        self.key = key
        self.certificate = certificate
        self.chain = chain
    }

    public func sign(_ document: [UInt8]) throws -> [UInt8] {
        try CMSSignature.sign(document, key: key, certificate: certificate, chain: chain)
    }
}

/// `$EXPUNGE_HOME/keys`: the station key (mode 0600), its certificate (self-signed, or issued by
/// the organisation's CA), the certificate request, the local trust anchors, and the station
/// configuration.
public struct StationKeyStore: Sendable {
    public let directory: String

    public init(home: ExpungeHome) { directory = home.keys }

    public var keyPath: String { directory + "/station.key.pem" }
    public var certificatePath: String { directory + "/station.cert.pem" }
    public var chainPath: String { directory + "/station.chain.pem" }
    public var requestPath: String { directory + "/station.csr.pem" }
    public var trustPath: String { directory + "/trust.pem" }
    public var configurationPath: String { directory + "/station.json" }

    public enum CertificateKind: Sendable { case selfSigned, request }

    /// What `keys init` produced.
    public struct Initialized: Sendable {
        public var keyPath: String
        public var certificate: X509Certificate?
        public var requestPath: String?
    }

    /// Creates the station key and either a self-signed certificate or a CSR. Refuses to replace
    /// an existing key unless `replace` (old documents stay verifiable with the old certificate).
    public func initialize(station: String, organization: String, location: String?, kind: CertificateKind,
                           validityDays: Int, replace: Bool) throws -> Initialized {
        guard StationConfiguration.isValidStationName(station) else {
            throw ExpungeError(.usage, "invalid station name \"\(station)\"",
                                remedy: "use 1–64 letters, digits, '.', '_' or '-' (it becomes part of every certificate ID)")
        }
        if FileManager.default.fileExists(atPath: keyPath) && !replace {
            throw ExpungeError(.failed, "a station key already exists at \(keyPath)",
                                remedy: "keep it (see `expunge keys show`), or pass --force to replace it")
        }
        try AtomicFile.ensureDirectory(directory)
        let key = try StationKey.generate()
        try AtomicFile.write(key.pem, to: keyPath, mode: 0o600)
        let config = StationConfiguration(station: station, organization: organization, location: location)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write([UInt8](try encoder.encode(config)) + [0x0A], to: configurationPath)
        switch kind {
        case .selfSigned:
            let cert = try StationCertificateFactory.selfSigned(key: key, station: station, organization: organization, validFor: validityDays)
            try AtomicFile.write(cert.pem, to: certificatePath)
            try AtomicFile.write(cert.pem, to: trustPath)
            try? FileManager.default.removeItem(atPath: requestPath)
            try? FileManager.default.removeItem(atPath: chainPath)
            return Initialized(keyPath: keyPath, certificate: cert, requestPath: nil)
        case .request:
            let csr = try StationCertificateFactory.signingRequest(key: key, station: station, organization: organization)
            try AtomicFile.write(csr, to: requestPath)
            try? FileManager.default.removeItem(atPath: certificatePath)
            return Initialized(keyPath: keyPath, certificate: nil, requestPath: requestPath)
        }
    }

    /// Installs a CA-issued station certificate (PEM; any further certificates in the file are
    /// kept as the chain) and, optionally, the CA certificate as the local trust anchor.
    public func install(certificatePEM: [UInt8], caPEM: [UInt8]?) throws -> X509Certificate {
        let key = try loadKey()
        let certs = X509Certificate.loadAll(pem: certificatePEM)
        guard let leaf = certs.first else {
            throw ExpungeError(.badInput, "the file contains no PEM certificate", remedy: "pass the certificate your CA issued for station.csr.pem")
        }
        guard leaf.certifies(key) else {
            throw ExpungeError(.badInput, "the certificate (\(leaf.subject)) is not for this station's key",
                                remedy: "have the CA sign \(requestPath) and install that certificate")
        }
        let config = try loadConfiguration()
        if leaf.commonName != config.station {
            throw ExpungeError(.badInput, "the certificate's common name \"\(leaf.commonName ?? "")\" is not the station name \"\(config.station)\"",
                                remedy: "issue the certificate for CN=\(config.station)")
        }
        try AtomicFile.write(leaf.pem, to: certificatePath)
        let chain = certs.dropFirst().flatMap(\.pem)
        if chain.isEmpty { try? FileManager.default.removeItem(atPath: chainPath) } else { try AtomicFile.write(chain, to: chainPath) }
        if let caPEM {
            guard !X509Certificate.loadAll(pem: caPEM).isEmpty else {
                throw ExpungeError(.badInput, "the CA file contains no PEM certificate", remedy: "pass the CA certificate in PEM form")
            }
            try AtomicFile.write(caPEM, to: trustPath)
        }
        return leaf
    }

    public func loadConfiguration() throws -> StationConfiguration {
        guard let data = FileManager.default.contents(atPath: configurationPath) else {
            throw ExpungeError(.permission, "no station is configured (\(configurationPath) is missing or unreadable)",
                                remedy: "run `expunge keys init --station NAME --org ORGANIZATION` as root")
        }
        do { return try JSONDecoder().decode(StationConfiguration.self, from: data) } catch {
            throw ExpungeError(.badInput, "\(configurationPath) is not a valid station configuration", remedy: "run `expunge keys init --force`")
        }
    }

    /// Loads the private key, refusing a key file that others can read or that belongs to another user.
    public func loadKey() throws -> StationKey {
        let status: FileStatus
        do { status = try SystemCall.fileStatus(path: keyPath) } catch {
            if error == .noSuchFile {
                throw ExpungeError(.permission, "no station key at \(keyPath)", remedy: "run `expunge keys init --station NAME --org ORGANIZATION` as root")
            }
            throw ExpungeError(.permission, "cannot read the station key \(keyPath): \(error)", remedy: "run as root")
        }
        if status.permissions & 0o077 != 0 {
            throw ExpungeError(.permission,
                                "the station key \(keyPath) is accessible by others (mode \(String(status.permissions, radix: 8)))",
                                remedy: "chmod 600 \(keyPath), and consider the key compromised if others could read it")
        }
        if status.owner != geteuid() {
            throw ExpungeError(.permission, "the station key \(keyPath) belongs to uid \(status.owner), not to this user",
                                remedy: "run as the key's owner (root), or chown it")
        }
        guard let data = FileManager.default.contents(atPath: keyPath) else {
            throw ExpungeError(.permission, "cannot read the station key \(keyPath)", remedy: "run as root")
        }
        guard let key = StationKey.load(pem: [UInt8](data)), key.isP256 else {
            throw ExpungeError(.badInput, "\(keyPath) is not an EC P-256 private key", remedy: "run `expunge keys init --force` to make a new one")
        }
        return key
    }

    public func loadCertificate() throws -> X509Certificate {
        guard let data = FileManager.default.contents(atPath: certificatePath), let cert = X509Certificate.load(pem: [UInt8](data)) else {
            let pending = FileManager.default.fileExists(atPath: requestPath)
            throw ExpungeError(.permission, "no station certificate at \(certificatePath)",
                                remedy: pending ? "have your CA sign \(requestPath), then `expunge keys install <cert.pem>`"
                                                : "run `expunge keys init --station NAME --org ORGANIZATION`")
        }
        return cert
    }

    /// Everything needed to sign, checked: key safe and matching, certificate valid now.
    public func loadSigner(now: Date = Date()) throws -> StationSigner {
        let key = try loadKey()
        let cert = try loadCertificate()
        let config = try loadConfiguration()
        guard cert.certifies(key) else {
            throw ExpungeError(.permission, "the station certificate does not match the station key",
                                remedy: "reinstall the certificate issued for this key (`expunge keys install`) or re-run `expunge keys init --force`")
        }
        if let notAfter = cert.notAfter, notAfter < now {
            throw ExpungeError(.permission, "the station certificate expired on \(Timestamp.rfc3339(notAfter))",
                                remedy: "renew it: `expunge keys init --force` (self-signed) or install a new CA-issued certificate")
        }
        if let notBefore = cert.notBefore, notBefore > now {
            throw ExpungeError(.permission, "the station certificate is not valid before \(Timestamp.rfc3339(notBefore))",
                                remedy: "check the station clock (UTC)")
        }
        let chain = FileManager.default.contents(atPath: chainPath).map { X509Certificate.loadAll(pem: [UInt8]($0)) } ?? []
        return StationSigner(station: StationInfo(name: config.station, organization: config.organization,
                                                  location: config.location, hostname: ToolInfo.hostname),
                             key: key, certificate: cert, chain: chain)
    }

    /// The local trust anchors (for `expunge verify` without --trust), if any.
    public func localTrust() -> TrustStore? {
        guard FileManager.default.fileExists(atPath: trustPath) else { return nil }
        return try? TrustStore(pemFile: trustPath)
    }
}
