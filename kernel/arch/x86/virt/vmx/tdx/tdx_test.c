// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the TDX host lifecycle, run against the software model
 * of the TDX module.
 *
 * Suite "tdx_init": boot detection, tdx_cpu_enable() and tdx_enable() on
 * every CPU, with faults injected at every SEAMCALL they make.
 * Suite "tdx_tdmr": TDMR, PAMT and reserved-area construction for
 * synthetic memory layouts, validated by the model's TDH.SYS.CONFIG.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/kthread.h>
#include <linux/memblock.h>
#include <linux/memory.h>
#include <linux/notifier.h>
#include <linux/pfn.h>
#include <linux/sizes.h>
#include <linux/smp.h>
#include <asm/mce.h>

#include "model.h"
#include "model_test_util.h"
#include "seamcall.h"
#include "tdx.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* ----- Helpers ----- */

/* Start the model with @cfg (NULL: the defaults) and detect the platform. */
static void tdx_test_start(struct kunit *test, const struct tdx_model_config *cfg)
{
	struct tdx_model_config def;

	if (!cfg) {
		tdx_model_default_config(&def);
		cfg = &def;
	}
	tdxt_start(test, cfg);
	KUNIT_ASSERT_EQ(test, tdx_probe_platform(), 0);
}

static void tdx_test_cpu_enable_fn(void *data)
{
	int *results = data;

	results[smp_processor_id()] = tdx_cpu_enable();
}

/* tdx_cpu_enable() on every online CPU at once, IRQs off; per-CPU results. */
static int *tdx_test_enable_cpus(struct kunit *test)
{
	int *results = kunit_kcalloc(test, nr_cpu_ids, sizeof(int), GFP_KERNEL);
	unsigned int cpu;

	KUNIT_ASSERT_NOT_NULL(test, results);
	for_each_possible_cpu(cpu)
		results[cpu] = -EINPROGRESS;
	on_each_cpu(tdx_test_cpu_enable_fn, results, true);
	return results;
}

static void tdx_test_expect_cpus(struct kunit *test, const int *results,
				 int expected)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, results[cpu], expected, "CPU %u", cpu);
}

static int tdx_test_enable(void)
{
	int ret;

	cpus_read_lock();
	ret = tdx_enable();
	cpus_read_unlock();
	return ret;
}

static int tdx_test_state(int *err)
{
	return tdx_module_state(err);
}

/* The leaves the lifecycle uses. */
static const u64 tdx_test_leaves[] = {
	TDH_SYS_INIT, TDH_SYS_LP_INIT, TDH_SYS_RD, TDH_SYS_CONFIG,
	TDH_SYS_KEY_CONFIG, TDH_SYS_TDMR_INIT,
};

static u64 tdx_test_total_calls(void)
{
	u64 total = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tdx_test_leaves); i++)
		total += tdx_model_leaf_calls(tdx_test_leaves[i]);
	return total;
}

static int tdx_test_notify(unsigned long action, u64 start, u64 size)
{
	struct memory_notify mn = {
		.start_pfn = PHYS_PFN(start),
		.nr_pages = PHYS_PFN(size),
	};

	return tdx_memory_notifier(NULL, action, &mn);
}

/*
 * Nothing the failed initialization allocated may remain: no pages, no
 * TDMR array, no memory list restricting hotplug, and no shutdown.
 */
static void tdx_test_expect_clean(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), 0);
	KUNIT_EXPECT_NULL(test, tdx_core_tdmrs()->tdmrs);
	KUNIT_EXPECT_EQ(test, tdx_test_notify(MEM_GOING_ONLINE, SZ_64G, SZ_128M),
			NOTIFY_OK);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_SHUTDOWN), 0);
}

static int tdx_init_suite_init(struct kunit *test)
{
	tdx_reset_for_test();
	KUNIT_ASSERT_EQ(test, tdx_pages_held(), 0);
	return 0;
}

static void tdx_init_suite_exit(struct kunit *test)
{
	tdx_reset_for_test();
}

/* ----- Suite tdx_init ----- */

/* Without the model's KeyIDs the platform is not a TDX host: -ENODEV. */
static void tdx_no_platform(struct kunit *test)
{
	struct tdx_model_config cfg;
	int *results;

	tdx_model_default_config(&cfg);
	cfg.tdx_keyids = 1;
	tdxt_start(test, &cfg);
	KUNIT_EXPECT_EQ(test, tdx_probe_platform(), -ENODEV);

	results = tdx_test_enable_cpus(test);
	tdx_test_expect_cpus(test, results, -ENODEV);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdx_guest_keyid_alloc(), -ENODEV);
	/* Boot detection and the refusals make no SEAMCALL. */
	KUNIT_EXPECT_EQ(test, tdx_test_total_calls(), 0);
}

/* Detection alone allocates nothing and calls nothing. */
static void tdx_detect_is_passive(struct kunit *test)
{
	tdx_test_start(test, NULL);

	KUNIT_EXPECT_EQ(test, tdx_test_total_calls(), 0);
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), 0);
	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_PENDING);
}

