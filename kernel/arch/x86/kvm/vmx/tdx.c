// SPDX-License-Identifier: GPL-2.0
/*
 * TDX bring-up by kvm-intel.
 *
 * With "kvm_intel.tdx=1", kvm-intel initializes the TDX module while it
 * loads, before /dev/kvm appears.  Each prerequisite that is missing is
 * reported and turns TDX off; so does any failure of the bring-up itself.
 * kvm-intel loads either way, and the "tdx" parameter reads back whether
 * TDX ended up on.  This kernel cannot run TDs yet (the MMU lacks private
 * memory), so no TDX VM type is advertised; the bring-up exists so that
 * the module lifecycle (initialization, CPU hotplug, runtime updates) is
 * in place and exercised.
 *
 * CPU hotplug.  SEAMCALLs need VMX operation, which KVM owns, and the
 * module serves a logical CPU only after tdx_cpu_enable() ran there.
 * While TDX is on, every online CPU must be TDX-capable.  The options
 * discussed for this were: (1) a new arch hook doing VMXON, per-CPU init
 * and VMXOFF on every CPU online; (2) per-CPU init in KVM's
 * virtualization-enable path, leaving CPUs onlined while no VM exists
 * uninitialized; (3) a TDX cpuhp state doing VMXON itself when KVM has
 * not, which needs KVM's usage count; (4) such a state without VMXON,
 * refusing every CPU onlined while no VM exists.
 *
 * This file uses (2) and closes its gap: kvm-intel holds its own
 * kvm_enable_virtualization() reference for as long as TDX is on, so VMX
 * is never turned off and every CPU that comes online enters VMX
 * operation in KVM's CPUHP_AP_KVM_ONLINE state, where
 * vt_enable_virtualization_cpu() runs tdx_cpu_enable() right after VMXON.
 * A dynamic state "kvm/cpu/tdx:online" on CPUHP_AP_ONLINE_DYN, which runs
 * after KVM's, does what KVM's state cannot: when TDX comes up it
 * initializes the CPUs that were already in VMX operation, it refuses to
 * online a CPU that is not TDX-capable, and it refuses to offline the
 * last CPU of a package that TDs still need.  Thanks to the reference,
 * neither KVM's usage count (3) nor refusing CPUs while no VM runs (4)
 * is needed, and no CPU does a VMXON only for TDX (1).
 *
 * The reference makes VMX stay on, which is what kvm.enable_virt_at_load
 * asks for; an operator who turned that off wants VMX off while no VM
 * runs, so TDX is refused then rather than overriding the choice.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": tdx: " fmt

#include <linux/cpu.h>
#include <linux/cpufeature.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/kvm_host.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/topology.h>
#include <kunit/visibility.h>
#include <asm/apic.h>
#include <asm/tdx.h>
#include <asm/tlbflush.h>

#include "capabilities.h"
#include "tdx.h"

static bool enable_tdx;
module_param_named(tdx, enable_tdx, bool, 0444);

static bool tdx_cpu_in_vmx_operation(void)
{
	return cr4_read_shadow() & X86_CR4_VMXE;
}

static const struct kvm_tdx_virt_ops kvm_tdx_virt_ops = {
	.enable_virtualization	= kvm_enable_virtualization,
	.disable_virtualization	= kvm_disable_virtualization,
	.cpu_in_vmx_operation	= tdx_cpu_in_vmx_operation,
};

/**
 * struct kvm_tdx_host - TDX state of kvm-intel
 * @ops:	VMX handling: KVM's own, or a test's fakes
 * @hp_state:	the dynamic cpuhp state "kvm/cpu/tdx:online"; 0 when absent
 * @on:		TDX is up: the cpuhp state and a virtualization reference
 *		are held, and every CPU entering VMX operation runs per-CPU
 *		init
 *
 * @hp_state and @on change only under cpus_read_lock(), before kvm_init()
 * and after kvm_exit(); the other readers are the cpuhp callbacks and
 * KVM's virtualization enabling, which that lock excludes.
 */
