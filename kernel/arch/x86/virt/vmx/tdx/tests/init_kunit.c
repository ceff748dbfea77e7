// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of TDX module initialization, run against the software
 * model of the TDX module.
 *
 * Suite "tdx_init": boot detection, tdx_cpu_enable() and tdx_enable() on
 * every CPU, with faults injected at every SEAMCALL they make (the fault
 * sweep of sweep.c), and against CPU hotplug (stress.c).
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/memblock.h>
#include <linux/memory.h>
#include <linux/notifier.h>
#include <linux/pfn.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/smp.h>
#include <asm/mce.h>

#include "../model/model.h"
#include "helpers.h"
#include "stress.h"
#include "sweep.h"
#include "../seamcall.h"
#include "../tdx.h"

/* ----- Helpers ----- */

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

/*
 * TDH.SYS.RD calls of tdx_enable(): the version fields (optional) first,
 * then TDX_FEATURES0, the five TDMR limits, NUM_CMRS and the base and
 * size of each of the 32 CMRs the module reports (F12.1); after
 * TDH.SYS.CONFIG the extension fields, with add-on features only.
 */
#define TDX_TEST_VERSION_RDS	5
#define TDX_TEST_INIT_RDS	(TDX_TEST_VERSION_RDS + 1 + 5 + 1 + 2 * TDX_MAX_CMRS)

/* ----- Suite tdx_init ----- */

/* Without the model's KeyIDs the platform is not a TDX host: -ENODEV. */
static void tdx_no_platform(struct kunit *test)
{
	struct tdx_model_config cfg;
	int *results;

	tdxt_default_config(&cfg);
	cfg.tdx_keyids = 1;
	tdxt_start(test, &cfg);
	KUNIT_EXPECT_EQ(test, tdx_probe_platform(), -ENODEV);

	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, -ENODEV);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdx_guest_keyid_alloc(), -ENODEV);
	/* Boot detection and the refusals make no SEAMCALL. */
	KUNIT_EXPECT_EQ(test, tdx_test_total_calls(), 0);
}

/* Detection alone allocates nothing and calls nothing. */
static void tdx_detect_is_passive(struct kunit *test)
{
	tdxt_begin(test, NULL);

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

	tdxt_begin(test, NULL);
	/* Keep TDH.SYS.INIT in flight long enough for the others to queue. */
	tdx_model_set_latency(TDH_SYS_INIT, 200 * NSEC_PER_USEC);

	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT),
			num_online_cpus());
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_TRUE(test, tdx_model_lp_initialized(cpu));

	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);
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

	tdxt_begin(test, NULL);
	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);

	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	KUNIT_EXPECT_EQ(test, tdx_model_pkgs_keyed(), 2);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);

	list = tdx_core_tdmrs();
	KUNIT_ASSERT_GT(test, list->nr, 0);
	KUNIT_ASSERT_EQ(test, tdx_model_nr_tdmrs(), list->nr);
	for (i = 0; i < list->nr; i++) {
		struct tdx_model_tdmr mt;

		KUNIT_ASSERT_EQ(test, tdx_model_get_tdmr(i, &mt), 0);
		KUNIT_EXPECT_EQ(test, mt.base, tdx_tdmr(list, i)->base);
		KUNIT_EXPECT_EQ(test, mt.size, tdx_tdmr(list, i)->size);
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
	/*
	 * The handoff fields are read by an update, not here; without
	 * add-on features, nor are the extension fields.
	 */
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_RD), TDX_TEST_INIT_RDS);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD), 0);
}

/* Memblock memory ranges that start below @limit. */
static unsigned int tdx_test_ranges_below(u64 limit)
{
	unsigned long start_pfn, end_pfn;
	unsigned int n = 0;
	int i;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, NULL)
		n += PFN_PHYS(start_pfn) < limit;
	return n;
}

/*
 * The kernel's memory map is carved up below 2 GiB (the test kernel
 * boots with memmap=...$... reservations, as an Emerald Rapids host's
 * e820 has 16 usable ranges there), while the firmware's view, which the
 * model's CMRs follow, is one range: initialization needs no reserved
 * area for the carve-outs.
 */