/* All CPUs at once: one TDH.SYS.INIT, one LP.INIT per CPU, then none. */
static void tdx_cpu_enable_all_at_once(struct kunit *test)
{
	unsigned int cpu;
	int *results;

	tdx_test_start(test, NULL);
	/* Keep TDH.SYS.INIT in flight long enough for the others to queue. */
	tdx_model_set_latency(TDH_SYS_INIT, 200 * NSEC_PER_USEC);

	results = tdx_test_enable_cpus(test);
	tdx_test_expect_cpus(test, results, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT),
			num_online_cpus());
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_TRUE(test, tdx_model_lp_initialized(cpu));

	results = tdx_test_enable_cpus(test);
	tdx_test_expect_cpus(test, results, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT),
			num_online_cpus());
	tdx_model_set_latency(TDH_SYS_INIT, 0);
}

/* The full path on every CPU; PAMTs match what the model computes. */
static void tdx_enable_happy_path(struct kunit *test)
{
	const struct tdx_tdmr_list *list;
	const struct tdx_sys_info *si;
	struct tdx_model_module mod;
	u64 model_pamt = 0;
	unsigned int i;
	int *results;
	int err;

	tdx_test_start(test, NULL);
	results = tdx_test_enable_cpus(test);
	tdx_test_expect_cpus(test, results, 0);

	KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_state(&err), TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	KUNIT_EXPECT_EQ(test, tdx_model_pkgs_keyed(), 2);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);

	list = tdx_core_tdmrs();
	KUNIT_ASSERT_GT(test, list->nr, 0);
	KUNIT_ASSERT_EQ(test, tdx_model_nr_tdmrs(), list->nr);
	for (i = 0; i < list->nr; i++) {
		struct tdx_model_tdmr mt;

		KUNIT_ASSERT_EQ(test, tdx_model_get_tdmr(i, &mt), 0);
		KUNIT_EXPECT_EQ(test, mt.base, list->tdmrs[i].base);
		KUNIT_EXPECT_EQ(test, mt.size, list->tdmrs[i].size);
		KUNIT_EXPECT_EQ(test, mt.init_end, mt.base + mt.size);
		KUNIT_EXPECT_EQ(test, mt.pamt_bytes,
				tdx_model_pamt_bytes(mt.size));
		model_pamt += mt.pamt_bytes;
	}
	KUNIT_EXPECT_EQ(test, (u64)tdx_pamt_total_pages(list) << PAGE_SHIFT,
			model_pamt);
	KUNIT_EXPECT_GT(test, tdx_pages_held(), (long)tdx_pamt_total_pages(list));

	si = tdx_get_sysinfo();
	KUNIT_ASSERT_NOT_NULL(test, si);
	tdx_model_get_module(&mod);
	KUNIT_EXPECT_EQ(test, si->version.major, mod.major);
	KUNIT_EXPECT_EQ(test, si->version.minor, mod.minor);
	KUNIT_EXPECT_EQ(test, si->version.update, mod.update);
	KUNIT_EXPECT_EQ(test, si->features0, mod.features0);
	KUNIT_EXPECT_EQ(test, si->handoff.module_hv, mod.module_hv);
	KUNIT_EXPECT_EQ(test, si->handoff.num_handoff_pages,
			mod.num_handoff_pages);
}

/* Later calls return 0 and make no SEAMCALL. */
static void tdx_enable_repeated_after_success(struct kunit *test)
{
	u64 calls;

	tdx_test_start(test, NULL);
	tdx_test_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);

	calls = tdx_test_total_calls();
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_total_calls(), calls);
}

/* tdx_enable() before every CPU ran tdx_cpu_enable(): -EINVAL, not recorded. */
static void tdx_enable_needs_cpus(struct kunit *test)
{
	int err;

	tdx_test_start(test, NULL);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), -EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_test_state(&err), TDX_MODULE_UNINITIALIZED);

	tdx_test_enable_cpus(test);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), 0);
}

struct tdx_test_waiter {
	struct completion done;
	int ret;
};

static int tdx_test_enable_thread(void *data)
{
	struct tdx_test_waiter *w = data;

	w->ret = tdx_test_enable();
	complete(&w->done);
	return 0;
}

#define TDX_TEST_THREADS	4

/* Run tdx_enable() from several kthreads at once; all get @expected. */
static void tdx_test_concurrent(struct kunit *test, int expected)
{
	struct tdx_test_waiter *w;
	unsigned int i;

	w = kunit_kcalloc(test, TDX_TEST_THREADS, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);

	for (i = 0; i < TDX_TEST_THREADS; i++) {
		struct task_struct *t;

		init_completion(&w[i].done);
		w[i].ret = -EINPROGRESS;
		t = kthread_run(tdx_test_enable_thread, &w[i], "tdx_test/%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	for (i = 0; i < TDX_TEST_THREADS; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ_MSG(test, w[i].ret, expected, "thread %u", i);
	}
	/* Only the first caller configured the module. */
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_CONFIG), 1);
}

/* Concurrent callers all succeed; the module is configured once. */
static void tdx_enable_concurrent(struct kunit *test)
{
	tdx_test_start(test, NULL);
	tdx_test_enable_cpus(test);
	/* Slow TDMR.INIT down so the callers overlap. */
	tdx_model_set_latency(TDH_SYS_TDMR_INIT, 20 * NSEC_PER_USEC);
	tdx_test_concurrent(test, 0);
	tdx_model_set_latency(TDH_SYS_TDMR_INIT, 0);
}