struct kvm_tdx_host {
	const struct kvm_tdx_virt_ops *ops;
	int hp_state;
	bool on;
};

static struct kvm_tdx_host tdx_host = {
	.ops = &kvm_tdx_virt_ops,
};

/*
 * tdx_cpu_enable() wants IRQs off; the callers run with them on or off.
 * Once TDX is on, a module that a failed runtime update shut down
 * (-ESHUTDOWN) or lost (-ENODEV) runs no TD the CPU could be needed
 * for: accept the CPU.
 */
static int tdx_cpu_init_local(void)
{
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = tdx_cpu_enable();
	local_irq_restore(flags);
	if (tdx_host.on && (ret == -ESHUTDOWN || ret == -ENODEV)) {
		pr_info_once("the TDX module does not run; CPUs come online without it\n");
		return 0;
	}
	return ret;
}

/**
 * tdx_enable_virtualization_cpu() - Per-CPU TDX init right after VMXON
 *
 * Called by vt_enable_virtualization_cpu() once the local CPU is in VMX
 * operation.  While TDX is on, that CPU must be TDX-capable; a failure
 * makes KVM refuse to enable virtualization there, which refuses the CPU
 * when it is coming online.
 *
 * Context: Preemption disabled; IRQs on or off.
 * Return: 0, or the -errno of tdx_cpu_enable().
 */
int tdx_enable_virtualization_cpu(void)
{
	int ret;

	if (!tdx_host.on)
		return 0;

	ret = tdx_cpu_init_local();
	if (ret)
		pr_err_ratelimited("CPU %u: per-CPU TDX initialization failed (%d)\n",
				   smp_processor_id(), ret);
	return ret;
}

/**
 * tdx_disable_virtualization_cpu() - Leave no TDX cache lines behind VMXOFF
 *
 * Called by vt_disable_virtualization_cpu() once the local CPU has left
 * VMX operation: kvm-intel unloading, the CPU going offline, suspend,
 * reboot.  No SEAMCALL can run on the CPU until the next VMXON, so this
 * is where it writes back what the TDX module may have left in its
 * caches, which spares a later kexec the work.  A CPU that made no
 * SEAMCALL since its last flush does nothing, with TDX off included.
 *
 * Context: Preemption disabled; IRQs on or off.
 */
void tdx_disable_virtualization_cpu(void)
{
	tdx_cpu_flush_cache();
}

/**
 * tdx_online_cpu() - Startup callback of "kvm/cpu/tdx:online"
 * @cpu:	the CPU coming online, or already online at registration
 *
 * KVM's own state runs earlier and puts the CPU in VMX operation.  Make
 * sure the CPU is TDX-capable, and refuse it otherwise.
 *
 * Context: cpuhp callback on @cpu, process context.
 * Return: 0 to accept the CPU, -errno to refuse it.
 */
VISIBLE_IF_KUNIT int tdx_online_cpu(unsigned int cpu)
{
	int ret;

	if (!tdx_host.ops->cpu_in_vmx_operation()) {
		pr_err_ratelimited("CPU %u: not in VMX operation, cannot run TDX; refusing it\n",
				   cpu);
		return -EIO;
	}

	ret = tdx_cpu_init_local();
	if (ret)
		pr_err_ratelimited("CPU %u: per-CPU TDX initialization failed (%d); refusing it\n",
				   cpu, ret);
	return ret;
}

/**
 * tdx_cpu_is_last_in_package() - Whether no other CPU of a package is online
 * @cpu:	a CPU
 * @online:	the CPUs to count as online
 *
 * Context: Any context.
 * Return: true if @cpu is the only CPU of its package in @online.
 */
VISIBLE_IF_KUNIT bool tdx_cpu_is_last_in_package(unsigned int cpu,
						 const struct cpumask *online)
{
	int pkg = topology_physical_package_id(cpu);
	unsigned int other;

	for_each_cpu(other, online) {
		if (other != cpu && topology_physical_package_id(other) == pkg)
			return false;
	}
	return true;
}