static void tdx_enable_fragmented_map(struct kunit *test)
{
	const struct tdx_tdmr_list *list;
	unsigned int nr_rsvd = 0;
	int *results;

	KUNIT_ASSERT_GT_MSG(test, tdx_test_ranges_below(SZ_2G),
			    TDX_MAX_RESERVED_PER_TDMR,
			    "the test kernel must boot with a fragmented memmap=");

	tdxt_begin(test, NULL);
	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);

	list = tdx_core_tdmrs();
	while (nr_rsvd < TDX_MAX_RESERVED_PER_TDMR &&
	       tdx_tdmr(list, 0)->reserved_areas[nr_rsvd].size)
		nr_rsvd++;
	/* The CMR hole below 1 MiB, the PAMT and the tail of the TDMR. */
	KUNIT_EXPECT_LE(test, nr_rsvd, 4);
}

/* Later calls return 0 and make no SEAMCALL. */
static void tdx_enable_repeated_after_success(struct kunit *test)
{
	u64 calls;

	tdxt_begin(test, NULL);
	tdxt_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);

	calls = tdx_test_total_calls();
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_test_total_calls(), calls);
}

/* tdx_enable() before every CPU ran tdx_cpu_enable(): -EINVAL, not recorded. */
static void tdx_enable_needs_cpus(struct kunit *test)
{
	int err;

	tdxt_begin(test, NULL);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_UNINITIALIZED);

	tdxt_enable_cpus(test);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
}

struct tdx_test_waiter {
	struct completion done;
	int ret;
};

static int tdx_test_enable_thread(void *data)
{
	struct tdx_test_waiter *w = data;

	w->ret = tdxt_enable();
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
	tdxt_begin(test, NULL);
	tdxt_enable_cpus(test);
	/* Slow TDMR.INIT down so the callers overlap. */
	tdx_model_set_latency(TDH_SYS_TDMR_INIT, 20 * NSEC_PER_USEC);
	tdx_test_concurrent(test, 0);
	tdx_model_set_latency(TDH_SYS_TDMR_INIT, 0);
}

/* Concurrent callers all see the same failure. */
static void tdx_enable_concurrent_failure(struct kunit *test)
{
	tdxt_begin(test, NULL);
	tdxt_enable_cpus(test);
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
	/* A version field the module does not have reads as 0. */
	{ "rd_version_absent", TDH_SYS_RD, 1, 1, TDX_METADATA_FIELD_ID_INCORRECT,
	  0 },
	{ "rd_build_date_absent", TDH_SYS_RD, 5, 1,
	  TDX_METADATA_FIELD_ID_INCORRECT, 0 },
	/* TDX_FEATURES0 is needed: nothing allocated yet. */
	{ "rd_features_absent", TDH_SYS_RD, 6, 1, TDX_METADATA_FIELD_ID_INCORRECT,
	  -EIO },
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
	/* A CMR read, the last metadata read before TDH.SYS.CONFIG. */
	{ "rd_cmr", TDH_SYS_RD, TDX_TEST_INIT_RDS, 1,
	  TDX_METADATA_FIELD_NOT_READABLE, -EIO },
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

/*
 * Each injected failure: the errno, the final state, nothing left over.
 * A failure before TDH.SYS.CONFIG (the metadata reads) is not recorded:
 * the next call tries again, and succeeds.
 */
static void tdx_enable_fault(struct kunit *test)
{
	const struct tdx_fault_case *c = test->param_value;
	bool final = c->fn != TDH_SYS_RD;
	u64 calls;
	int err;

	tdxt_begin(test, NULL);
	tdxt_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(c->fn, TDX_MODEL_ANY_CPU, c->nth,
					       c->count, c->status), 0);

	KUNIT_EXPECT_EQ(test, tdxt_enable(), c->err);
	if (!c->err) {
		KUNIT_EXPECT_EQ(test, tdx_module_state(&err),
				TDX_MODULE_INITIALIZED);
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
		return;
	}

	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
	tdx_test_expect_clean(test);
	if (!final) {
		KUNIT_EXPECT_EQ(test, tdx_module_state(&err),
				TDX_MODULE_UNINITIALIZED);
		KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_FAILED);
	KUNIT_EXPECT_EQ(test, err, c->err);

	/* Later callers get the same answer without touching the module. */
	calls = tdx_test_total_calls();
	KUNIT_EXPECT_EQ(test, tdxt_enable(), c->err);
	KUNIT_EXPECT_EQ(test, tdx_test_total_calls(), calls);
}

/**
 * struct tdx_private_case - A failure once the module may write privately
 * @name:	case name
 * @fn:		the leaf that fails
 * @nth:	which call of it fails
 * @pw_mce:	the CPUs have the partial-write erratum
 */
