#ifndef CVESSEL_KVM_H
#define CVESSEL_KVM_H

#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <sys/eventfd.h>  // eventfds feed KVM_IRQFD and KVM_IOEVENTFD

// ioctl is variadic, which Swift cannot call; these fixed-arity wrappers can.
static inline int vessel_ioctl_none(int fd, unsigned long request) {
    return ioctl(fd, request, 0);
}
static inline int vessel_ioctl_value(int fd, unsigned long request, unsigned long value) {
    return ioctl(fd, request, value);
}
static inline int vessel_ioctl_pointer(int fd, unsigned long request, void *argument) {
    return ioctl(fd, request, argument);
}

// The request numbers are function-like macros Swift cannot import; export them as constants.
static const unsigned long VESSEL_KVM_GET_API_VERSION = KVM_GET_API_VERSION;
static const unsigned long VESSEL_KVM_CREATE_VM = KVM_CREATE_VM;
static const unsigned long VESSEL_KVM_CHECK_EXTENSION = KVM_CHECK_EXTENSION;
static const unsigned long VESSEL_KVM_GET_VCPU_MMAP_SIZE = KVM_GET_VCPU_MMAP_SIZE;
static const unsigned long VESSEL_KVM_GET_SUPPORTED_CPUID = KVM_GET_SUPPORTED_CPUID;
static const unsigned long VESSEL_KVM_GET_MSR_INDEX_LIST = KVM_GET_MSR_INDEX_LIST;
static const unsigned long VESSEL_KVM_SET_USER_MEMORY_REGION = KVM_SET_USER_MEMORY_REGION;
static const unsigned long VESSEL_KVM_SET_TSS_ADDR = KVM_SET_TSS_ADDR;
static const unsigned long VESSEL_KVM_SET_IDENTITY_MAP_ADDR = KVM_SET_IDENTITY_MAP_ADDR;
static const unsigned long VESSEL_KVM_CREATE_IRQCHIP = KVM_CREATE_IRQCHIP;
static const unsigned long VESSEL_KVM_CREATE_PIT2 = KVM_CREATE_PIT2;
static const unsigned long VESSEL_KVM_IRQ_LINE = KVM_IRQ_LINE;
static const unsigned long VESSEL_KVM_IRQFD = KVM_IRQFD;
static const unsigned long VESSEL_KVM_IOEVENTFD = KVM_IOEVENTFD;
static const unsigned long VESSEL_KVM_SET_GSI_ROUTING = KVM_SET_GSI_ROUTING;
static const unsigned long VESSEL_KVM_CREATE_VCPU = KVM_CREATE_VCPU;
static const unsigned long VESSEL_KVM_RUN = KVM_RUN;
static const unsigned long VESSEL_KVM_GET_REGS = KVM_GET_REGS;
static const unsigned long VESSEL_KVM_SET_REGS = KVM_SET_REGS;
static const unsigned long VESSEL_KVM_GET_SREGS = KVM_GET_SREGS;
static const unsigned long VESSEL_KVM_SET_SREGS = KVM_SET_SREGS;
static const unsigned long VESSEL_KVM_GET_FPU = KVM_GET_FPU;
static const unsigned long VESSEL_KVM_SET_FPU = KVM_SET_FPU;
static const unsigned long VESSEL_KVM_SET_CPUID2 = KVM_SET_CPUID2;
static const unsigned long VESSEL_KVM_GET_MSRS = KVM_GET_MSRS;
static const unsigned long VESSEL_KVM_SET_MSRS = KVM_SET_MSRS;
static const unsigned long VESSEL_KVM_GET_LAPIC = KVM_GET_LAPIC;
static const unsigned long VESSEL_KVM_SET_LAPIC = KVM_SET_LAPIC;
static const unsigned long VESSEL_KVM_GET_MP_STATE = KVM_GET_MP_STATE;
static const unsigned long VESSEL_KVM_SET_MP_STATE = KVM_SET_MP_STATE;
static const unsigned long VESSEL_KVM_SET_SIGNAL_MASK = KVM_SET_SIGNAL_MASK;
static const unsigned long VESSEL_KVM_ENABLE_CAP = KVM_ENABLE_CAP;

// Flag values defined through enums or shifts that Swift does not import reliably.
static const unsigned int VESSEL_KVM_IOEVENTFD_FLAG_DATAMATCH = KVM_IOEVENTFD_FLAG_DATAMATCH;
static const unsigned int VESSEL_KVM_IOEVENTFD_FLAG_PIO = KVM_IOEVENTFD_FLAG_PIO;
static const unsigned int VESSEL_KVM_IOEVENTFD_FLAG_DEASSIGN = KVM_IOEVENTFD_FLAG_DEASSIGN;
static const unsigned int VESSEL_KVM_IRQFD_FLAG_DEASSIGN = KVM_IRQFD_FLAG_DEASSIGN;
static const unsigned int VESSEL_KVM_CPUID_FLAG_SIGNIFICANT_INDEX = KVM_CPUID_FLAG_SIGNIFCANT_INDEX;
static const unsigned long VESSEL_KVM_GET_CPUID2 = KVM_GET_CPUID2;

// Addresses inside struct kvm_run whose members Swift sees only as copies (anonymous unions).
static inline unsigned char *vessel_kvm_run_mmio_data(struct kvm_run *run) {
    return run->mmio.data;
}
static inline unsigned char *vessel_kvm_run_immediate_exit(struct kvm_run *run) {
    return &run->immediate_exit;
}

#endif