/**
 * tdx_offline_cpu() - Teardown callback of "kvm/cpu/tdx:online"
 * @cpu:	the CPU going offline
 *
 * A TD's private KeyID is programmed on every package, and freeing it
 * needs a cache write-back on every package, from a CPU of that package.
 * With no online CPU left in a package, a KeyID in use could never be
 * freed, so the last CPU of a package stays while any KeyID is in use.
 * Nothing is undone otherwise: the module keeps the CPU initialized.
 *
 * Context: cpuhp callback on @cpu, process context.
 * Return: 0 to allow offlining, -EBUSY to refuse it.
 */
VISIBLE_IF_KUNIT int tdx_offline_cpu(unsigned int cpu)
{
	if (!tdx_guest_keyids_in_use() ||
	    !tdx_cpu_is_last_in_package(cpu, cpu_online_mask))
		return 0;

	pr_warn_ratelimited("CPU %u is the last online CPU of package %d and TDs hold private KeyIDs; destroy the TDs or online another CPU of the package first\n",
			    cpu, topology_physical_package_id(cpu));
	return -EBUSY;
}

/**
 * tdx_missing_prereq() - The first prerequisite of TDX that is missing
 * @p:	what the platform and KVM offer
 *
 * Context: Any context.
 * Return: why TDX cannot be used, or NULL if nothing is missing.
 */
VISIBLE_IF_KUNIT const char *tdx_missing_prereq(const struct kvm_tdx_prereqs *p)
{
	if (!p->platform)
		return "the BIOS did not enable TDX";
	if (!p->virt_at_load)
		return "TDX needs kvm.enable_virt_at_load=1";
	/* TDs run on Secure EPT; shadow paging cannot host them. */
	if (!p->ept)
		return "TDX needs EPT (kvm_intel.ept=1)";
	/* Reclaiming a TD's page resets it with MOVDIR64B. */
	if (!p->movdir64b)
		return "TDX needs MOVDIR64B, which this CPU lacks";
	/*
	 * TDs ignore guest PAT for private memory; without self-snoop
	 * KVM would have to honour it.
	 */
	if (!p->self_snoop)
		return "TDX needs self-snoop, which this CPU lacks";
	/* The module requires the local APIC in x2APIC mode. */
	if (!p->x2apic)
		return "TDX needs the local APIC in x2APIC mode";
	return NULL;
}

static void tdx_read_prereqs(struct kvm_tdx_prereqs *p)
{
	*p = (struct kvm_tdx_prereqs) {
		.platform	= boot_cpu_has(X86_FEATURE_TDX_HOST_PLATFORM),
		.virt_at_load	= enable_virt_at_load,
		.ept		= enable_ept,
		.movdir64b	= boot_cpu_has(X86_FEATURE_MOVDIR64B),
		.self_snoop	= boot_cpu_has(X86_FEATURE_SELFSNOOP),
		.x2apic		= x2apic_enabled(),
	};
}

/*
 * Make every online CPU TDX-capable, keep them so, initialize the module.
 * tdx_enable() asserts the hotplug lock; modules cannot.
 */
static int tdx_bringup_cpuslocked(void)
{
	int ret;

	/* Runs tdx_online_cpu() on every online CPU now, on others later. */
	ret = cpuhp_setup_state_cpuslocked(CPUHP_AP_ONLINE_DYN, "kvm/cpu/tdx:online",
					   tdx_online_cpu, tdx_offline_cpu);
	if (ret < 0)
		return ret;
	tdx_host.hp_state = ret;

	ret = tdx_enable();
	if (ret) {
		cpuhp_remove_state_nocalls_cpuslocked(tdx_host.hp_state);
		tdx_host.hp_state = 0;
		return ret;
	}

	/* Runtime updates may run now: VMX stays on until tdx_cleanup(). */
	tdx_vmx_get();
	tdx_host.on = true;
	return 0;
}

