import VesselKVM
#if canImport(Glibc)
import Glibc
#endif

extension Machine {
    /// Starts one thread per vCPU and serves host input and signals until the guest powers off,
    /// reboots, fails, or the host asks it to stop. The terminal is restored on every path.
    public func run(input: Int32 = STDIN_FILENO) throws -> MachineExit {
        try VCPU.installKickSignalHandler(VCPUThread.kickSignal)
        let signals = try SignalWatcher()
        let terminal = TerminalMode(fileDescriptor: input)
        terminal.enterRawMode()
        defer { terminal.restore() }

        let loop = try EventLoop()
        let coordinator = self.coordinator
        try loop.watch(coordinator.wakeup.fileDescriptor) { _ in coordinator.wakeup.drain() }
        try loop.watch(signals.fileDescriptor) { _ in
            if let signal = signals.readSignal() {
                coordinator.finish(.stoppedBySignal(signal))
            }
        }
        let consoleInput = ConsoleInput(fileDescriptor: input, serial: devices.serial)
        consoleInput.attach(to: loop)

        let threads = vcpus.map { vcpu in
            let vcpuLoop = VCPULoop(
                vcpu: vcpu, ioBus: devices.ioBus, mmioBus: mmioBus, coordinator: coordinator, logger: logger)
            return VCPUThread(vcpu: vcpu) { vcpuLoop.run() }
        }
        defer {
            stop(threads)
            virtio.shutdown()
        }
        try virtio.start()
        for thread in threads {
            try thread.start()
        }

        while !coordinator.isStopping {
            try loop.runOnce(timeoutMilliseconds: consoleInput.hasPendingInput ? 10 : -1)
            consoleInput.flushPending()
        }
        stop(threads)
        return coordinator.exitReason ?? .failed("machine stopped without a reason")
    }

    private func stop(_ threads: [VCPUThread]) {
        for thread in threads {
            thread.kick()
        }
        for thread in threads {
            thread.join()
        }
    }
}
