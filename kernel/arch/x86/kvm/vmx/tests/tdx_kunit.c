// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "kvm_tdx": TDX bring-up by kvm-intel, run against the
 * software TDX module.  KVM's VMX handling is replaced by fakes (there is
 * no VMX under QEMU TCG); everything else is the code kvm-intel runs:
 * prerequisite checks, the failure policy, the cpuhp callbacks with real
 * CPU offline and online, and teardown.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>
#include <asm/tdx.h>

#include "../../../virt/vmx/tdx/tests/helpers.h"
#include "../../../virt/vmx/tdx/tdx.h"
#include "../tdx.h"

/**
 * struct kvm_tdx_fake_vmx - Fake VMX handling
 * @refs:	virtualization references held
 * @enable_err:	what enable_virtualization() fails with, 0 to succeed
 * @no_vmx:	CPUs that are never in VMX operation
 */
static struct kvm_tdx_fake_vmx {
	int refs;
	int enable_err;
	struct cpumask no_vmx;
} fake_vmx;

/* The model's CPUs follow the fake: out of VMX operation without a reference. */
static int fake_enable_virtualization(void)
{
	if (fake_vmx.enable_err)
		return fake_vmx.enable_err;
	fake_vmx.refs++;
	tdx_model_set_vmx(TDX_MODEL_ANY_CPU, true);
	return 0;
}

static void fake_disable_virtualization(void)
{
	if (!--fake_vmx.refs)
		tdx_model_set_vmx(TDX_MODEL_ANY_CPU, false);
}

static bool fake_cpu_in_vmx_operation(void)
{
	return fake_vmx.refs > 0 &&
	       !cpumask_test_cpu(smp_processor_id(), &fake_vmx.no_vmx);
}

static const struct kvm_tdx_virt_ops fake_vmx_ops = {
	.enable_virtualization	= fake_enable_virtualization,
	.disable_virtualization	= fake_disable_virtualization,
	.cpu_in_vmx_operation	= fake_cpu_in_vmx_operation,
};

static const struct kvm_tdx_prereqs kvm_tdx_all_prereqs = {
	.platform = true, .virt_at_load = true, .ept = true,
	.movdir64b = true, .self_snoop = true, .x2apic = true,
};

static int kvm_tdx_bringup_all(void)
{
	return kvm_tdx_bringup(&kvm_tdx_all_prereqs);
}

/* TDX off and nothing held: no cpuhp state, no virtualization reference. */
static void kvm_tdx_expect_off(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, tdx_is_on());
	KUNIT_EXPECT_EQ(test, tdx_cpuhp_state(), 0);
	KUNIT_EXPECT_EQ(test, fake_vmx.refs, 0);
}

static int kvm_tdx_online_fn(void *data)
{
	return tdx_online_cpu(smp_processor_id());
}

/* The startup callback, run on @cpu as cpuhp would. */
static int kvm_tdx_online_on(int cpu)
{
	return smp_call_on_cpu(cpu, kvm_tdx_online_fn, NULL, false);
}

static void kvm_tdx_vmx_enable_fn(void *data)
{
	*(int *)data = tdx_enable_virtualization_cpu();
}

/* What vt_enable_virtualization_cpu() adds after VMXON, on @cpu. */
static int kvm_tdx_vmx_enable_on(int cpu)
{
	int ret = -EINPROGRESS;

	smp_call_function_single(cpu, kvm_tdx_vmx_enable_fn, &ret, true);
	return ret;
}

/* An online CPU other than CPU 0 that shares its package, or -1. */
static int kvm_tdx_sibling(int cpu)
{
	int other;

	for_each_online_cpu(other) {
		if (other != cpu && topology_physical_package_id(other) ==
				    topology_physical_package_id(cpu))
			return other;
	}
	return -1;
}

static int kvm_tdx_init(struct kunit *test)
{
	tdx_reset_for_test();
	memset(&fake_vmx, 0, sizeof(fake_vmx));
	tdx_set_virt_ops(&fake_vmx_ops);
	return 0;
}

static void kvm_tdx_exit(struct kunit *test)
{
	int cpu;

	/* Put back any CPU a test left offline. */
	cpumask_clear(&fake_vmx.no_vmx);
	for_each_present_cpu(cpu) {
		if (!cpu_online(cpu))
			add_cpu(cpu);
	}
	tdx_cleanup();
	tdx_set_virt_ops(NULL);
	tdx_reset_for_test();
}

