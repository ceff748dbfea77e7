/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TDX bring-up by kvm-intel: the hooks vmx.c and main.c call, and the
 * internals the KUnit suite "kvm_tdx" drives with fake VMX handling.
 */
#ifndef __KVM_X86_VMX_TDX_H
#define __KVM_X86_VMX_TDX_H

#include <linux/types.h>

struct cpumask;

/**
 * struct kvm_tdx_prereqs - What TDX needs from the platform and from KVM
 * @platform:	 the BIOS enabled TDX (X86_FEATURE_TDX_HOST_PLATFORM)
 * @virt_at_load: kvm.enable_virt_at_load is set
 * @ept:	 EPT is in use (kvm_intel.ept)
 * @movdir64b:	 the CPU has MOVDIR64B
 * @self_snoop:	 the CPU has self-snoop
 * @x2apic:	 the local APIC is in x2APIC mode
 */
struct kvm_tdx_prereqs {
	bool platform;
	bool virt_at_load;
	bool ept;
	bool movdir64b;
	bool self_snoop;
	bool x2apic;
};

/**
 * struct kvm_tdx_virt_ops - The VMX handling TDX bring-up relies on
 * @enable_virtualization:  take a reference that keeps every online CPU,
 *			    and every CPU onlined later, in VMX operation
 * @disable_virtualization: drop that reference
 * @cpu_in_vmx_operation:   whether the local CPU is in VMX operation
 *
 * kvm-intel uses KVM's own functions; the KUnit suite, which runs where
 * there is no VMX, installs fakes.
 */
struct kvm_tdx_virt_ops {
	int (*enable_virtualization)(void);
	void (*disable_virtualization)(void);
	bool (*cpu_in_vmx_operation)(void);
};

#ifdef CONFIG_INTEL_TDX_HOST
void tdx_bringup(void);
void tdx_cleanup(void);
int tdx_enable_virtualization_cpu(void);
void tdx_disable_virtualization_cpu(void);
#else
static inline void tdx_bringup(void) { }
static inline void tdx_cleanup(void) { }
static inline int tdx_enable_virtualization_cpu(void) { return 0; }
static inline void tdx_disable_virtualization_cpu(void) { }
#endif

#if IS_ENABLED(CONFIG_KUNIT) && defined(CONFIG_INTEL_TDX_HOST)
const char *tdx_missing_prereq(const struct kvm_tdx_prereqs *p);
int kvm_tdx_bringup(const struct kvm_tdx_prereqs *p);
int tdx_online_cpu(unsigned int cpu);
int tdx_offline_cpu(unsigned int cpu);
bool tdx_cpu_is_last_in_package(unsigned int cpu,
				const struct cpumask *online);
#endif

#ifdef CONFIG_KVM_INTEL_TDX_KUNIT_TEST
void tdx_set_virt_ops(const struct kvm_tdx_virt_ops *ops);
bool tdx_is_on(void);
int tdx_cpuhp_state(void);
#endif

#endif /* __KVM_X86_VMX_TDX_H */