/* Concurrent callers all see the same failure. */
static void tdx_enable_concurrent_failure(struct kunit *test)
{
	tdx_test_start(test, NULL);
	tdx_test_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(TDH_SYS_CONFIG, TDX_MODEL_ANY_CPU,
					       1, 1, TDX_INVALID_TDMR), 0);
	tdx_test_concurrent(test, -EIO);
	tdx_test_expect_clean(test);
}

/**
 * struct tdx_fault_case - A SEAMCALL failing inside tdx_enable()
 * @name:	case name
 * @fn:		the leaf to fail
 * @nth:	which call of the leaf fails first (1-based)
 * @count:	how many consecutive calls fail
 * @status:	the status they return
 * @err:	the errno tdx_enable() must return, 0 if it must succeed
 */
struct tdx_fault_case {
	const char *name;
	u64 fn;
	unsigned int nth;
	unsigned int count;
	u64 status;
	int err;
};

static const struct tdx_fault_case tdx_enable_faults[] = {
	/* The first metadata read: nothing allocated yet. */
	{ "rd_field_id", TDH_SYS_RD, 1, 1, TDX_METADATA_FIELD_ID_INCORRECT, -EIO },
	{ "rd_lp_not_done", TDH_SYS_RD, 1, 1, TDX_SYS_LP_INIT_NOT_DONE, -EIO },
	{ "rd_ud", TDH_SYS_RD, 1, 1, TDX_SEAMCALL_UD, -EACCES },
	{ "rd_gp", TDH_SYS_RD, 1, 1, TDX_SEAMCALL_GP, -EOPNOTSUPP },
	{ "rd_vmfail", TDH_SYS_RD, 1, 1, TDX_SEAMCALL_VMFAILINVALID, -ENODEV },
	/* Entropy runs out on every retry of the SEAMCALL layer. */
	{ "rd_no_entropy", TDH_SYS_RD, 1, TDX_NO_ENTROPY_TRIES,
	  TDX_RND_NO_ENTROPY, -EAGAIN },
	/* ...but one retry short of that, the read succeeds. */
	{ "rd_entropy_recovers", TDH_SYS_RD, 1, TDX_NO_ENTROPY_TRIES - 1,
	  TDX_RND_NO_ENTROPY, 0 },
	/* A CMR read, the last metadata read. */
	{ "rd_cmr", TDH_SYS_RD, 17, 1, TDX_METADATA_FIELD_NOT_READABLE, -EIO },
	/* TDH.SYS.CONFIG: TDMRs and PAMTs are allocated by then. */
	{ "config_invalid_tdmr", TDH_SYS_CONFIG, 1, 1, TDX_INVALID_TDMR, -EIO },
	{ "config_pamt_overlap", TDH_SYS_CONFIG, 1, 1, TDX_PAMT_OVERLAP, -EIO },
	{ "config_outside_cmrs", TDH_SYS_CONFIG, 1, 1, TDX_TDMR_OUTSIDE_CMRS,
	  -EIO },
	{ "config_not_pending", TDH_SYS_CONFIG, 1, 1,
	  TDX_SYS_CONFIG_NOT_PENDING, -EIO },
	{ "config_bad_hkid", TDH_SYS_CONFIG, 1, 1,
	  TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8, -EIO },
	{ "config_sys_busy", TDH_SYS_CONFIG, 1, 1, TDX_SYS_BUSY, -EBUSY },
	/* TDH.SYS.KEY.CONFIG: transient failures retried, then given up. */
	{ "key_gen_failed", TDH_SYS_KEY_CONFIG, 1, 10,
	  TDX_KEY_GENERATION_FAILED, -EIO },
	{ "key_gen_recovers", TDH_SYS_KEY_CONFIG, 1, 9,
	  TDX_KEY_GENERATION_FAILED, 0 },
	{ "key_busy", TDH_SYS_KEY_CONFIG, 1, 10,
	  TDX_OPERAND_BUSY | TDX_OPERAND_ID_KET, -EBUSY },
	{ "key_busy_recovers", TDH_SYS_KEY_CONFIG, 2, 3,
	  TDX_OPERAND_BUSY | TDX_OPERAND_ID_KET, 0 },
	{ "key_no_entropy", TDH_SYS_KEY_CONFIG, 1, TDX_NO_ENTROPY_TRIES,
	  TDX_RND_NO_ENTROPY, -EAGAIN },
	/* The second package fails after the first was keyed. */
	{ "key_second_pkg", TDH_SYS_KEY_CONFIG, 2, 1,
	  TDX_SYS_KEY_CONFIG_NOT_PENDING, -EIO },
	/*
	 * "Already keyed" is taken at its word; the model never keyed that
	 * package, so TDH.SYS.TDMR.INIT finds the module not ready.
	 */
	{ "key_configured", TDH_SYS_KEY_CONFIG, 1, 1, TDX_KEY_CONFIGURED,
	  -EIO },
	/* TDH.SYS.TDMR.INIT, at the first call and in the middle. */
	{ "tdmr_init_not_ready", TDH_SYS_TDMR_INIT, 1, 1, TDX_SYS_NOT_READY,
	  -EIO },
	{ "tdmr_init_busy", TDH_SYS_TDMR_INIT, 5, 1,
	  TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX, -EBUSY },
	{ "tdmr_init_gp", TDH_SYS_TDMR_INIT, 100, 1, TDX_SEAMCALL_GP,
	  -EOPNOTSUPP },
};

