import ArgumentParser

/// `--format table|json` of the listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}
