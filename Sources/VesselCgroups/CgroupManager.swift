/// Places processes in one container's cgroup and limits them; one implementation per cgroup version.
/// All operations are synchronous and thread-free, so they may run between fork and exec.
public protocol CgroupManager: Sendable {
    /// Every cgroup directory this manager owns (one per v1 hierarchy, one on v2).
    var directories: [String] { get }
    /// Creates the cgroup (mkdir -p); on v2 also enables controllers in the ancestors' subtree_control.
    func create() throws(CgroupError)
    /// Writes the limits; a missing or rejected file is an error naming the file and value.
    func apply(_ resources: CgroupResources) throws(CgroupError)
    func addProcess(_ pid: Int32) throws(CgroupError)
    /// Files a single-threaded process writes "0" to, to move itself in: v1 `tasks` files. Moving the calling
    /// thread takes no global lock, while a pid written to cgroup.procs waits for an RCU grace period (10-20 ms
    /// on a small VM). Empty on v2, where only cgroup.procs can take a process.
    var selfJoinFiles: [String] { get }
    /// Sorted pids in the cgroup (cgroup.procs).
    func processes() throws(CgroupError) -> [Int32]
    /// Freezes every process and waits until the kernel reports the cgroup frozen.
    func freeze(timeoutMilliseconds: Int) throws(CgroupError)
    func thaw() throws(CgroupError)
    func isFrozen() throws(CgroupError) -> Bool
    /// Sends `signal` to every process; frozen while signalling when possible so forks cannot escape.
    func killAll(signal: Int32) throws(CgroupError)
    func stats() throws(CgroupError) -> CgroupStats
    /// Removes the cgroup directories, nested ones first. Processes must have exited.
    func destroy() throws(CgroupError)
}
