import ArgumentParser
import VesselContainers
import VesselImages

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show a container's or an image's details as JSON.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "Container or image names or IDs.")
    var targets: [String]

    struct ImageDetails: Encodable {
        var record: ImageRecord
        var config: ImageConfiguration
    }

    enum Details: Encodable {
        case container(ContainerRecord)
        case image(ImageDetails)

        func encode(to encoder: Encoder) throws {
            switch self {
            case .container(let record): try record.encode(to: encoder)
            case .image(let details): try details.encode(to: encoder)
            }
        }
    }

    func run() throws {
        let engine = try store.engine()
        let details: [Details] = try failingCleanly {
            try targets.map { target in
                if let container = try? engine.containers.lookup(target) { return .container(engine.refreshed(container)) }
                let image = try engine.images.lookup(target)
                return .image(ImageDetails(record: image, config: try engine.images.configuration(of: image)))
            }
        }
        try JSONOutput.print(details)
    }
}