static void tdx_fault_case_desc(const struct tdx_fault_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdx_enable_faults, tdx_enable_faults, tdx_fault_case_desc);

/* Each injected failure: the errno, the final state, nothing left over. */
static void tdx_enable_fault(struct kunit *test)
{
	const struct tdx_fault_case *c = test->param_value;
	u64 calls;
	int err;

	tdx_test_start(test, NULL);
	tdx_test_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(c->fn, TDX_MODEL_ANY_CPU, c->nth,
					       c->count, c->status), 0);

	KUNIT_EXPECT_EQ(test, tdx_test_enable(), c->err);
	if (!c->err) {
		KUNIT_EXPECT_EQ(test, tdx_test_state(&err),
				TDX_MODULE_INITIALIZED);
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
		return;
	}

	KUNIT_EXPECT_EQ(test, tdx_test_state(&err), TDX_MODULE_FAILED);
	KUNIT_EXPECT_EQ(test, err, c->err);
	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
	tdx_test_expect_clean(test);

	/* Later callers get the same answer without touching the module. */
	calls = tdx_test_total_calls();
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), c->err);
	KUNIT_EXPECT_EQ(test, tdx_test_total_calls(), calls);
}

/* Failures of the global TDH.SYS.INIT reach every CPU and tdx_enable(). */
static const struct tdx_fault_case tdx_sys_init_faults[] = {
	{ "vmfail", TDH_SYS_INIT, 1, 1, TDX_SEAMCALL_VMFAILINVALID, -ENODEV },
	{ "ud", TDH_SYS_INIT, 1, 1, TDX_SEAMCALL_UD, -EACCES },
	{ "not_pending", TDH_SYS_INIT, 1, 1, TDX_SYS_INIT_NOT_PENDING, -EIO },
	{ "bad_attributes", TDH_SYS_INIT, 1, 1,
	  TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX, -EIO },
	{ "sys_busy", TDH_SYS_INIT, 1, 1, TDX_SYS_BUSY, -EBUSY },
	{ "no_entropy", TDH_SYS_INIT, 1, TDX_NO_ENTROPY_TRIES,
	  TDX_RND_NO_ENTROPY, -EAGAIN },
};

KUNIT_ARRAY_PARAM(tdx_sys_init_faults, tdx_sys_init_faults,
		  tdx_fault_case_desc);

static void tdx_sys_init_fault(struct kunit *test)
{
	const struct tdx_fault_case *c = test->param_value;
	int *results;
	int err;

	tdx_test_start(test, NULL);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(c->fn, TDX_MODEL_ANY_CPU, c->nth,
					       c->count, c->status), 0);

	results = tdx_test_enable_cpus(test);
	tdx_test_expect_cpus(test, results, c->err);
	/* Tried once, on one CPU; no CPU went on to LP.INIT. */
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), c->count);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT), 0);

	KUNIT_EXPECT_EQ(test, tdx_test_enable(), c->err);
	KUNIT_EXPECT_EQ(test, tdx_test_state(&err), TDX_MODULE_UNINITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), 0);
}

/* Failures of TDH.SYS.LP.INIT on one CPU; that CPU can try again. */
static const struct tdx_fault_case tdx_lp_init_faults[] = {
	{ "invalid_pkg", TDH_SYS_LP_INIT, 1, 1, TDX_INVALID_PKG_ID | 8, -EIO },
	{ "not_pending", TDH_SYS_LP_INIT, 1, 1, TDX_SYS_LP_INIT_NOT_PENDING,
	  -EIO },
	{ "ud", TDH_SYS_LP_INIT, 1, 1, TDX_SEAMCALL_UD, -EACCES },
	{ "no_entropy", TDH_SYS_LP_INIT, 1, TDX_NO_ENTROPY_TRIES,
	  TDX_RND_NO_ENTROPY, -EAGAIN },
};

KUNIT_ARRAY_PARAM(tdx_lp_init_faults, tdx_lp_init_faults, tdx_fault_case_desc);

#define TDX_TEST_FAULT_CPU	1

static void tdx_lp_init_fault(struct kunit *test)
{
	const struct tdx_fault_case *c = test->param_value;
	unsigned int cpu;
	int *results;
	int err;

	KUNIT_ASSERT_TRUE(test, cpu_online(TDX_TEST_FAULT_CPU));
	tdx_test_start(test, NULL);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(c->fn, TDX_TEST_FAULT_CPU, c->nth,
					       c->count, c->status), 0);

	results = tdx_test_enable_cpus(test);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, results[cpu],
				    cpu == TDX_TEST_FAULT_CPU ? c->err : 0,
				    "CPU %u", cpu);

	/* Nothing is attempted, nothing recorded, while a CPU is missing. */
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), -EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_test_state(&err), TDX_MODULE_UNINITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_RD), 0);

	/* The fault is used up: the CPU retries and all goes well. */
	results = tdx_test_enable_cpus(test);
	tdx_test_expect_cpus(test, results, 0);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), 0);
}

/* A CPU offline during init leaves the module unconfigurable: -EIO. */
static void tdx_enable_cpu_offline(struct kunit *test)
{
	unsigned int cpu = num_online_cpus() - 1;
	int err;

	KUNIT_ASSERT_GT(test, cpu, 0);
	tdx_test_start(test, NULL);
	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);

	tdx_test_enable_cpus(test);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), -EIO);
	KUNIT_EXPECT_EQ(test, tdx_test_state(&err), TDX_MODULE_FAILED);
	tdx_test_expect_clean(test);

	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
}