struct tdx_private_case {
	const char *name;
	u64 fn;
	unsigned int nth;
	bool pw_mce;
};

static const struct tdx_private_case tdx_private_cases[] = {
	{ "key_config_2nd_pkg", TDH_SYS_KEY_CONFIG, 2, true },
	{ "tdmr_init", TDH_SYS_TDMR_INIT, 3, true },
	{ "tdmr_init_no_erratum", TDH_SYS_TDMR_INIT, 3, false },
	{ "ext_mem_add", TDH_EXT_MEM_ADD, 1, true },
	{ "ext_init", TDH_EXT_INIT, 1, true },
	{ "ext_init_no_erratum", TDH_EXT_INIT, 1, false },
};

/* The rows that apply to the suite's module: extension rows need them. */
static const void *tdx_private_cases_gen_params(const void *prev, char *desc)
{
	const struct tdx_private_case *c = prev ? prev : tdx_private_cases - 1;
	struct tdx_model_config cfg;

	tdxt_default_config(&cfg);
	while (++c < tdx_private_cases + ARRAY_SIZE(tdx_private_cases)) {
		if ((c->fn != TDH_EXT_MEM_ADD && c->fn != TDH_EXT_INIT) ||
		    (cfg.module.features0 & TDX_FEATURES0_EXT)) {
			strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
			return c;
		}
	}
	return NULL;
}

/*
 * Once a package is keyed, the module writes PAMTs (and the extension
 * pool) with its private KeyID.  When initialization fails after that,
 * the memory goes back to the page allocator only after caches were
 * written back on every CPU and, with the partial-write erratum, after
 * it was reset: the model records both and counts a page freed earlier
 * as a violation (model_private.c).
 */
static void tdx_enable_fail_private(struct kunit *test)
{
	const struct tdx_private_case *c = test->param_value;
	struct tdx_model_config cfg;
	unsigned long flushes;
	u64 dirty;

	tdxt_default_config(&cfg);
	cfg.pw_mce_erratum = c->pw_mce;
	tdxt_begin(test, &cfg);
	if (c->fn == TDH_EXT_MEM_ADD || c->fn == TDH_EXT_INIT)
		tdx_set_addons_for_test(TDX_FEATURES0_EXT);
	tdxt_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(c->fn, TDX_MODEL_ANY_CPU, c->nth,
					       1, TDX_OPERAND_INVALID), 0);
	flushes = tdx_model_cache_flushes();

	KUNIT_EXPECT_EQ(test, tdxt_enable(), -EIO);
	/* One flush before the keys, one before the memory went back. */
	KUNIT_EXPECT_EQ(test, tdx_model_cache_flushes(), flushes + 2);
	KUNIT_EXPECT_EQ(test, tdx_model_private_violations(), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_private_bytes(&dirty), 0);
	tdx_test_expect_clean(test);
}

/*
 * How much of a PAMT one TDH.SYS.TDMR.INIT initializes is the module's
 * business: 1024 entries in TDX 1.5 (F7.1), 4096 with dynamic PAMT
 * (F7.2), fewer in a module yet to come.  Initialization completes with
 * any of them.
 */
static void tdx_enable_tdmr_init_chunks(struct kunit *test)
{
	static const u32 chunks[] = { 1024, 4096, 256, 1 << 20 };
	struct tdx_model_config cfg;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(chunks); i++) {
		tdxt_default_config(&cfg);
		cfg.tdmr_init_chunk = chunks[i];
		tdxt_begin(test, &cfg);
		tdxt_enable_cpus(test);
		KUNIT_EXPECT_EQ_MSG(test, tdxt_enable(), 0, "%u entries a call",
				    chunks[i]);
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
		tdx_reset_for_test();
	}
}

/* A module that reports success without progress is given up on. */
static void tdx_enable_tdmr_init_stuck(struct kunit *test)
{
	struct tdx_model_config cfg;
	int err;

	tdxt_default_config(&cfg);
	cfg.tdmr_init_chunk = 0;
	tdxt_begin(test, &cfg);
	tdxt_enable_cpus(test);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_FAILED);
	tdx_test_expect_clean(test);
}

/*
 * A module that offers more than the kernel uses (more TDMRs than
 * TDX_MAX_TDMRS, more reserved areas than struct tdmr_info holds) is
 * initialized with what the kernel uses, not refused.
 */