/* ----- Prerequisites ----- */

struct kvm_tdx_prereq_case {
	const char *name;
	size_t offset;
	const char *reason;
};

#define KVM_TDX_PREREQ(field, why) \
	{ #field, offsetof(struct kvm_tdx_prereqs, field), why }

static const struct kvm_tdx_prereq_case kvm_tdx_prereq_cases[] = {
	KVM_TDX_PREREQ(platform, "BIOS did not enable TDX"),
	KVM_TDX_PREREQ(virt_at_load, "kvm.enable_virt_at_load=1"),
	KVM_TDX_PREREQ(ept, "EPT"),
	KVM_TDX_PREREQ(movdir64b, "MOVDIR64B"),
	KVM_TDX_PREREQ(self_snoop, "self-snoop"),
	KVM_TDX_PREREQ(x2apic, "x2APIC"),
};

static void kvm_tdx_prereq_desc(const struct kvm_tdx_prereq_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kvm_tdx_prereq, kvm_tdx_prereq_cases, kvm_tdx_prereq_desc);

/* Each missing prerequisite names itself; TDX stays off, nothing is called. */
static void kvm_tdx_prereq_missing(struct kunit *test)
{
	const struct kvm_tdx_prereq_case *c = test->param_value;
	struct kvm_tdx_prereqs p = kvm_tdx_all_prereqs;
	const char *reason;

	tdxt_begin(test, NULL);
	*(bool *)((u8 *)&p + c->offset) = false;

	reason = tdx_missing_prereq(&p);
	KUNIT_ASSERT_NOT_NULL(test, reason);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(reason, c->reason), "%s", reason);

	KUNIT_EXPECT_EQ(test, kvm_tdx_bringup(&p), -EOPNOTSUPP);
	kvm_tdx_expect_off(test);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), 0);
}

/* All prerequisites present: nothing to report. */
static void kvm_tdx_prereqs_present(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, tdx_missing_prereq(&kvm_tdx_all_prereqs));
}

/* ----- Bring-up and failure policy ----- */

/* Every online CPU initialized, the module ready, the state kept. */
static void kvm_tdx_bringup_ok(struct kunit *test)
{
	int cpu;

	tdxt_begin(test, NULL);

	KUNIT_ASSERT_EQ(test, kvm_tdx_bringup_all(), 0);
	KUNIT_EXPECT_TRUE(test, tdx_is_on());
	KUNIT_EXPECT_GT(test, tdx_cpuhp_state(), 0);
	KUNIT_EXPECT_EQ(test, fake_vmx.refs, 1);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	KUNIT_EXPECT_NOT_NULL(test, tdx_get_sysinfo());
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_TRUE_MSG(test, tdx_model_lp_initialized(cpu), "CPU %d", cpu);
}

/* No module loaded: VMfailInvalid, -ENODEV, TDX off, nothing held. */
static void kvm_tdx_bringup_no_module(struct kunit *test)
{
	struct tdx_model_config cfg;

	tdxt_config(&cfg);
	cfg.module_loaded = false;
	tdxt_begin(test, &cfg);

	KUNIT_EXPECT_EQ(test, kvm_tdx_bringup_all(), -ENODEV);
	kvm_tdx_expect_off(test);
}

/* Enabling virtualization fails: reported, no SEAMCALL, nothing held. */
static void kvm_tdx_bringup_no_vmx(struct kunit *test)
{
	tdxt_begin(test, NULL);
	fake_vmx.enable_err = -EIO;

	KUNIT_EXPECT_EQ(test, kvm_tdx_bringup_all(), -EIO);
	kvm_tdx_expect_off(test);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), 0);
}

struct kvm_tdx_fault_case {
	const char *name;
	u64 fn;
	bool other_pkg;		/* inject on a CPU of the second package */
	u64 status;
	int expected;
};

