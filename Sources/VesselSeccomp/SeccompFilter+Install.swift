import CVesselSys

extension SeccompFilter {
    /// Compiles and installs this filter with its flags (plus NEW_LISTENER when a rule uses `.notify`).
    /// Returns the listener fd in that case. For a post-fork child, compile first and use `SeccompInstaller`.
    @discardableResult
    public func install() throws(SeccompError) -> Int32? {
        let program = try SeccompCompiler.compile(self)
        return try SeccompInstaller.install(program, flags: installationFlags)
    }

    /// Flags passed to seccomp(2): the requested ones, plus NEW_LISTENER when the filter can notify.
    public var installationFlags: SeccompFilterFlags {
        usesNotify ? flags.union(.newListener) : flags
    }
}