static void tdx_enable_future_limits(struct kunit *test)
{
	struct tdx_model_config cfg;

	tdxt_default_config(&cfg);
	cfg.max_tdmrs = 2 * TDX_MAX_TDMRS;
	cfg.max_reserved_per_tdmr = 2 * TDX_MAX_RESERVED_PER_TDMR;
	tdxt_begin(test, &cfg);
	tdxt_enable_cpus(test);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
}

/*
 * A PAMT allocation that fails for a passing reason, here a fatal signal
 * pending in the caller (a modprobe being killed): nothing is recorded,
 * and the next tdx_enable() initializes the module.
 */
static void tdx_enable_retry_after_signal(struct kunit *test)
{
	int err;

	tdxt_begin(test, NULL);
	tdxt_enable_cpus(test);

	allow_signal(SIGKILL);
	send_sig(SIGKILL, current, 1);
	KUNIT_EXPECT_TRUE(test, fatal_signal_pending(current));
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -ENOMEM);
	flush_signals(current);
	disallow_signal(SIGKILL);

	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_UNINITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_CONFIG), 0);
	tdx_test_expect_clean(test);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
}

/*
 * RDRAND runs dry now and then on real hardware: TDH.SYS.INIT (F2.1),
 * LP.INIT in 1.5 (F3.1, F3.2) and KEY.CONFIG (F6.1) fail at random, and
 * initialization still succeeds through the host's retries.
 */
static void tdx_enable_random_entropy(struct kunit *test)
{
	struct tdx_model_config cfg;
	int *results;

	tdxt_default_config(&cfg);
	cfg.entropy_fail_percent = 30;
	tdxt_begin(test, &cfg);
	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
	KUNIT_EXPECT_GT(test, tdx_model_entropy_failures(), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
}

/* Failures of the global TDH.SYS.INIT reach every CPU and tdx_enable(). */
static const struct tdx_fault_case tdx_sys_init_faults[] = {
	{ "vmfail", TDH_SYS_INIT, 1, 1, TDX_SEAMCALL_VMFAILINVALID, -ENODEV },
	{ "ud", TDH_SYS_INIT, 1, 1, TDX_SEAMCALL_UD, -EACCES },
	/* The first since boot: a module an earlier kernel initialized. */
	{ "not_pending", TDH_SYS_INIT, 1, 1, TDX_SYS_INIT_NOT_PENDING, -EEXIST },
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

	tdxt_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(c->fn, TDX_MODEL_ANY_CPU, c->nth,
					       c->count, c->status), 0);

	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, c->err);
	/* Tried once, on one CPU; no CPU went on to LP.INIT. */
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), c->count);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT), 0);

	KUNIT_EXPECT_EQ(test, tdxt_enable(), c->err);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_UNINITIALIZED);
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
	tdxt_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(c->fn, TDX_TEST_FAULT_CPU, c->nth,
					       c->count, c->status), 0);

	results = tdxt_enable_cpus(test);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, results[cpu],
				    cpu == TDX_TEST_FAULT_CPU ? c->err : 0,
				    "CPU %u", cpu);

	/* Nothing is attempted, nothing recorded, while a CPU is missing. */
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_UNINITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_RD), 0);

	/* The fault is used up: the CPU retries and all goes well. */
	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
}

/* A CPU offline during init leaves the module unconfigurable: -EIO. */
static void tdx_enable_cpu_offline(struct kunit *test)
{
	unsigned int cpu = num_online_cpus() - 1;
	int err;

	KUNIT_ASSERT_GT(test, cpu, 0);
	tdxt_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);

	tdxt_enable_cpus(test);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -EIO);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_FAILED);
	tdx_test_expect_clean(test);

	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
}

static void tdx_test_cpu_enable_one(void *data)
{
	*(int *)data = tdx_cpu_enable();
}

/*
 * Microcode on one CPU too old for the module (F3.1): TDH.SYS.LP.INIT
 * fails there whenever it is tried, so it is tried once; with microcode
 * the module accepts, the CPU and tdx_enable() succeed.
 */
static void tdx_lp_init_old_microcode(struct kunit *test)
{
	unsigned int cpu;
	int *results;
	int ret = -EINPROGRESS;
	int err;

	KUNIT_ASSERT_TRUE(test, cpu_online(TDX_TEST_FAULT_CPU));
	tdxt_begin(test, NULL);
	tdx_model_set_old_microcode(TDX_TEST_FAULT_CPU, true);
	/* TDH.SYS.INIT on CPU 0, whose microcode the module takes. */
	KUNIT_ASSERT_EQ(test, smp_call_function_single(0, tdx_test_cpu_enable_one,
						       &ret, true), 0);
	KUNIT_ASSERT_EQ(test, ret, 0);

	results = tdxt_enable_cpus(test);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, results[cpu],
				    cpu == TDX_TEST_FAULT_CPU ? -EIO : 0,
				    "CPU %u", cpu);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT),
			num_online_cpus());
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_UNINITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), 0);

	tdx_model_set_old_microcode(TDX_TEST_FAULT_CPU, false);
	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
}