static const struct kvm_tdx_fault_case kvm_tdx_fault_cases[] = {
	{ "sys_init_vmfail", TDH_SYS_INIT, false, TDX_SEAMCALL_VMFAILINVALID, -ENODEV },
	{ "sys_init_error", TDH_SYS_INIT, false, TDX_OPERAND_INVALID, -EIO },
	{ "sys_init_busy", TDH_SYS_INIT, false, TDX_SYS_BUSY, -EBUSY },
	{ "lp_init_error", TDH_SYS_LP_INIT, true, TDX_OPERAND_INVALID, -EIO },
	{ "sys_config_error", TDH_SYS_CONFIG, false, TDX_OPERAND_INVALID, -EIO },
};

static void kvm_tdx_fault_desc(const struct kvm_tdx_fault_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kvm_tdx_fault, kvm_tdx_fault_cases, kvm_tdx_fault_desc);

/*
 * A SEAMCALL failing anywhere in the bring-up: its errno comes back
 * (-ENODEV for VMfailInvalid, which is reported quietly), TDX is off,
 * and the cpuhp state and the virtualization reference are gone.
 */
static void kvm_tdx_bringup_fault(struct kunit *test)
{
	const struct kvm_tdx_fault_case *c = test->param_value;
	int cpu = TDX_MODEL_ANY_CPU;

	tdxt_begin(test, NULL);
	if (c->other_pkg) {
		cpu = tdxt_first_cpu_of_other_pkg(0);
		if (cpu < 0)
			kunit_skip(test, "needs two packages");
	}
	KUNIT_ASSERT_EQ(test, tdx_model_inject(c->fn, cpu, 1, 1, c->status), 0);

	KUNIT_EXPECT_EQ(test, kvm_tdx_bringup_all(), c->expected);
	kvm_tdx_expect_off(test);
	KUNIT_EXPECT_GE(test, tdx_model_leaf_calls(c->fn), 1);
	KUNIT_EXPECT_NE(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
}

/* ----- CPU hotplug callbacks ----- */

/* The startup callback accepts a CPU once per-CPU init succeeds there. */
static void kvm_tdx_online_accepts(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);

	tdxt_begin(test, NULL);
	fake_vmx.refs = 1;

	KUNIT_EXPECT_EQ(test, kvm_tdx_online_on(cpu), 0);
	KUNIT_EXPECT_TRUE(test, tdx_model_lp_initialized(cpu));
	fake_vmx.refs = 0;
}

/* Per-CPU init failing refuses the CPU and leaves it uninitialized. */
static void kvm_tdx_online_refuses_init_failure(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);

	tdxt_begin(test, NULL);
	fake_vmx.refs = 1;
	KUNIT_ASSERT_EQ(test, tdx_model_inject(TDH_SYS_LP_INIT, cpu, 1, 1,
					       TDX_OPERAND_INVALID), 0);

	KUNIT_EXPECT_EQ(test, kvm_tdx_online_on(cpu), -EIO);
	KUNIT_EXPECT_FALSE(test, tdx_model_lp_initialized(cpu));
	fake_vmx.refs = 0;
}

/* A CPU not in VMX operation is refused without any SEAMCALL. */
static void kvm_tdx_online_refuses_no_vmx(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);

	tdxt_begin(test, NULL);
	fake_vmx.refs = 1;
	cpumask_set_cpu(cpu, &fake_vmx.no_vmx);

	KUNIT_EXPECT_EQ(test, kvm_tdx_online_on(cpu), -EIO);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), 0);
	fake_vmx.refs = 0;
}

/*
 * The VMXON path does per-CPU init only while TDX is on, and reports a
 * failure so that KVM turns VMX back off and refuses the CPU.  A module
 * that a failed update shut down or lost runs no TD: the CPU is
 * accepted, without a SEAMCALL.
 */
static void kvm_tdx_vmx_enable_path(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);
	u64 calls;

	tdxt_begin(test, NULL);
	KUNIT_EXPECT_EQ(test, kvm_tdx_vmx_enable_on(cpu), 0);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), 0);

	KUNIT_ASSERT_EQ(test, kvm_tdx_bringup_all(), 0);
	KUNIT_EXPECT_EQ(test, kvm_tdx_vmx_enable_on(cpu), 0);

	tdx_module_lock();
	tdx_set_module_state_locked(TDX_MODULE_DEAD, -ENXIO);
	tdx_module_unlock();
	KUNIT_EXPECT_EQ(test, kvm_tdx_vmx_enable_on(cpu), -ENXIO);

	calls = tdxt_all_calls();
	tdx_module_lock();
	tdx_set_module_state_locked(TDX_MODULE_SHUT_DOWN, -ESHUTDOWN);
	tdx_module_unlock();
	KUNIT_EXPECT_EQ(test, kvm_tdx_vmx_enable_on(cpu), 0);
	tdx_module_lock();
	tdx_set_module_state_locked(TDX_MODULE_DEAD, -ENODEV);
	tdx_module_unlock();
	KUNIT_EXPECT_EQ(test, kvm_tdx_vmx_enable_on(cpu), 0);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
}

