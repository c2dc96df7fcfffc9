import Testing

/// Parent of the suites that boot an L2 host: they run one at a time, since each L2 keeps a core busy.
@Suite("Nested test bed", .serialized)
struct NestedTestbedTests {}