static void tdx_test_cpu_enable_one(void *data)
{
	*(int *)data = tdx_cpu_enable();
}

/* A CPU back online after init keeps its LP.INIT: no SEAMCALL, 0. */
static void tdx_cpu_online_after_init(struct kunit *test)
{
	unsigned int cpu = num_online_cpus() - 1;
	u64 lp_inits;
	int ret = -EINPROGRESS;

	KUNIT_ASSERT_GT(test, cpu, 0);
	tdx_test_start(test, NULL);
	tdx_test_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);
	lp_inits = tdx_model_leaf_calls(TDH_SYS_LP_INIT);

	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
	KUNIT_ASSERT_EQ(test, add_cpu(cpu), 0);

	KUNIT_ASSERT_EQ(test, smp_call_function_single(cpu, tdx_test_cpu_enable_one,
						       &ret, true), 0);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT), lp_inits);
	KUNIT_EXPECT_TRUE(test, tdx_model_lp_initialized(cpu));
}

/* A reset of the per-CPU state makes tdx_cpu_enable() redo LP.INIT. */
static void tdx_cpu_state_reset(struct kunit *test)
{
	int *results;

	tdx_test_start(test, NULL);
	tdx_test_enable_cpus(test);
	tdx_model_reset();
	tdx_reset_cpu_state();

	results = tdx_test_enable_cpus(test);
	tdx_test_expect_cpus(test, results, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_DONE);
}

/* A module lost by an update: every caller gets the recorded errno. */
static void tdx_module_dead(struct kunit *test)
{
	int *results;

	tdx_test_start(test, NULL);
	tdx_test_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);

	tdx_module_lock();
	tdx_mark_module_dead(-ENXIO);
	tdx_module_unlock();
	tdx_reset_cpu_state();

	results = tdx_test_enable_cpus(test);
	tdx_test_expect_cpus(test, results, -ENXIO);
	KUNIT_EXPECT_EQ(test, tdx_test_enable(), -ENXIO);
	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
}

/* Hot-added memory outside TDX memory is refused once it is fixed. */
static void tdx_memory_hotplug(struct kunit *test)
{
	const struct tdx_tdmr_list *list;
	u64 inside;

	tdx_test_start(test, NULL);
	/* Before tdx_enable() any memory may come online. */
	KUNIT_EXPECT_EQ(test, tdx_test_notify(MEM_GOING_ONLINE, SZ_64G, SZ_128M),
			NOTIFY_OK);

	tdx_test_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);
	list = tdx_core_tdmrs();
	KUNIT_ASSERT_GT(test, list->nr, 0);

	KUNIT_EXPECT_EQ(test, tdx_test_notify(MEM_GOING_ONLINE, SZ_64G, SZ_128M),
			NOTIFY_BAD);
	/* Straddling the end of memory is refused too. */
	KUNIT_EXPECT_EQ(test, tdx_test_notify(MEM_GOING_ONLINE,
					      memblock_end_of_DRAM() - SZ_1M,
					      SZ_2M), NOTIFY_BAD);
	/* Memory TDX covers may come back. */
	inside = ALIGN(memblock_start_of_DRAM() + SZ_16M, SZ_2M);
	KUNIT_EXPECT_EQ(test, tdx_test_notify(MEM_GOING_ONLINE, inside, SZ_2M),
			NOTIFY_OK);
	/* Other events are not checked. */
	KUNIT_EXPECT_EQ(test, tdx_test_notify(MEM_OFFLINE, SZ_64G, SZ_128M),
			NOTIFY_OK);
}

/* Guest KeyIDs: every TDX KeyID but the global one, then -ENOSPC. */
static void tdx_guest_keyids(struct kunit *test)
{
	struct tdx_model_config cfg;
	unsigned int first, nr, i;
	int *ids;

	tdx_model_default_config(&cfg);
	cfg.tdx_keyids = 4;
	tdx_test_start(test, &cfg);
	first = cfg.mktme_keyids + 1;
	nr = cfg.tdx_keyids;

	ids = kunit_kcalloc(test, nr, sizeof(*ids), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ids);
	for (i = 0; i < nr - 1; i++) {
		ids[i] = tdx_guest_keyid_alloc();
		KUNIT_EXPECT_GT(test, ids[i], first);
		KUNIT_EXPECT_LT(test, ids[i], first + nr);
	}
	KUNIT_EXPECT_EQ(test, tdx_guest_keyid_alloc(), -ENOSPC);

	tdx_guest_keyid_free(ids[0]);
	KUNIT_EXPECT_EQ(test, tdx_guest_keyid_alloc(), ids[0]);
	for (i = 0; i < nr - 1; i++)
		tdx_guest_keyid_free(ids[i]);
}

