import VesselVirtio
import VesselVirtioDevices

extension VMRunCommand {
    /// `--root-disk` then every `--disk`, each image opened once to check it, ids unique.
    func diskSpecifications() throws -> [BlockDeviceSpecification] {
        var disks: [BlockDeviceSpecification] = []
        if let rootDisk { disks.append(try BlockDeviceSpecification.parse(rootDisk, isRoot: true)) }
        for value in disk { disks.append(try BlockDeviceSpecification.parse(value, isRoot: false)) }
        var seen = Set<String>()
        for disk in disks {
            guard seen.insert(disk.identifier).inserted else {
                let what = disk.name.map { "id '\($0)'" } ?? "image '\(disk.path)' (give each an id=)"
                throw VirtioError.invalidConfiguration("disk \(what) is used twice")
            }
            try disk.checkImage()
        }
        return disks
    }
}
