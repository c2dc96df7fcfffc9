import Glibc
import VesselOCISpec

extension ContainerRecord {
    /// The live status: derived from the init's liveness (pid + start time, so pid reuse is safe), the exec fifo
    /// (present until `start`) and the freezer.
    func currentStatus(directory: ContainerDirectory) -> ContainerStatus {
        guard pid > 0, ProcessStat.isAlive(pid: pid, startTime: pidStartTime) else { return .stopped }
        if phase == .creating { return .creating }
        if SystemCall.fileExists(directory.execFIFOPath) { return .created }
        if let cgroupPath, CgroupStage.isFrozen(cgroupPath: cgroupPath) { return .paused }
        return .running
    }

    func ociState(status: ContainerStatus) -> State {
        State(ociVersion: ociVersion, id: id, pid: status == .stopped ? 0 : pid, status: status, bundle: bundle,
              rootfs: rootfs, created: created, owner: owner, annotations: annotations)
    }

    /// The OCI state as compact JSON, as hooks get it on stdin.
    func stateJSON(status: ContainerStatus) -> [UInt8] {
        (try? SpecJSON.encodeCompact(ociState(status: status))) ?? []
    }
}