/* A CPU back online after init keeps its LP.INIT: no SEAMCALL, 0. */
static void tdx_cpu_online_after_init(struct kunit *test)
{
	unsigned int cpu = num_online_cpus() - 1;
	u64 lp_inits;
	int ret = -EINPROGRESS;

	KUNIT_ASSERT_GT(test, cpu, 0);
	tdxt_begin(test, NULL);
	tdxt_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
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

	tdxt_begin(test, NULL);
	tdxt_enable_cpus(test);
	tdx_model_reset();
	tdx_reset_cpu_state();

	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_DONE);
}

/* A module lost by an update: every caller gets the recorded errno. */
static void tdx_module_dead(struct kunit *test)
{
	int *results;

	tdxt_begin(test, NULL);
	tdxt_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);

	tdx_module_lock();
	tdx_set_module_state_locked(TDX_MODULE_DEAD, -ENXIO);
	tdx_module_unlock();
	tdx_reset_cpu_state();

	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, -ENXIO);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -ENXIO);
	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
}

/* Hot-added memory outside TDX memory is refused once it is fixed. */
static void tdx_memory_hotplug(struct kunit *test)
{
	const struct tdx_tdmr_list *list;
	u64 inside;

	tdxt_begin(test, NULL);
	/* Before tdx_enable() any memory may come online. */
	KUNIT_EXPECT_EQ(test, tdx_test_notify(MEM_GOING_ONLINE, SZ_64G, SZ_128M),
			NOTIFY_OK);

	tdxt_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
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

	tdxt_default_config(&cfg);
	cfg.tdx_keyids = 4;
	tdxt_begin(test, &cfg);
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
	/* A memory controller error with a physical address, as on Intel. */
	struct mce m = {
		.status = MCI_STATUS_VAL | MCI_STATUS_ADDRV | MCI_STATUS_MISCV | 0x9f,
		.misc = PAGE_SHIFT | MCI_MISC_ADDR_PHYS << 6,
		.cpuvendor = X86_VENDOR_INTEL,
	};
	u64 rdmd;

	tdxt_begin(test, NULL);
	m.addr = SZ_16M;
	/* Nothing is private before the module is initialized. */
	KUNIT_EXPECT_NULL(test, tdx_dump_mce_info(&m));

	tdxt_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	list = tdx_core_tdmrs();

	m.addr = tdx_tdmr(list, 0)->pamt[TDMR_PAMT_4K].base + 64;
	KUNIT_EXPECT_NOT_NULL(test, tdx_dump_mce_info(&m));
	/* Not a memory error, or no usable address: nothing to say. */
	m.status = MCI_STATUS_VAL | MCI_STATUS_ADDRV | MCI_STATUS_MISCV | 0x0800;
	KUNIT_EXPECT_NULL(test, tdx_dump_mce_info(&m));
	m.status = MCI_STATUS_VAL | MCI_STATUS_ADDRV | 0x9f;
	KUNIT_EXPECT_NULL(test, tdx_dump_mce_info(&m));
	KUNIT_EXPECT_NULL(test, tdx_dump_mce_info(NULL));

	/* Other pages: one TDH.PHYMEM.PAGE.RDMD, never retried from #MC. */
	m.status |= MCI_STATUS_MISCV;
	m.addr = SZ_16M;
	rdmd = tdx_model_leaf_calls(TDH_PHYMEM_PAGE_RDMD);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(TDH_PHYMEM_PAGE_RDMD,
					       TDX_MODEL_ANY_CPU, 1,
					       TDX_NO_ENTROPY_TRIES,
					       TDX_RND_NO_ENTROPY), 0);
	KUNIT_EXPECT_NULL(test, tdx_dump_mce_info(&m));
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_PHYMEM_PAGE_RDMD), rdmd + 1);
	tdx_model_clear_faults();

	/* A module lost by an update still leaves its PAMTs private. */
	tdx_module_lock();
	tdx_set_module_state_locked(TDX_MODULE_DEAD, -ENXIO);
	tdx_module_unlock();
	m.addr = tdx_tdmr(list, 0)->pamt[TDMR_PAMT_1G].base;
	KUNIT_EXPECT_NOT_NULL(test, tdx_dump_mce_info(&m));
	m.addr = SZ_16M;
	KUNIT_EXPECT_NULL(test, tdx_dump_mce_info(&m));
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_PHYMEM_PAGE_RDMD), rdmd + 1);
}

