// swift-tools-version:6.0
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]
// The container runtime's targets: metadata accessors instead of runtime-demangled type names.
let runtimeSwift: [SwiftSetting] = swift6 + [.unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])]

let package = Package(
    name: "Vessel",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vessel", targets: ["vessel"]),
        .executable(name: "vessel-runtime", targets: ["vessel-runtime"]),
        .executable(name: "vessel-testbed", targets: ["vessel-testbed"]),
        .executable(name: "vessel-bench", targets: ["vessel-bench"]),
        .executable(name: "vessel-fuzz-virtio", targets: ["vessel-fuzz-virtio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // TLS for registry pulls: NIO's channel with BoringSSL, bridged to the images code's blocking streams
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // C shims: <linux/kvm.h> for the hypervisor, raw syscalls for the container runtime.
        .target(name: "CVesselKVM"),
        .target(name: "CVesselSys"),
        .target(name: "CVesselEvent"),

        // microVM side
        .target(name: "VesselMemory", swiftSettings: swift6),
        .target(name: "VesselKVM", dependencies: ["CVesselKVM", "VesselMemory"], swiftSettings: swift6),
        .target(name: "VesselBoot", dependencies: ["VesselMemory"], swiftSettings: swift6),
        .target(name: "VesselDevices", dependencies: [.product(name: "Logging", package: "swift-log")], swiftSettings: swift6),
        .target(
            name: "VesselVirtio",
            dependencies: ["VesselMemory", "VesselDevices", "CVesselEvent", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swift6),
        .target(
            name: "VesselVirtioDevices",
            dependencies: ["VesselVirtio", "VesselMemory", "CVesselEvent", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swift6),
        // the driver side of a virtqueue, for device tests
        .target(name: "VesselVirtioTesting", dependencies: ["VesselVirtio", "VesselMemory", "VesselDevices"], swiftSettings: swift6),
        // the virtio fuzz target: queue and MMIO harness, run by libFuzzer or a seeded driver
        .target(
            name: "VesselVirtioFuzzing",
            dependencies: ["VesselVirtio", "VesselMemory", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swift6),
        .executableTarget(name: "vessel-fuzz-virtio", dependencies: ["VesselVirtioFuzzing"], swiftSettings: swift6),
        .target(
            name: "VesselVMM",
            dependencies: ["VesselKVM", "VesselMemory", "VesselBoot", "VesselDevices", "VesselVirtio", "VesselVirtioDevices", "CVesselKVM", "CVesselEvent",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swift6),
        .executableTarget(
            name: "vessel",
            dependencies: ["VesselVMM", "VesselKVM", "VesselVirtio", "VesselVirtioDevices", "VesselImages", "VesselContainers", "CVesselSys",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swift6),

        // hand-built guests for host-KVM tests and the host overhead benchmark
        .target(name: "VesselFixtures", swiftSettings: swift6),
        .executableTarget(name: "vessel-bench", dependencies: ["VesselFixtures", "CVesselSys", "VesselImages"], swiftSettings: swift6),

        // nested test bed (QEMU TCG L2 host with kvm-amd) used by integration tests and benchmarks
        .target(name: "VesselTestbed", swiftSettings: swift6),
        .executableTarget(
            name: "vessel-testbed",
            dependencies: ["VesselTestbed", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swift6),

        // container side
        .target(name: "VesselOCISpec", swiftSettings: runtimeSwift),
        .target(name: "VesselSeccomp", dependencies: ["CVesselSys"], swiftSettings: swift6),
        .target(name: "VesselCgroups", dependencies: ["CVesselSys"], swiftSettings: runtimeSwift),
        .target(
            name: "VesselRuntime",
            dependencies: ["VesselOCISpec", "VesselSeccomp", "VesselCgroups", "CVesselSys"],
            swiftSettings: runtimeSwift),
        .executableTarget(
            name: "vessel-runtime",
            dependencies: ["VesselRuntime", "VesselOCISpec"],
            swiftSettings: runtimeSwift,
            // Fully static: four runtime processes start per container (create, init, start, delete), and a
            // dynamic loader binding libstdc++ costs each of them more than the rest of its start-up. Static also
            // lets the sealed init copy run inside any rootfs.
            linkerSettings: [.unsafeFlags(["-static-executable"])]),

        // images: content store, image import, registry pull, layer unpack into snapshots; containers from images
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(name: "CVesselImages"),
        .target(
            name: "VesselImages",
            dependencies: ["CZlib", "CZstd", "CVesselSys", "CVesselImages", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl")],
            swiftSettings: swift6),
        .target(name: "VesselContainers", dependencies: ["VesselImages", "CVesselSys"], swiftSettings: swift6),
        .testTarget(name: "VesselImagesTests", dependencies: ["VesselImages", "VesselContainers", "CVesselSys", "CVesselImages", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swift6),

        .testTarget(name: "VesselMemoryTests", dependencies: ["VesselMemory"], swiftSettings: swift6),
        .testTarget(name: "VesselKVMTests", dependencies: ["VesselKVM", "VesselMemory", "CVesselKVM"], swiftSettings: swift6),
        .testTarget(name: "VesselBootTests", dependencies: ["VesselBoot", "VesselMemory"], swiftSettings: swift6),
        .testTarget(name: "VesselDevicesTests", dependencies: ["VesselDevices"], swiftSettings: swift6),
        .testTarget(name: "VesselVirtioTests", dependencies: ["VesselVirtio", "VesselVirtioTesting", "VesselVirtioFuzzing", "VesselMemory", "VesselDevices", .product(name: "Logging", package: "swift-log")], swiftSettings: swift6),
        .testTarget(
            name: "VesselVirtioDevicesTests",
            dependencies: ["VesselVirtioDevices", "VesselVirtio", "VesselVirtioTesting", "VesselMemory", "CVesselEvent",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: swift6),
        .testTarget(name: "VesselVMMTests", dependencies: ["VesselVMM", "VesselKVM", "VesselMemory", "VesselFixtures", "VesselVirtio", "VesselVirtioDevices", .product(name: "Logging", package: "swift-log")], swiftSettings: swift6),
        .testTarget(name: "VesselOCISpecTests", dependencies: ["VesselOCISpec"], swiftSettings: swift6),
        .testTarget(name: "VesselSeccompTests", dependencies: ["VesselSeccomp", "CVesselSys"], swiftSettings: swift6),
        .testTarget(name: "VesselCgroupsTests", dependencies: ["VesselCgroups"], swiftSettings: swift6),
        .testTarget(name: "VesselRuntimeTests", dependencies: ["VesselRuntime", "VesselOCISpec", "CVesselSys"], swiftSettings: swift6),
        .testTarget(name: "IntegrationTests", dependencies: ["VesselTestbed"], swiftSettings: swift6),
    ]
)