static void kvm_tdx_vmx_disable_fn(void *unused)
{
	tdx_disable_virtualization_cpu();
}

/*
 * What vt_disable_virtualization_cpu() adds after VMXOFF: a CPU that made
 * SEAMCALLs flushes its caches once; with TDX off, or nothing to flush,
 * there is no flush.
 */
static void kvm_tdx_vmx_disable_path(struct kunit *test)
{
	int cpu;

	tdxt_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, kvm_tdx_bringup_all(), 0);

	on_each_cpu(kvm_tdx_vmx_disable_fn, NULL, true);
	on_each_cpu(kvm_tdx_vmx_disable_fn, NULL, true);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ_MSG(test, tdx_model_cpu_flushes(cpu), 1, "CPU %d", cpu);
		KUNIT_EXPECT_FALSE_MSG(test, tdx_model_cpu_cache_dirty(cpu),
				       "CPU %d", cpu);
	}
	/* Userspace sees nothing of it: TDX stays on. */
	KUNIT_EXPECT_TRUE(test, tdx_is_on());
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
}

/* Last online CPU of a package, judged against a given online mask. */
static void kvm_tdx_last_in_package(struct kunit *test)
{
	int cpu = tdxt_first_cpu_of_other_pkg(0);
	int sibling = cpu < 0 ? -1 : kvm_tdx_sibling(cpu);
	struct cpumask *online;

	if (sibling < 0)
		kunit_skip(test, "needs a second package with two CPUs");
	online = kunit_kzalloc(test, cpumask_size(), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, online);

	cpumask_copy(online, cpu_online_mask);
	KUNIT_EXPECT_FALSE(test, tdx_cpu_is_last_in_package(cpu, online));
	cpumask_clear_cpu(sibling, online);
	KUNIT_EXPECT_TRUE(test, tdx_cpu_is_last_in_package(cpu, online));
	/* The other package keeps its CPUs: unaffected. */
	if (kvm_tdx_sibling(0) >= 0)
		KUNIT_EXPECT_FALSE(test, tdx_cpu_is_last_in_package(0, online));
}

/*
 * Real hotplug, TDX on: offlining a package's CPUs is allowed until the
 * last one while a KeyID is allocated (-EBUSY, CPU stays online), and
 * allowed again once the KeyID is freed.
 */
static void kvm_tdx_offline_last_cpu(struct kunit *test)
{
	int cpu = tdxt_first_cpu_of_other_pkg(0);
	int sibling = cpu < 0 ? -1 : kvm_tdx_sibling(cpu);
	int keyid;

	if (sibling < 0)
		kunit_skip(test, "needs a second package with two CPUs");
	tdxt_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, kvm_tdx_bringup_all(), 0);
	keyid = tdx_guest_keyid_alloc();
	KUNIT_ASSERT_GT(test, keyid, 0);

	KUNIT_EXPECT_EQ(test, remove_cpu(sibling), 0);
	KUNIT_EXPECT_EQ(test, remove_cpu(cpu), -EBUSY);
	KUNIT_EXPECT_TRUE(test, cpu_online(cpu));

	tdx_guest_keyid_free(keyid);
	KUNIT_EXPECT_EQ(test, remove_cpu(cpu), 0);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_EQ(test, add_cpu(sibling), 0);
}

/* With every CPU of the package online, a KeyID in use blocks nothing. */
static void kvm_tdx_offline_allowed(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);
	int keyid;

	if (kvm_tdx_sibling(cpu) < 0)
		kunit_skip(test, "needs a package with two CPUs");
	tdxt_begin(test, NULL);
	keyid = tdx_guest_keyid_alloc();
	KUNIT_ASSERT_GT(test, keyid, 0);

	KUNIT_EXPECT_EQ(test, tdx_offline_cpu(cpu), 0);
	tdx_guest_keyid_free(keyid);
}