/*
 * Private memory exists from the first TDH.SYS.KEY.CONFIG on, while
 * tdx_enable() still runs: a machine check in a PAMT then is explained.
 */
static void tdx_mce_during_init(struct kunit *test)
{
	struct mce m = {
		.status = MCI_STATUS_VAL | MCI_STATUS_ADDRV | MCI_STATUS_MISCV | 0x9f,
		.misc = PAGE_SHIFT | MCI_MISC_ADDR_PHYS << 6,
		.cpuvendor = X86_VENDOR_INTEL,
	};
	const struct tdx_tdmr_list *list = tdx_core_tdmrs();
	int held_cpu = cpumask_last(cpu_online_mask);
	struct tdx_test_waiter w = {};
	struct task_struct *t;
	unsigned int i;

	if (held_cpu == cpumask_first(cpu_online_mask))
		kunit_skip(test, "needs two CPUs");
	tdxt_pin(test, cpumask_first(cpu_online_mask));
	tdxt_begin(test, NULL);
	tdxt_enable_cpus(test);
	init_completion(&w.done);
	/* The first TDH.SYS.TDMR.INIT waits: the keys are programmed then. */
	tdx_model_hold(TDH_SYS_TDMR_INIT);
	t = kthread_create(tdx_test_enable_thread, &w, "tdx_enable");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	kthread_bind(t, held_cpu);
	wake_up_process(t);

	for (i = 0; i < 1000 && !tdx_model_cpu_inside(held_cpu); i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	m.addr = tdx_tdmr(list, 0)->pamt[TDMR_PAMT_4K].base;
	KUNIT_EXPECT_NOT_NULL(test, tdx_dump_mce_info(&m));

	tdx_model_release();
	wait_for_completion(&w.done);
	KUNIT_EXPECT_EQ(test, w.ret, 0);
}

/* ----- Fault sweep ----- */

/* The calls of tdx_cpu_enable() on every CPU and of tdx_enable(). */
static unsigned int sweep_trace_init(struct kunit *test,
				     struct tdx_model_trace_entry *trace)
{
	struct tdx_model_config cfg;
	unsigned int len;

	sweep_start(test, &cfg);
	tdx_model_trace_start(trace, SWEEP_TRACE_MAX);
	KUNIT_EXPECT_EQ(test, sweep_enable_cpus(test), 0);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
	len = tdx_model_trace_stop();
	KUNIT_ASSERT_LE(test, len, SWEEP_TRACE_MAX);
	KUNIT_ASSERT_GT(test, len, 0);
	return len;
}

/* Fail one init site with one status; check what the caller sees. */
static void sweep_init_one(struct kunit *test, const struct sweep_site *site,
			   const struct sweep_status *st, void *unused)
{
	bool cpu_phase = site->fn == TDH_SYS_INIT || site->fn == TDH_SYS_LP_INIT;
	/* From TDH.SYS.CONFIG on, a failure is final. */
	bool final = site->late || site->fn == TDH_SYS_CONFIG;
	bool absent_ok = site->fn == TDH_SYS_RD &&
			 site->nth <= TDX_TEST_VERSION_RDS &&
			 tdx_status_code(st->status) ==
			 TDX_METADATA_FIELD_ID_INCORRECT;
	int expected = sweep_errno(site->fn, st->status);
	struct tdx_model_config cfg;
	int cpu_ret, ret, err, state;
	u64 calls;

	/* The first TDH.SYS.INIT since boot: an earlier kernel's module. */
	if (site->fn == TDH_SYS_INIT &&
	    tdx_status_code(st->status) == TDX_SYS_INIT_NOT_PENDING)
		expected = -EEXIST;

	sweep_start(test, &cfg);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(site->fn, TDX_MODEL_ANY_CPU,
					       site->nth, 1, st->status), 0);
	cpu_ret = sweep_enable_cpus(test);
	ret = tdxt_enable();
	state = tdx_module_state(&err);

	/* Whatever happened, nothing is left behind by a failure. */
	if (state != TDX_MODULE_INITIALIZED) {
		KUNIT_EXPECT_EQ(test, tdx_pages_held(), 0);
		KUNIT_EXPECT_NULL(test, tdx_core_tdmrs()->tdmrs);
	}
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);

	if (absent_ok) {
		/* A version field the module does not have. */
		KUNIT_EXPECT_EQ(test, ret, 0);
		return;
	}
	if (st->benign && !cpu_ret && !ret) {
		KUNIT_EXPECT_EQ(test, state, TDX_MODULE_INITIALIZED);
		return;
	}
	if (st->benign) {
		/* A lie the kernel believed: any documented failure will do. */
		KUNIT_EXPECT_LT(test, cpu_ret ?: ret, 0);
		return;
	}

	if (cpu_phase) {
		/* tdx_cpu_enable() reports it; tdx_enable() records nothing. */
		KUNIT_EXPECT_EQ(test, cpu_ret, expected);
		if (site->fn == TDH_SYS_INIT)
			KUNIT_EXPECT_EQ(test, ret, expected);
		else
			KUNIT_EXPECT_EQ(test, ret, -EINVAL);
		KUNIT_EXPECT_EQ(test, state, TDX_MODULE_UNINITIALIZED);
		KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_CONFIG), 0);
		return;
	}

	KUNIT_EXPECT_EQ(test, cpu_ret, 0);
	KUNIT_EXPECT_EQ(test, ret, expected);
	if (!final) {
		/* Nothing recorded: the next call tries again and succeeds. */
		KUNIT_EXPECT_EQ(test, state, TDX_MODULE_UNINITIALIZED);
		KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
		return;
	}

	/* tdx_enable() failed for good: the errno is kept, no SEAMCALL is repeated. */
	KUNIT_EXPECT_EQ(test, state, TDX_MODULE_FAILED);
	KUNIT_EXPECT_EQ(test, err, expected);
	calls = tdxt_all_calls();
	KUNIT_EXPECT_EQ(test, tdxt_enable(), expected);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
}