/* The #MC helper: PAMT pages are private, other pages unknown. */
static void tdx_mce_info(struct kunit *test)
{
	const struct tdx_tdmr_list *list;
	struct mce m = { .status = MCI_STATUS_ADDRV };

	tdx_test_start(test, NULL);
	m.addr = SZ_16M;
	/* Nothing is private before the module is initialized. */
	KUNIT_EXPECT_NULL(test, tdx_dump_mce_info(&m));

	tdx_test_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdx_test_enable(), 0);
	list = tdx_core_tdmrs();

	m.addr = list->tdmrs[0].pamt[TDMR_PAMT_4K].base + 64;
	KUNIT_EXPECT_NOT_NULL(test, tdx_dump_mce_info(&m));
	/* Without a valid address there is nothing to say. */
	m.status = 0;
	KUNIT_EXPECT_NULL(test, tdx_dump_mce_info(&m));
	KUNIT_EXPECT_NULL(test, tdx_dump_mce_info(NULL));
}

static struct kunit_case tdx_init_cases[] = {
	KUNIT_CASE(tdx_no_platform),
	KUNIT_CASE(tdx_detect_is_passive),
	KUNIT_CASE(tdx_cpu_enable_all_at_once),
	KUNIT_CASE(tdx_enable_happy_path),
	KUNIT_CASE(tdx_enable_repeated_after_success),
	KUNIT_CASE(tdx_enable_needs_cpus),
	KUNIT_CASE(tdx_enable_concurrent),
	KUNIT_CASE(tdx_enable_concurrent_failure),
	KUNIT_CASE_PARAM(tdx_enable_fault, tdx_enable_faults_gen_params),
	KUNIT_CASE_PARAM(tdx_sys_init_fault, tdx_sys_init_faults_gen_params),
	KUNIT_CASE_PARAM(tdx_lp_init_fault, tdx_lp_init_faults_gen_params),
	KUNIT_CASE_SLOW(tdx_enable_cpu_offline),
	KUNIT_CASE_SLOW(tdx_cpu_online_after_init),
	KUNIT_CASE(tdx_cpu_state_reset),
	KUNIT_CASE(tdx_module_dead),
	KUNIT_CASE(tdx_memory_hotplug),
	KUNIT_CASE(tdx_guest_keyids),
	KUNIT_CASE(tdx_mce_info),
	{}
};

static struct kunit_suite tdx_init_suite = {
	.name = "tdx_init",
	.init = tdx_init_suite_init,
	.exit = tdx_init_suite_exit,
	.test_cases = tdx_init_cases,
};

/* ----- Suite tdx_tdmr ----- */

/* The module's limits as the model reports them by default. */
static const struct tdx_sys_info_tdmr tdx_test_limits = {
	.max_tdmrs		= TDX_MAX_TDMRS,
	.max_reserved_per_tdmr	= TDX_MAX_RESERVED_PER_TDMR,
	.pamt_4k_entry_size	= TDX_PAMT_ENTRY_SIZE,
	.pamt_2m_entry_size	= TDX_PAMT_ENTRY_SIZE,
	.pamt_1g_entry_size	= TDX_PAMT_ENTRY_SIZE,
};

static void tdx_test_free_list(void *data)
{
	struct tdx_tdmr_list *list = data;

	tdx_free_pamts(list, false);
	tdx_tdmr_list_free(list);
}

static struct tdx_tdmr_list *tdx_test_list(struct kunit *test,
					   const struct tdx_sys_info_tdmr *limits)
{
	struct tdx_tdmr_list *list;

	list = kunit_kzalloc(test, sizeof(*list), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, list);
	KUNIT_ASSERT_EQ(test, tdx_tdmr_list_alloc(list, limits), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tdx_test_free_list,
							list), 0);
	return list;
}

/*
 * Place the PAMTs one after another from @pamt_area, as if allocated
 * there, and configure the model with the result.
 */
static int tdx_test_configure(struct kunit *test, struct tdx_tdmr_list *list,
			      const struct tdx_mem_list *mem, u64 pamt_area)
{
	struct tdx_model_config cfg;
	int *results;
	unsigned int i;
	int ret;

	for (i = 0; i < list->nr; i++) {
		tdx_place_pamt(&list->tdmrs[i], pamt_area, &tdx_test_limits);
		pamt_area += tdx_pamt_bytes(&list->tdmrs[i], &tdx_test_limits);
	}
	ret = tdx_set_reserved_areas(list, mem);
	if (ret)
		return ret;

	tdxt_config(&cfg);
	tdx_test_start(test, &cfg);
	results = tdx_test_enable_cpus(test);
	tdx_test_expect_cpus(test, results, 0);
	return tdx_config_module(list, cfg.mktme_keyids + 1);
}

#define TDX_RANGE(s, e, n)	{ .start = (s), .end = (e), .nid = (n) }

static void tdx_test_expect_rsvd(struct kunit *test,
				 const struct tdmr_info *tdmr, unsigned int idx,
				 u64 offset, u64 size)
{
	KUNIT_EXPECT_EQ_MSG(test, tdmr->reserved_areas[idx].offset, offset,
			    "area %u", idx);
	KUNIT_EXPECT_EQ_MSG(test, tdmr->reserved_areas[idx].size, size,
			    "area %u", idx);
}

