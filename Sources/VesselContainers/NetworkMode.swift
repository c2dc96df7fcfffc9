/// `--network`: `none` gives the container its own network namespace with only loopback; `host` shares the host's.
public enum NetworkMode: String, Sendable, CaseIterable {
    case none
    case host
}
