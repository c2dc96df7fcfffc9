#if canImport(Glibc)
import Glibc
#endif
import VesselKVM

/// What the kicker thread needs, passed through pthread_create's raw argument.
final class KickRequest: @unchecked Sendable {
    let vcpu: VCPU
    let thread: pthread_t
    init(vcpu: VCPU, thread: pthread_t) {
        self.vcpu = vcpu
        self.thread = thread
    }
}