/* VMX on every CPU for as long as TDX is on, then the bring-up proper. */
static int tdx_bringup_with_virt(void)
{
	int ret;

	ret = tdx_host.ops->enable_virtualization();
	if (ret)
		return ret;

	cpus_read_lock();
	ret = tdx_bringup_cpuslocked();
	cpus_read_unlock();

	if (ret)
		tdx_host.ops->disable_virtualization();
	return ret;
}

/**
 * kvm_tdx_bringup() - Bring TDX up, reporting why if it stays off
 * @p:	what the platform and KVM offer
 *
 * No TDX module (-ENODEV) is reported quietly; any other failure as an
 * error with its cause.  Either way nothing is left behind, and the
 * caller carries on without TDX.
 *
 * Context: Process context; may sleep.  Not under cpus_read_lock().
 * Return: 0 if TDX is on, -EOPNOTSUPP if a prerequisite is missing, or
 * the -errno of the step that failed.
 */
VISIBLE_IF_KUNIT int kvm_tdx_bringup(const struct kvm_tdx_prereqs *p)
{
	const char *missing;
	int ret;

	missing = tdx_missing_prereq(p);
	if (missing) {
		pr_warn("disabled: %s\n", missing);
		return -EOPNOTSUPP;
	}

	ret = tdx_bringup_with_virt();
	if (ret == -ENODEV)
		pr_info("disabled: no TDX module loaded\n");
	else if (ret)
		pr_err("disabled: initialization failed (%d)\n", ret);
	else
		pr_info("enabled\n");
	return ret;
}

/**
 * tdx_bringup() - Bring TDX up at kvm-intel load if "tdx=1" asks for it
 *
 * Runs after KVM's x86 setup, before kvm_init() exposes /dev/kvm.  TDX
 * failing never fails the load: without a TDX VM type, nothing userspace
 * can use is lost, and loading with tdx=1 must not be less reliable than
 * without.  The "tdx" parameter reads back whether TDX is on.
 *
 * Context: kvm-intel module init; process context.
 */
void tdx_bringup(void)
{
	struct kvm_tdx_prereqs p;

	if (!enable_tdx)
		return;

	tdx_read_prereqs(&p);
	enable_tdx = !kvm_tdx_bringup(&p);
}

/**
 * tdx_cleanup() - Undo tdx_bringup()
 *
 * Waits for a runtime update in progress, removes the cpuhp state
 * without calling its teardown, which has nothing to undo and must not
 * refuse anything now, and drops the virtualization reference.  The
 * module stays initialized for a later load.
 *
 * Context: kvm-intel module exit, after kvm_exit(); process context.
 */
void tdx_cleanup(void)
{
	if (!tdx_host.on)
		return;

	/* Waits for a runtime update in progress, which needs VMX. */
	tdx_vmx_put();

	cpus_read_lock();
	cpuhp_remove_state_nocalls_cpuslocked(tdx_host.hp_state);
	tdx_host.hp_state = 0;
	tdx_host.on = false;
	cpus_read_unlock();

	tdx_host.ops->disable_virtualization();
}

#ifdef CONFIG_KVM_INTEL_TDX_KUNIT_TEST
/**
 * tdx_set_virt_ops() - Replace KVM's VMX handling, for tests
 * @ops:	the fakes, or NULL for KVM's own functions
 *
 * Context: Process context, TDX off.
 */
void tdx_set_virt_ops(const struct kvm_tdx_virt_ops *ops)
{
	tdx_host.ops = ops ?: &kvm_tdx_virt_ops;
}

/**
 * tdx_is_on() - Whether TDX is up, for tests
 *
 * Context: Any context.
 * Return: true if kvm_tdx_bringup() succeeded and tdx_cleanup() has not run.
 */
bool tdx_is_on(void)
{
	return tdx_host.on;
}

/**
 * tdx_cpuhp_state() - The dynamic cpuhp state, for tests
 *
 * Context: Any context.
 * Return: the state number, or 0 if it is not registered.
 */
int tdx_cpuhp_state(void)
{
	return tdx_host.hp_state;
}
#endif /* CONFIG_KVM_INTEL_TDX_KUNIT_TEST */