/* Memory with the PCI hole below 4 GiB: two TDMRs, holes reserved. */
static void tdx_tdmr_hole_below_4g(struct kunit *test)
{
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_2G + SZ_512M, 0),
		TDX_RANGE(SZ_4G, SZ_8G, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list = tdx_test_list(test, &tdx_test_limits);
	struct tdmr_info *t;

	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, list->nr, 2);
	t = list->tdmrs;
	KUNIT_EXPECT_EQ(test, t[0].base, 0);
	KUNIT_EXPECT_EQ(test, t[0].size, 3ULL * SZ_1G);
	KUNIT_EXPECT_EQ(test, t[1].base, SZ_4G);
	KUNIT_EXPECT_EQ(test, t[1].size, SZ_4G);

	KUNIT_EXPECT_EQ(test, tdx_test_configure(test, list, &mem, 32ULL * SZ_1G), 0);
	tdx_test_expect_rsvd(test, &t[0], 0, 0, SZ_1M);
	tdx_test_expect_rsvd(test, &t[0], 1, SZ_2G + SZ_512M, SZ_512M);
	tdx_test_expect_rsvd(test, &t[0], 2, 0, 0);
	tdx_test_expect_rsvd(test, &t[1], 0, 0, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSCONFIG_DONE);
}

/* PAMTs inside TDMR memory are reserved, merged with a touching hole. */
static void tdx_tdmr_pamt_inside(struct kunit *test)
{
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_2G, 0),
		TDX_RANGE(SZ_2G + SZ_16M, SZ_4G, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list = tdx_test_list(test, &tdx_test_limits);
	struct tdmr_info *t = list->tdmrs;
	u64 pamt;

	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, list->nr, 1);
	pamt = tdx_pamt_bytes(&t[0], &tdx_test_limits);

	/* The PAMT right after the hole: one area covers both. */
	KUNIT_EXPECT_EQ(test, tdx_test_configure(test, list, &mem, SZ_2G + SZ_16M), 0);
	tdx_test_expect_rsvd(test, &t[0], 0, 0, SZ_1M);
	tdx_test_expect_rsvd(test, &t[0], 1, SZ_2G, SZ_16M + pamt);
	tdx_test_expect_rsvd(test, &t[0], 2, 0, 0);
}

/* Adjacent memory of two nodes: a TDMR per node, each PAMT on its node. */
static void tdx_tdmr_split_by_node(struct kunit *test)
{
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_4G, 0),
		TDX_RANGE(SZ_4G, SZ_8G, 1),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list = tdx_test_list(test, &tdx_test_limits);

	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, list->nr, 2);
	KUNIT_EXPECT_EQ(test, list->nid[0], 0);
	KUNIT_EXPECT_EQ(test, list->nid[1], 1);
	KUNIT_EXPECT_EQ(test, list->tdmrs[1].base, SZ_4G);
	KUNIT_EXPECT_EQ(test, tdx_test_configure(test, list, &mem, 32ULL * SZ_1G), 0);
}

/* More separated regions than the module takes TDMRs: -ENOSPC. */
static void tdx_tdmr_too_many_regions(struct kunit *test)
{
	struct tdx_sys_info_tdmr limits = tdx_test_limits;
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_1G, 0),
		TDX_RANGE(SZ_2G, SZ_2G + SZ_1G, 0),
		TDX_RANGE(SZ_4G, SZ_4G + SZ_1G, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list;

	limits.max_tdmrs = 2;
	list = tdx_test_list(test, &limits);
	KUNIT_EXPECT_EQ(test, tdx_build_tdmrs(list, &mem), -ENOSPC);

	/* With one TDMR more, it fits. */
	limits.max_tdmrs = 3;
	list = tdx_test_list(test, &limits);
	KUNIT_EXPECT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_EXPECT_EQ(test, list->nr, 3);
}

/* Fragmented memory needing more reserved areas than allowed: -E2BIG. */
static void tdx_tdmr_too_many_holes(struct kunit *test)
{
	unsigned int nr = TDX_MAX_RESERVED_PER_TDMR + 1, i;
	struct tdx_tdmr_list *list;
	struct tdx_mem_range *r;
	struct tdx_mem_list mem;

	r = kunit_kcalloc(test, nr, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	/*
	 * 16 MiB ranges from 0 with 16 MiB holes in between, all in the
	 * first GiB: each range adds one hole after it.
	 */
	for (i = 0; i < nr; i++)
		r[i] = (struct tdx_mem_range)TDX_RANGE(2 * i * SZ_16M,
						       (2 * i + 1) * SZ_16M, 0);
	mem = (struct tdx_mem_list) { r, nr };

	list = tdx_test_list(test, &tdx_test_limits);
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, list->nr, 1);
	KUNIT_EXPECT_EQ(test, tdx_set_reserved_areas(list, &mem), -E2BIG);

	/* One range fewer needs exactly 16 areas, which the model takes. */
	mem.nr = nr - 1;
	list = tdx_test_list(test, &tdx_test_limits);
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_configure(test, list, &mem, 32ULL * SZ_1G), 0);
	/* The last area is the tail of the TDMR after the last range. */
	tdx_test_expect_rsvd(test, &list->tdmrs[0], TDX_MAX_RESERVED_PER_TDMR - 1,
			     31 * SZ_16M, SZ_1G - 31 * SZ_16M);
}

/* A PAMT outside convertible memory fails the model's validation. */
static void tdx_tdmr_pamt_outside_cmrs(struct kunit *test)
{
	struct tdx_sys_info_tdmr limits = tdx_test_limits;
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_1G, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list;

	list = tdx_test_list(test, &limits);
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_configure(test, list, &mem,
						 TDXT_CMR_END + SZ_1G), -EIO);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_DONE);
}

