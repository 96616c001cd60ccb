// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way:
// Imaging ← Analysis ← Inspection ← (Reporting, Store) ← Daemon ← cellqa.
// SPC (control charts, capability) depends on nothing; Dashboard (the read-only
// web view) sits on Store, Reporting and SPC, beside Daemon, and only cellqa uses it.
// VolumeIO (files) and Phantom (synthetic scans) sit beside Analysis and never
// depend on it; Analysis never touches files.
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "cellqa",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cellqa", targets: ["cellqa"]),
    ],
    // `swift build --traits ModelRuntime`: ONNX overhang segmenter through OpenCV dnn
    // (needs libopencv-dnn-dev). Off by default, so the default build needs no OpenCV.
    traits: [
        .trait(name: "ModelRuntime", description: "ONNX segmenter via OpenCV dnn (libopencv-dnn-dev)."),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // System libraries: a module map and a shim header each, nothing else.
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // gzip/zlib-compressed raw volumes (NRRD `encoding: gzip`, MetaImage `CompressedData`).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // The kernels, the analyses and the phantom renderer are optimised in debug
        // builds too: the test suite renders and inspects whole lots of cells, which
        // unoptimised code does twenty times slower. (`-O` after SwiftPM's `-Onone`.)
        .target(name: "Imaging", swiftSettings: optimisedInDebug),
        .target(name: "VolumeIO", dependencies: ["Imaging", "CTIFF", "CPNG", "CZlib"]),
        .target(name: "Phantom", dependencies: ["Imaging", "VolumeIO"], swiftSettings: optimisedInDebug),
        .target(name: "Analysis", dependencies: ["Imaging"], swiftSettings: optimisedInDebug),
        .target(name: "Inspection", dependencies: ["Imaging", "VolumeIO", "Analysis", "TOMLKit"]),
        .target(name: "Reporting", dependencies: ["Inspection", "Analysis", "Imaging", "VolumeIO"]),
        // The gauge's own capability: a lot of phantoms with known truth, inspected by
        // the production pipeline, against false-call rates, bias, %GRR and POD.
        .target(name: "Validation", dependencies: ["Imaging", "Analysis", "Phantom", "Inspection"]),
        .target(name: "Store", dependencies: ["Inspection", .product(name: "GRDB", package: "GRDB.swift")]),
        // Statistical process control: I-MR charts, Nelson rules, capability. Pure arithmetic.
        .target(name: "SPC"),
        // `cellqa serve`: server-rendered pages over the log, opened read-only.
        .target(name: "Dashboard", dependencies: [
            "Store", "Inspection", "Reporting", "SPC",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .target(name: "Daemon", dependencies: [
            "Inspection", "VolumeIO", "Reporting", "Store", "CSystemd",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // Optional network runtime (trait ModelRuntime). Debian ships no opencv4.pc
        // with libopencv-dnn-dev alone, hence the explicit header path and libraries.
        .target(name: "CModelRuntime",
                cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4"], .when(traits: ["ModelRuntime"])),
                              .define("CELLQA_MODEL_RUNTIME", .when(traits: ["ModelRuntime"]))],
                linkerSettings: [.linkedLibrary("opencv_dnn", .when(traits: ["ModelRuntime"])),
                                 .linkedLibrary("opencv_core", .when(traits: ["ModelRuntime"]))]),
        .target(name: "ModelRuntime", dependencies: [
            "Imaging", "Analysis", .target(name: "CModelRuntime", condition: .when(traits: ["ModelRuntime"])),
        ]),
        .target(name: "CellQATestKit", dependencies: ["Imaging", "VolumeIO", "Phantom"]),
        .executableTarget(name: "cellqa", dependencies: [
            "Imaging", "VolumeIO", "Phantom", "Analysis", "Inspection", "Reporting", "Store", "Daemon", "Validation", "Dashboard",
            .target(name: "ModelRuntime", condition: .when(traits: ["ModelRuntime"])),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .executableTarget(name: "CellQABench", dependencies: [
            "Imaging", "VolumeIO", "Phantom", "Analysis", "Inspection", "Reporting", "Store",
        ], path: "Benchmarks/CellQABench"),

        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "CellQATestKit"]),
        .testTarget(name: "VolumeIOTests", dependencies: ["VolumeIO", "Phantom", "CellQATestKit"]),
        .testTarget(name: "PhantomTests", dependencies: ["Phantom", "CellQATestKit"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "CellQATestKit"]),
        .testTarget(name: "InspectionTests", dependencies: ["Analysis", "Inspection", "Reporting", "Store", "Phantom", "CellQATestKit"]),
        .testTarget(name: "ValidationTests", dependencies: ["Validation", "Phantom", "Inspection", "CellQATestKit"]),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "CellQATestKit"]),
        .testTarget(name: "StoreTests", dependencies: [
            "Store", "Inspection", "Analysis", "CellQATestKit", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "SPCTests", dependencies: ["SPC"]),
        .testTarget(name: "DashboardTests", dependencies: [
            "Dashboard", "Store", "Inspection", "Analysis", "SPC", "CellQATestKit",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "ModelRuntimeTests", dependencies: [
            "Imaging", "Analysis",
            .target(name: "ModelRuntime", condition: .when(traits: ["ModelRuntime"])),
        ], exclude: ["Fixtures"]),
    ]
)