/* Bring TDX up, then take the last CPU offline for real; returns it. */
static int kvm_tdx_up_with_cpu_offline(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);

	if (!cpu)
		kunit_skip(test, "needs a second CPU");
	tdxt_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, kvm_tdx_bringup_all(), 0);
	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
	return cpu;
}

/*
 * Real hotplug, TDX on: a CPU coming back is refused while it cannot
 * run TDX, and accepted once it can.
 */
static void kvm_tdx_online_refused(struct kunit *test)
{
	int cpu = kvm_tdx_up_with_cpu_offline(test);

	cpumask_set_cpu(cpu, &fake_vmx.no_vmx);
	KUNIT_EXPECT_NE(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_FALSE(test, cpu_online(cpu));

	cpumask_clear_cpu(cpu, &fake_vmx.no_vmx);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_TRUE(test, cpu_online(cpu));
}

/*
 * Real hotplug after a failed update lost the module: TDs are gone, so
 * a CPU comes back online, and TDX stays unavailable.
 */
static void kvm_tdx_online_after_loss(struct kunit *test)
{
	int cpu = kvm_tdx_up_with_cpu_offline(test);

	tdx_module_lock();
	tdx_set_module_state_locked(TDX_MODULE_DEAD, -ENODEV);
	tdx_module_unlock();
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_TRUE(test, cpu_online(cpu));
	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
}

/* ----- Teardown ----- */

/**
 * struct kvm_tdx_thread - A call made by a thread of its own
 * @fn:		what to call; returns an errno
 * @image:	the update image, for an update
 * @len:	its length
 * @done:	completed after @fn returned
 * @ret:	what it returned
 */
struct kvm_tdx_thread {
	int (*fn)(struct kvm_tdx_thread *t);
	void *image;
	size_t len;
	struct completion done;
	int ret;
};

static int kvm_tdx_thread_fn(void *data)
{
	struct kvm_tdx_thread *t = data;

	t->ret = t->fn(t);
	complete(&t->done);
	return 0;
}

/* Start @t on @cpu only. */
static void kvm_tdx_thread_start(struct kunit *test, struct kvm_tdx_thread *t,
				 int cpu)
{
	struct task_struct *task;

	init_completion(&t->done);
	task = kthread_create(kvm_tdx_thread_fn, t, "kvm_tdx_test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	kthread_bind(task, cpu);
	wake_up_process(task);
}

static int kvm_tdx_do_update(struct kvm_tdx_thread *t)
{
	return tdx_module_update(t->image, t->len);
}

static int kvm_tdx_do_cleanup(struct kvm_tdx_thread *t)
{
	tdx_cleanup();
	return 0;
}

/*
 * Unloading kvm-intel during a runtime update: its teardown waits for
 * the update, which needs VMX on every CPU until it is done.  P-SEAMLDR
 * is held in the update's check of SEAMLDR.INFO meanwhile.
 */
static void kvm_tdx_cleanup_waits_for_update(struct kunit *test)
{
	struct kvm_tdx_thread update = {}, cleanup = {};
	int cpu = cpumask_first(cpu_online_mask);
	int held_cpu = cpumask_last(cpu_online_mask);
	struct tdx_model_module next;
	unsigned int waited;
	u64 infos;

	/*
	 * The held call spins with interrupts off: keep this thread and
	 * kvm-intel's teardown off its CPU.
	 */
	if (cpu == held_cpu)
		kunit_skip(test, "needs two CPUs");
	tdxt_pin(test, cpu);
	tdxt_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, kvm_tdx_bringup_all(), 0);
	update.len = 3 * PAGE_SIZE;
	update.image = kunit_kzalloc(test, update.len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, update.image);
	tdx_model_next_module(&next);
	KUNIT_ASSERT_EQ(test, tdx_model_build_image(update.image, &next, 1), 0);
	infos = tdx_model_leaf_calls(P_SEAMLDR_INFO);

	tdx_model_hold(P_SEAMLDR_INFO);
	update.fn = kvm_tdx_do_update;
	kvm_tdx_thread_start(test, &update, held_cpu);
	for (waited = 0; waited < MSEC_PER_SEC; waited += 20) {
		if (tdx_model_leaf_calls(P_SEAMLDR_INFO) != infos ||
		    completion_done(&update.done))
			break;
		msleep(20);
	}
	if (completion_done(&update.done) ||
	    tdx_model_leaf_calls(P_SEAMLDR_INFO) == infos) {
		tdx_model_release();
		wait_for_completion(&update.done);
		KUNIT_FAIL_AND_ABORT(test, "the update did not reach SEAMLDR.INFO: %d",
				     update.ret);
	}

	cleanup.fn = kvm_tdx_do_cleanup;
	kvm_tdx_thread_start(test, &cleanup, cpu);
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&cleanup.done,
							  msecs_to_jiffies(200)), 0);
	tdx_model_release();

	wait_for_completion(&update.done);
	wait_for_completion(&cleanup.done);
	KUNIT_EXPECT_EQ(test, update.ret, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_vmx_faults(), 0);
	kvm_tdx_expect_off(test);
}