/* Unsorted, overlapping or empty memory lists are refused. */
static void tdx_tdmr_bad_input(struct kunit *test)
{
	struct tdx_mem_range unsorted[] = {
		TDX_RANGE(SZ_4G, SZ_8G, 0),
		TDX_RANGE(SZ_1M, SZ_1G, 0),
	};
	struct tdx_mem_list mem = { unsorted, ARRAY_SIZE(unsorted) };
	struct tdx_mem_list empty = { NULL, 0 };
	struct tdx_sys_info_tdmr limits = tdx_test_limits;
	struct tdx_tdmr_list *list = tdx_test_list(test, &tdx_test_limits);
	struct tdx_tdmr_list other;

	KUNIT_EXPECT_EQ(test, tdx_build_tdmrs(list, &mem), -EINVAL);
	list->nr = 0;
	KUNIT_EXPECT_EQ(test, tdx_build_tdmrs(list, &empty), -EINVAL);

	limits.max_tdmrs = TDX_MAX_TDMRS + 1;
	KUNIT_EXPECT_EQ(test, tdx_tdmr_list_alloc(&other, &limits), -EINVAL);
	limits = tdx_test_limits;
	limits.max_reserved_per_tdmr = TDX_MAX_RESERVED_PER_TDMR + 1;
	KUNIT_EXPECT_EQ(test, tdx_tdmr_list_alloc(&other, &limits), -EINVAL);
}

/* CMRs must cover memory above 1 MiB; adjacent CMRs join up. */
static void tdx_tdmr_convertible(struct kunit *test)
{
	struct tdx_sys_info_cmr cmr = {
		.num_cmrs = 3,
		.base = { 0, SZ_2G, SZ_8G },
		.size = { SZ_2G, SZ_2G, SZ_1G },
	};
	struct tdx_mem_range ok[] = {
		TDX_RANGE(SZ_1M, SZ_4G, 0),
		TDX_RANGE(SZ_8G, SZ_8G + SZ_1G, 0),
	};
	struct tdx_mem_range bad[] = {
		TDX_RANGE(SZ_1M, SZ_4G + SZ_4K, 0),
	};
	struct tdx_mem_list mem_ok = { ok, ARRAY_SIZE(ok) };
	struct tdx_mem_list mem_bad = { bad, ARRAY_SIZE(bad) };

	KUNIT_EXPECT_EQ(test, tdx_check_convertible(&mem_ok, &cmr), 0);
	KUNIT_EXPECT_EQ(test, tdx_check_convertible(&mem_bad, &cmr), -EINVAL);
}

/* Real PAMT allocation: sized per TDMR, freed to the last page. */
static void tdx_tdmr_pamt_alloc(struct kunit *test)
{
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_2G, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list;
	const struct tdmr_pamt_area *pamt;
	long held = tdx_pages_held();
	unsigned long expect;

	/* With the model active, clearing PAMTs writes plain zeros. */
	tdxt_start(test, NULL);
	list = tdx_test_list(test, &tdx_test_limits);
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, tdx_alloc_pamts(list, &tdx_test_limits), 0);

	expect = tdx_model_pamt_bytes(SZ_2G) >> PAGE_SHIFT;
	KUNIT_EXPECT_EQ(test, tdx_pamt_total_pages(list), expect);
	pamt = list->tdmrs[0].pamt;
	KUNIT_EXPECT_TRUE(test, tdx_pa_in_pamt(list, pamt[TDMR_PAMT_1G].base));
	KUNIT_EXPECT_FALSE(test, tdx_pa_in_pamt(list, pamt[TDMR_PAMT_4K].base +
						(expect << PAGE_SHIFT)));

	tdx_free_pamts(list, true);
	KUNIT_EXPECT_EQ(test, tdx_pamt_total_pages(list), 0);
	KUNIT_EXPECT_EQ(test, list->tdmrs[0].pamt[TDMR_PAMT_4K].size, 0);
	tdx_tdmr_list_free(list);
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), held);
}

static int tdx_tdmr_suite_init(struct kunit *test)
{
	tdx_reset_for_test();
	return 0;
}

static struct kunit_case tdx_tdmr_cases[] = {
	KUNIT_CASE(tdx_tdmr_hole_below_4g),
	KUNIT_CASE(tdx_tdmr_pamt_inside),
	KUNIT_CASE(tdx_tdmr_split_by_node),
	KUNIT_CASE(tdx_tdmr_too_many_regions),
	KUNIT_CASE(tdx_tdmr_too_many_holes),
	KUNIT_CASE(tdx_tdmr_pamt_outside_cmrs),
	KUNIT_CASE(tdx_tdmr_bad_input),
	KUNIT_CASE(tdx_tdmr_convertible),
	KUNIT_CASE(tdx_tdmr_pamt_alloc),
	{}
};

static struct kunit_suite tdx_tdmr_suite = {
	.name = "tdx_tdmr",
	.init = tdx_tdmr_suite_init,
	.exit = tdx_init_suite_exit,
	.test_cases = tdx_tdmr_cases,
};

kunit_test_suites(&tdx_init_suite, &tdx_tdmr_suite);

MODULE_DESCRIPTION("KUnit tests for the TDX host lifecycle");
MODULE_LICENSE("GPL");
