import VesselMemory

extension VirtioMMIOTransport {
    /// Follows the driver through initialisation (Virtio 1.2, 3.1.1): FEATURES_OK is kept only for an
    /// acceptable feature set, DRIVER_OK activates the device, and zero resets it.
    func writeStatus(_ requested: VirtioDeviceStatus) {
        if requested.rawValue == 0 {
            reset()
            return
        }
        let activation: VirtioActivation? = state.withLock { state in
            var accepted = requested
            accepted.remove(.deviceNeedsReset)
            if accepted.contains(.featuresOK) && !state.status.contains(.featuresOK) {
                let unknown = state.driverFeatures & ~offeredFeatures
                if unknown != 0 || state.driverFeatures & VirtioFeatures.version1 == 0 {
                    logger.warning("virtio \(device.deviceType): refused driver features 0x\(String(state.driverFeatures, radix: 16))")
                    accepted.remove(.featuresOK)
                }
            }
            let activating = accepted.contains(.driverOK) && !state.status.contains(.driverOK)
            state.status = accepted
            guard activating, !state.isActive else { return nil }
            guard accepted.contains(.featuresOK) else {
                markBroken(.activationFailed("DRIVER_OK without FEATURES_OK"))
                return nil
            }
            do {
                let queues = try state.queues.enumerated().map { index, configuration in
                    guard configuration.isReady else {
                        throw VirtioError.activationFailed("queue \(index) was not made ready")
                    }
                    return try VirtQueue(index: index, configuration: configuration, memory: memory,
                                         features: state.driverFeatures)
                }
                state.isActive = true
                return VirtioActivation(
                    memory: memory, features: state.driverFeatures, queues: queues, notifiers: notifiers,
                    interrupt: interrupt, reportBroken: { [weak self] error in self?.markBroken(error) })
            } catch let error as VirtioError {
                markBroken(error)
                return nil
            } catch {
                markBroken(.activationFailed("\(error)"))
                return nil
            }
        }
        guard let activation else { return }
        do {
            try device.activate(activation)
        } catch {
            markBroken(.activationFailed("\(error)"))
        }
    }

    /// The guest broke the device's contract: refuse further service until the driver resets it.
    func markBroken(_ error: VirtioError) {
        logger.warning("virtio \(device.deviceType): \(error); the device needs a reset")
        if !broken.exchange(true, ordering: .acquiringAndReleasing) {
            interrupt.signalConfigurationChange()
        }
    }

    func reset() {
        let wasActive = state.withLock { state -> Bool in
            let active = state.isActive
            state.reset()
            return active
        }
        if wasActive { device.reset() }
        broken.store(false, ordering: .releasing)
        interrupt.clear()
        for notifier in notifiers { notifier.drain() }
    }
}
