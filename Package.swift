// swift-tools-version:6.2
import PackageDescription

/// Every Expunge target builds in the Swift 6 language mode with warnings treated as errors.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "Expunge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "expunge", targets: ["expunge"]),
        .executable(name: "expunge-depot", targets: ["expunge-depot"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The depot server (`expunge-depot` only: the station binary never links Hummingbird).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // The depot's web pages.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        // The station's push to the depot.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // C libraries, wrapped once.
        .systemLibrary(
            name: "CLibUdev",
            pkgConfig: "libudev",
            providers: [.apt(["libudev-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "CLinux"),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        .systemLibrary(
            name: "CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),

        // Swift modules.
        .target(name: "StorageModel", swiftSettings: strict),
        .target(name: "BlockIO", dependencies: ["CLinux", "StorageModel"], swiftSettings: strict),
        .target(name: "Devices", dependencies: ["CLibUdev", "CLinux", "StorageModel", "BlockIO"], swiftSettings: strict),
        .target(name: "Sanitization", dependencies: ["CLibCrypto", "StorageModel", "BlockIO", "Devices"], swiftSettings: strict),
        .target(name: "Health", dependencies: ["StorageModel", "BlockIO"], swiftSettings: strict),
        .target(
            name: "Evidence",
            dependencies: ["CLibCrypto", "StorageModel", "BlockIO", .product(name: "SwiftASN1", package: "swift-asn1")],
            swiftSettings: strict
        ),
        .target(
            name: "Records",
            dependencies: ["Evidence", "StorageModel"],
            swiftSettings: strict
        ),
        .target(
            name: "RecordsSQLite",
            dependencies: ["Records", "Evidence", "StorageModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "RecordsPostgres",
            dependencies: ["Records", "Evidence", "StorageModel", .product(name: "PostgresNIO", package: "postgres-nio")],
            resources: [.copy("Migrations")],
            swiftSettings: strict
        ),
        .target(
            name: "Reports",
            dependencies: ["Records", "Evidence", "StorageModel", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        .target(
            name: "Rendering",
            dependencies: ["CCairo", "CPangoCairo", "CQREncode", "Evidence", "Records", "Reports", "StorageModel"],
            swiftSettings: strict
        ),
        .target(
            name: "Station",
            dependencies: ["StorageModel", "BlockIO", "Devices", "Sanitization", "Evidence", "Records", "Health"],
            swiftSettings: strict
        ),
        .target(
            name: "StationConsole",
            dependencies: ["Station", "Devices", "BlockIO", "Sanitization", "Evidence", "Records", "StorageModel"],
            swiftSettings: strict
        ),
        .target(name: "DepotAPI", dependencies: ["StorageModel"], swiftSettings: strict),
        .target(
            name: "DepotClient",
            dependencies: [
                "DepotAPI", "Station", "Evidence", "Records", "StorageModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ExpungeCommands",
            dependencies: [
                "StorageModel", "Devices", "BlockIO", "Sanitization", "Evidence", "Records", "RecordsSQLite", "Reports", "Rendering", "Station",
                "StationConsole", "Health", "DepotClient", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "expunge", dependencies: ["ExpungeCommands"], swiftSettings: strict),
        .target(name: "Depot", dependencies: ["DepotAPI", "Records", "Evidence", "StorageModel", "CLibCrypto"], swiftSettings: strict),
        .target(
            name: "DepotWeb",
            dependencies: ["Depot", "Rendering", "Records", "Reports", "Evidence", "StorageModel", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        .target(
            name: "DepotServer",
            dependencies: [
                "Depot", "DepotAPI", "DepotWeb", "Records", "StorageModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "DepotCommands",
            dependencies: [
                "Depot", "DepotServer", "DepotWeb", "DepotAPI", "Records", "RecordsSQLite", "RecordsPostgres", "Reports", "Evidence", "StorageModel", "BlockIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "expunge-depot", dependencies: ["DepotCommands"], swiftSettings: strict),
        .executableTarget(
            name: "expunge-records-bench",
            dependencies: ["Records", "RecordsSQLite", "StorageModel"],
            path: "Benchmarks/RecordsBench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "expunge-depot-bench",
            dependencies: ["DepotAPI", "DepotClient", "Evidence", "StorageModel"],
            path: "Benchmarks/DepotBench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "expunge-depot-store-bench",
            dependencies: ["Records", "RecordsPostgres", "RecordsSQLite", "Reports", "StorageModel",
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Benchmarks/DepotStoreBench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "expunge-evidence-bench",
            dependencies: ["Evidence", "StorageModel"],
            path: "Benchmarks/EvidenceBench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "expunge-pdf-bench",
            dependencies: ["Rendering", "Evidence", "StorageModel"],
            path: "Benchmarks/PDFBench",
            swiftSettings: strict
        ),

        // Tests.
        .testTarget(name: "StorageModelTests", dependencies: ["StorageModel"], swiftSettings: strict),
        .testTarget(
            name: "DevicesTests",
            dependencies: ["Devices", "StorageModel", "BlockIO"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "BlockIOTests", dependencies: ["BlockIO"], swiftSettings: strict),
        .target(name: "Fakes", dependencies: ["BlockIO", "Sanitization", "StorageModel", "Records"], path: "Tests/Fakes", swiftSettings: strict),
        .testTarget(name: "HealthTests", dependencies: ["Health", "BlockIO", "StorageModel", "Fakes"], swiftSettings: strict),
        .testTarget(name: "SanitizationTests", dependencies: ["Sanitization", "BlockIO", "StorageModel", "Devices", "Fakes"], swiftSettings: strict),
        .testTarget(
            name: "StationTests",
            dependencies: ["Station", "Sanitization", "BlockIO", "Devices", "Evidence", "Records", "RecordsSQLite", "StorageModel", "Fakes", "Health",
                           "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StationConsoleTests",
            dependencies: ["StationConsole", "Station", "Devices", "Sanitization", "StorageModel", "TestSupport"],
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        .target(name: "TestSupport", dependencies: ["Evidence", "StorageModel"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "EvidenceTests", dependencies: ["Evidence", "StorageModel", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "LedgerTests", dependencies: ["Evidence", "StorageModel", "TestSupport"], swiftSettings: strict),
        .target(name: "RecordStoreContract", dependencies: ["Records", "RecordsSQLite", "Evidence", "StorageModel"], path: "Tests/RecordStoreContract",
                swiftSettings: strict),
        .testTarget(
            name: "RecordsSQLiteTests",
            dependencies: ["RecordStoreContract", "RecordsSQLite", "Records", "StorageModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RecordsPostgresTests",
            dependencies: ["RecordStoreContract", "RecordsPostgres", "RecordsSQLite", "Records", "Reports", "StorageModel",
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RecordsTests",
            dependencies: ["Records", "RecordsSQLite", "Reports", "Evidence", "StorageModel", "TestSupport", "RecordStoreContract"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Records", "RecordsSQLite", "Evidence", "StorageModel", "TestSupport", "RecordStoreContract"],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DepotTests",
            dependencies: [
                "Depot", "DepotServer", "DepotWeb", "DepotAPI", "Records", "RecordsSQLite", "Reports", "Evidence", "StorageModel", "Fakes", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DepotClientTests",
            dependencies: ["DepotClient", "DepotAPI", "Depot", "DepotServer", "Station", "Evidence", "Records", "RecordsSQLite", "StorageModel", "Fakes",
                           "TestSupport",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RenderingTests",
            dependencies: ["Rendering", "Evidence", "Records", "Reports", "Station", "StorageModel", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["expunge", "expunge-depot", "Devices", "BlockIO", "StorageModel", "Evidence", "TestSupport"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
