import VesselMemory

extension BootLoader {
    /// The protected-mode part of a bzImage goes to 1 MiB; it needs init_size bytes there.
    static func loadBzImage(header: BzImageHeader, bytes: [UInt8], lowRAMEnd: UInt64,
                            into memory: GuestMemory) throws -> LoadedKernel {
        // The enum case can pair any header with any bytes; only a matching pair is loadable.
        guard header.fileSize == bytes.count, header.setupSize < bytes.count else {
            throw BootError.truncatedBzImage(setupSectors: header.setupSectors, fileSize: bytes.count)
        }
        let load = X86MemoryLayout.kernelLoadAddress
        let kernelEnd = header.memoryEnd(loadAddress: load.rawValue) ?? UInt64.max
        guard kernelEnd <= lowRAMEnd else {
            throw BootError.kernelDoesNotFit(kernelEnd: kernelEnd, ramEnd: lowRAMEnd)
        }
        try write(bytes[header.setupSize...], at: load, what: "kernel", into: memory)
        let commandLineLimit = min(Int(header.commandLineSize), Int(X86MemoryLayout.commandLineMaximumSize) - 1)
        return LoadedKernel(kernelEnd: kernelEnd, commandLineLimit: commandLineLimit,
                            initrdAddressMax: UInt64(header.initrdAddressMax))
    }

    /// Each PT_LOAD segment goes to its physical address; the bytes past its file size are zeroed.
    static func loadELF(_ elf: ELFKernel, lowRAMEnd: UInt64, into memory: GuestMemory) throws -> LoadedKernel {
        let kernelEnd = elf.physicalEnd
        guard kernelEnd <= lowRAMEnd else {
            throw BootError.kernelDoesNotFit(kernelEnd: kernelEnd, ramEnd: lowRAMEnd)
        }
        for segment in elf.segments {
            guard segment.physicalAddress >= X86MemoryLayout.kernelLoadAddress.rawValue else {
                throw BootError.segmentBelowKernelArea(address: segment.physicalAddress)
            }
        }
        for segment in elf.segments {
            // Offsets were checked against the file at parse time and sizes against low RAM above.
            let start = Int(segment.fileOffset)
            let fileBytes = elf.bytes[start..<(start + Int(segment.fileSize))]
            try write(fileBytes, at: GuestAddress(segment.physicalAddress), what: "ELF segment", into: memory)
            let zeroStart = GuestAddress(segment.physicalAddress + segment.fileSize)
            do {
                try memory.zero(at: zeroStart, count: Int(segment.memorySize - segment.fileSize))
            } catch let error as GuestMemoryError {
                throw BootError.guestMemory(what: "ELF segment", error)
            }
        }
        return LoadedKernel(kernelEnd: kernelEnd, commandLineLimit: Int(X86MemoryLayout.commandLineMaximumSize) - 1,
                            initrdAddressMax: UInt64(UInt32.max))
    }

    static func writeCommandLine(_ commandLine: String, limit: Int, into memory: GuestMemory) throws {
        let bytes = Array(commandLine.utf8)
        guard !bytes.contains(0) else { throw BootError.commandLineContainsNul }
        guard bytes.count <= limit else { throw BootError.commandLineTooLong(length: bytes.count, maximum: limit) }
        try write(bytes + [0], at: X86MemoryLayout.commandLineAddress, what: "command line", into: memory)
    }

    static func loadInitrd(_ initrd: InitialRamdisk, kernelEnd: UInt64, lowRAMEnd: UInt64, addressMax: UInt64,
                           into memory: GuestMemory) throws -> (address: GuestAddress, size: UInt64) {
        switch initrd {
        case let .bytes(bytes):
            let size = UInt64(bytes.count)
            let address = try InitrdPlacement.address(size: size, kernelEnd: kernelEnd, lowRAMEnd: lowRAMEnd,
                                                      addressMax: addressMax)
            try write(bytes, at: address, what: "initrd", into: memory)
            return (address, size)
        case let .path(path):
            let file = try BootFile(path: path, what: "initrd")
            let size = try file.size()
            let address = try InitrdPlacement.address(size: size, kernelEnd: kernelEnd, lowRAMEnd: lowRAMEnd,
                                                      addressMax: addressMax)
            do {
                // Placement bounded size by low RAM, so it fits in Int.
                try memory.withBytes(at: address, count: Int(size)) { try file.readExactly(into: $0) }
            } catch let error as GuestMemoryError {
                throw BootError.guestMemory(what: "initrd", error)
            }
            return (address, size)
        }
    }
}