/*
 * Cleanup drops the cpuhp state and the reference; afterwards a KeyID
 * in use no longer blocks offlining.  Cleanup with TDX off does nothing.
 */
static void kvm_tdx_cleanup(struct kunit *test)
{
	int cpu = tdxt_first_cpu_of_other_pkg(0);
	int sibling = cpu < 0 ? -1 : kvm_tdx_sibling(cpu);
	int keyid;

	tdxt_begin(test, NULL);
	tdx_cleanup();
	kvm_tdx_expect_off(test);

	KUNIT_ASSERT_EQ(test, kvm_tdx_bringup_all(), 0);
	tdx_cleanup();
	kvm_tdx_expect_off(test);
	/* The module stays initialized for a later load. */
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);

	if (sibling < 0)
		return;
	keyid = tdx_guest_keyid_alloc();
	KUNIT_ASSERT_GT(test, keyid, 0);
	KUNIT_EXPECT_EQ(test, remove_cpu(sibling), 0);
	KUNIT_EXPECT_EQ(test, remove_cpu(cpu), 0);
	tdx_guest_keyid_free(keyid);
}

/* A second bring-up after cleanup finds the module ready. */
static void kvm_tdx_reload(struct kunit *test)
{
	tdxt_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, kvm_tdx_bringup_all(), 0);
	tdx_cleanup();

	KUNIT_EXPECT_EQ(test, kvm_tdx_bringup_all(), 0);
	KUNIT_EXPECT_TRUE(test, tdx_is_on());
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_CONFIG), 1);
}

static struct kunit_case kvm_tdx_cases[] = {
	KUNIT_CASE_PARAM(kvm_tdx_prereq_missing, kvm_tdx_prereq_gen_params),
	KUNIT_CASE(kvm_tdx_prereqs_present),
	KUNIT_CASE(kvm_tdx_bringup_ok),
	KUNIT_CASE(kvm_tdx_bringup_no_module),
	KUNIT_CASE(kvm_tdx_bringup_no_vmx),
	KUNIT_CASE_PARAM(kvm_tdx_bringup_fault, kvm_tdx_fault_gen_params),
	KUNIT_CASE(kvm_tdx_online_accepts),
	KUNIT_CASE(kvm_tdx_online_refuses_init_failure),
	KUNIT_CASE(kvm_tdx_online_refuses_no_vmx),
	KUNIT_CASE(kvm_tdx_vmx_enable_path),
	KUNIT_CASE(kvm_tdx_vmx_disable_path),
	KUNIT_CASE(kvm_tdx_last_in_package),
	KUNIT_CASE(kvm_tdx_offline_allowed),
	KUNIT_CASE_SLOW(kvm_tdx_offline_last_cpu),
	KUNIT_CASE_SLOW(kvm_tdx_online_refused),
	KUNIT_CASE_SLOW(kvm_tdx_online_after_loss),
	KUNIT_CASE_SLOW(kvm_tdx_cleanup_waits_for_update),
	KUNIT_CASE_SLOW(kvm_tdx_cleanup),
	KUNIT_CASE(kvm_tdx_reload),
	TDXT_LEAK_CASE,
	{}
};

static struct kunit_suite kvm_tdx_suite = {
	.name = "kvm_tdx",
	.suite_init = tdxt_leak_window_open,
	.init = kvm_tdx_init,
	.exit = kvm_tdx_exit,
	.test_cases = kvm_tdx_cases,
};

kunit_test_suite(kvm_tdx_suite);
