import Testing

extension VesselCLI {
    /// `vessel pull ARGUMENTS` fails with one line containing `refusal` and leaves the store as it was; with
    /// `--insecure` added, the same pull succeeds. `afterRefusal` checks what else the refusal must not have done.
    func expectPullNeedsInsecure(_ arguments: [String], refusal: String, afterRefusal: () -> Void = {},
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = storeListing()
        let refused = try run(["pull"] + arguments)
        #expect(refused.status != 0 && refused.stderr.contains(refusal), "\(refused.stderr)", sourceLocation: sourceLocation)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)", sourceLocation: sourceLocation)
        #expect(storeListing() == before, sourceLocation: sourceLocation)
        afterRefusal()

        let insecure = try run(["pull", "--insecure"] + arguments)
        #expect(insecure.status == 0, "\(insecure.stderr)", sourceLocation: sourceLocation)
    }
}
