import ArgumentParser
import VesselContainers
import VesselImages

struct ImageRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove images, then delete blobs and snapshots nothing uses any more.", aliases: ["rmi"])

    @OptionGroup var store: StoreOptions

    @Flag(name: .shortAndLong, help: "Remove even if a container uses the image.")
    var force = false

    @Argument(help: "Image names or IDs.")
    var images: [String]

    func run() throws {
        let imageStore = try store.imageStore()
        let containers = try failingCleanly { try ContainerStore(root: store.resolvedRoot) }
        try failingCleanly {
            let records = try images.map { try imageStore.lookup($0) }
            for record in records {
                if !force, let user = containers.all().first(where: { $0.imageID == record.id.description && $0.image == record.name }) {
                    throw ImageError(.conflict, "image \(record.name) is used by container \(user.name): remove it first, or use -f")
                }
            }
            for record in records {
                try imageStore.withLock { imageStore.deleteRecord(named: record.name) }
                print("Untagged: \(record.name)")
            }
            let removed = try imageStore.collectGarbage(keepingSnapshots: containers.snapshotsInUse())
            if removed.blobs + removed.snapshots > 0 {
                print("Deleted \(removed.blobs) blobs and \(removed.snapshots) snapshots (\(ProgressPrinter.size(removed.bytes)))")
            }
        }
    }
}

/// `vessel rmi`: the same as `vessel image rm`.
struct RmiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rmi", abstract: "Remove images (same as `image rm`).")

    @OptionGroup var remove: ImageRemoveCommand

    func run() throws { try remove.run() }
}

struct ImagePruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete blobs and snapshots no image or container uses.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let imageStore = try store.imageStore()
        try failingCleanly {
            let containers = try ContainerStore(root: store.resolvedRoot)
            let removed = try imageStore.collectGarbage(keepingSnapshots: containers.snapshotsInUse())
            print("Deleted \(removed.blobs) blobs and \(removed.snapshots) snapshots (\(ProgressPrinter.size(removed.bytes)))")
        }
    }
}