/*
 * Every SEAMCALL of tdx_cpu_enable() and tdx_enable(), failed with every
 * status its leaf can return: the documented errno, nothing left behind.
 */
static void tdx_enable_sweep(struct kunit *test)
{
	struct tdx_model_trace_entry *trace;
	struct sweep_plan plan = {};
	unsigned int len;

	trace = kunit_kcalloc(test, SWEEP_TRACE_MAX, sizeof(*trace), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, trace);

	len = sweep_trace_init(test, trace);
	sweep_plan_trace(test, &plan, trace, len, TDH_SYS_CONFIG);
	sweep_run(test, &plan, sweep_init_one, NULL);
	sweep_report(test, "init", &plan);
	KUNIT_EXPECT_EQ(test, plan.nr_tried, plan.nr_total);
}

/* ----- Hotplug stress ----- */

/*
 * Rounds of detection, per-CPU enabling and tdx_enable() while a CPU
 * goes offline and online.  A CPU that was offline at enabling and still
 * is at tdx_enable() makes TDH.SYS.CONFIG fail (-EIO, nothing left
 * behind); otherwise the module initializes.
 */
static void tdx_enable_hotplug_stress(struct kunit *test)
{
	struct stress_ctx *s;
	unsigned int round, ok = 0, failed = 0;
	int ret, err;

	stress_start_model(test);
	s = stress_begin(test);
	stress_run(test, s, stress_hotplug_fn, "hotplug");

	for (round = 0; round < STRESS_ROUNDS && !stress_over(s); round++) {
		scoped_guard(cpus_read_lock) {
			tdx_reset_for_test();
			tdx_model_reset();
			KUNIT_ASSERT_EQ(test, tdx_probe_platform(), 0);
			tdxt_enable_cpus(test);
		}
		ret = tdxt_enable();
		if (!ret) {
			ok++;
			continue;
		}
		failed++;
		KUNIT_EXPECT_EQ(test, ret, -EIO);
		KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_FAILED);
		KUNIT_EXPECT_EQ(test, tdx_pages_held(), 0);
	}
	stress_wait(s);
	KUNIT_EXPECT_EQ(test, s->hotplug_err, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->online_err), 0);

	/* All CPUs back: one more round must succeed. */
	scoped_guard(cpus_read_lock) {
		tdx_reset_for_test();
		tdx_model_reset();
		KUNIT_ASSERT_EQ(test, tdx_probe_platform(), 0);
		tdxt_enable_cpus(test);
	}
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
	stress_expect_consistent(test);
	kunit_info(test, "stress: enable vs hotplug: %u rounds (%u ok, %u -EIO), %d offline/online cycles\n",
		   round, ok, failed, atomic_read(&s->toggles));
}

