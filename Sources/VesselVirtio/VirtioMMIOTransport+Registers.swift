import VesselMemory

extension VirtioMMIOTransport {
    func register(at offset: UInt64) -> UInt32 {
        typealias R = VirtioMMIORegister
        switch offset {
        case R.magicValue: return R.magic
        case R.version: return R.transportVersion
        case R.deviceID: return device.deviceType.rawValue
        case R.vendorID: return R.vendor
        case R.interruptStatus: return interrupt.pendingStatus
        case R.configurationGeneration: return interrupt.configurationGeneration
        case R.status: return status.rawValue
        // No shared memory regions: a length of all ones says so.
        case R.sharedMemoryLengthLow, R.sharedMemoryLengthHigh: return UInt32.max
        default: break
        }
        return state.withLock { state -> UInt32 in
            switch offset {
            case R.deviceFeatures:
                switch state.deviceFeaturesSelect {
                case 0: return UInt32(truncatingIfNeeded: offeredFeatures)
                case 1: return UInt32(truncatingIfNeeded: offeredFeatures >> 32)
                default: return 0
                }
            case R.queueSizeMaximum:
                return selectedQueue(state).map { UInt32($0.maximumSize) } ?? 0
            case R.queueReady:
                return selectedQueue(state).map { $0.isReady ? 1 : 0 } ?? 0
            default:
                return 0
            }
        }
    }

    private func selectedQueue(_ state: VirtioMMIOState) -> VirtQueueConfiguration? {
        let index = Int(state.queueSelect)
        return index < state.queues.count ? state.queues[index] : nil
    }

    func setRegister(at offset: UInt64, to value: UInt32) {
        typealias R = VirtioMMIORegister
        switch offset {
        case R.queueNotify:
            if Int(value) < notifiers.count { notifiers[Int(value)].signal() }
            return
        case R.interruptAcknowledge:
            interrupt.acknowledge(value)
            return
        case R.status:
            writeStatus(VirtioDeviceStatus(rawValue: value))
            return
        default:
            break
        }
        state.withLock { state in
            switch offset {
            case R.deviceFeaturesSelect: state.deviceFeaturesSelect = value
            case R.driverFeaturesSelect: state.driverFeaturesSelect = value
            case R.driverFeatures:
                // Features are fixed once FEATURES_OK is set.
                guard !state.status.contains(.featuresOK) else { return }
                switch state.driverFeaturesSelect {
                case 0: state.driverFeatures = (state.driverFeatures & 0xFFFF_FFFF_0000_0000) | UInt64(value)
                case 1: state.driverFeatures = (state.driverFeatures & 0xFFFF_FFFF) | (UInt64(value) << 32)
                default: break
                }
            case R.queueSelect: state.queueSelect = value
            case R.queueSize, R.queueReady, R.queueDescriptorLow, R.queueDescriptorHigh,
                 R.queueDriverLow, R.queueDriverHigh, R.queueDeviceLow, R.queueDeviceHigh:
                writeQueueRegister(&state, offset: offset, value: value)
            default:
                break
            }
        }
    }

    private func writeQueueRegister(_ state: inout VirtioMMIOState, offset: UInt64, value: UInt32) {
        typealias R = VirtioMMIORegister
        let index = Int(state.queueSelect)
        guard index < state.queues.count, !state.status.contains(.driverOK) else { return }
        var queue = state.queues[index]
        func low(_ old: UInt64) -> UInt64 { (old & 0xFFFF_FFFF_0000_0000) | UInt64(value) }
        func high(_ old: UInt64) -> UInt64 { (old & 0xFFFF_FFFF) | (UInt64(value) << 32) }
        if offset == R.queueReady {
            queue.isReady = value & 1 == 1
        } else if queue.isReady {
            // The spec forbids changing a queue the driver has enabled; keep the values the device may use.
            return
        } else {
            switch offset {
            case R.queueSize: queue.size = UInt16(truncatingIfNeeded: value)
            case R.queueDescriptorLow: queue.descriptorTable = low(queue.descriptorTable)
            case R.queueDescriptorHigh: queue.descriptorTable = high(queue.descriptorTable)
            case R.queueDriverLow: queue.availableRing = low(queue.availableRing)
            case R.queueDriverHigh: queue.availableRing = high(queue.availableRing)
            case R.queueDeviceLow: queue.usedRing = low(queue.usedRing)
            case R.queueDeviceHigh: queue.usedRing = high(queue.usedRing)
            default: break
            }
        }
        state.queues[index] = queue
    }
}