/*
 * The cases every published module release runs too, in an array of
 * their own with the extra cases given.
 */
#define TDX_INIT_CASE_ARRAY(name, ...)					\
static struct kunit_case name[] = {					\
	KUNIT_CASE(tdx_no_platform),					\
	KUNIT_CASE(tdx_detect_is_passive),				\
	KUNIT_CASE(tdx_cpu_enable_all_at_once),				\
	KUNIT_CASE(tdx_enable_happy_path),				\
	KUNIT_CASE(tdx_enable_fragmented_map),				\
	KUNIT_CASE(tdx_enable_repeated_after_success),			\
	KUNIT_CASE(tdx_enable_needs_cpus),				\
	KUNIT_CASE(tdx_enable_concurrent),				\
	KUNIT_CASE(tdx_enable_concurrent_failure),			\
	KUNIT_CASE_PARAM(tdx_enable_fault, tdx_enable_faults_gen_params), \
	KUNIT_CASE_PARAM(tdx_enable_fail_private, tdx_private_cases_gen_params), \
	KUNIT_CASE(tdx_enable_tdmr_init_chunks),			\
	KUNIT_CASE(tdx_enable_future_limits),				\
	KUNIT_CASE(tdx_enable_retry_after_signal),			\
	KUNIT_CASE(tdx_enable_random_entropy),				\
	KUNIT_CASE_PARAM(tdx_sys_init_fault, tdx_sys_init_faults_gen_params), \
	KUNIT_CASE_PARAM(tdx_lp_init_fault, tdx_lp_init_faults_gen_params), \
	KUNIT_CASE(tdx_lp_init_old_microcode),				\
	KUNIT_CASE(tdx_cpu_state_reset),				\
	KUNIT_CASE(tdx_module_dead),					\
	KUNIT_CASE(tdx_memory_hotplug),					\
	KUNIT_CASE(tdx_guest_keyids),					\
	KUNIT_CASE(tdx_mce_info),					\
	KUNIT_CASE(tdx_mce_during_init),				\
	__VA_ARGS__							\
	{}								\
}

TDX_INIT_CASE_ARRAY(tdx_init_cases,
		    KUNIT_CASE_SLOW(tdx_enable_tdmr_init_stuck),
		    KUNIT_CASE_SLOW(tdx_enable_cpu_offline),
		    KUNIT_CASE_SLOW(tdx_cpu_online_after_init),
		    KUNIT_CASE_SLOW(tdx_enable_sweep),
		    KUNIT_CASE_SLOW(tdx_enable_hotplug_stress),
		    TDXT_LEAK_CASE,
);

static struct kunit_suite tdx_init_suite = {
	.name = "tdx_init",
	.suite_init = tdxt_leak_window_open,
	.init = tdxt_case_init,
	.exit = tdxt_case_exit,
	.test_cases = tdx_init_cases,
};

/*
 * The same cases against the other module releases the model has
 * (tdx_model_profile_config(); the default one is 1.5.16): their
 * TDX_FEATURES0, metadata and version-dependent rules.
 */
#define TDX_INIT_PROFILE_SUITE(x, y, zz)					\
TDX_INIT_CASE_ARRAY(tdx_init_##x##_##y##_##zz##_cases);			\
static struct kunit_suite tdx_init_##x##_##y##_##zz##_suite = {		\
	.name = "tdx_init_" #x "_" #y "_" #zz,					\
	.suite_init = tdxt_profile_suite_init,					\
	.suite_exit = tdxt_profile_suite_exit,					\
	.init = tdxt_case_init,							\
	.exit = tdxt_case_exit,							\
	.test_cases = tdx_init_##x##_##y##_##zz##_cases,			\
}

TDX_INIT_PROFILE_SUITE(1, 5, 01);
TDX_INIT_PROFILE_SUITE(2, 0, 08);
TDX_INIT_PROFILE_SUITE(2, 0, 16);

kunit_test_suites(&tdx_init_suite, &tdx_init_1_5_01_suite,
		  &tdx_init_2_0_08_suite, &tdx_init_2_0_16_suite);

MODULE_DESCRIPTION("KUnit tests for TDX module initialization");
MODULE_LICENSE("GPL");
