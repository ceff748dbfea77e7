// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the module extensions and of the resumable SEAMCALL
 * forms, run against the software model of the TDX module.
 *
 * Suite "tdx_ext": the extension pool in tdx_enable() and in runtime
 * updates, TDH.EXT.MEM.ADD and TDH.EXT.INIT interrupted at every point,
 * the bounds of the resumable loops, and the model's rules for the
 * extension leaves.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/cleanup.h>
#include <linux/cpu.h>
#include <linux/limits.h>
#include <linux/sizes.h>
#include <linux/smp.h>

#include "../model/model.h"
#include "helpers.h"
#include "../seamcall.h"
#include "../tdx.h"

/* Pool of the model-level tests: one full TDH.EXT.MEM.ADD list and some. */
#define EXT_TEST_POOL		(TDX_EXT_MEM_ADD_MAX_PAGES + 8)
/* Where the model-level tests take their pages: in TDMR 0 of the tests. */
#define EXT_TEST_BASE		(SZ_1G + SZ_16M)
/* Module pages in the update images the tests build. */
#define EXT_TEST_MODULE_PAGES	2

/* ----- Helpers ----- */

/*
 * Start the model with @cfg, detect the platform, enable every CPU, and
 * ask for the extensions as an add-on feature, as "tdx_addons=" does.
 */
static void ext_test_begin(struct kunit *test, const struct tdx_model_config *cfg)
{
	unsigned int cpu;
	int *results;

	tdxt_begin(test, cfg);
	tdx_set_addons_for_test(TDX_FEATURES0_EXT);
	results = tdxt_enable_cpus(test);
	for_each_online_cpu(cpu)
		KUNIT_ASSERT_EQ_MSG(test, results[cpu], 0, "CPU %u", cpu);
}

/* The model's extension pages are exactly [base, base + nr pages). */
static void ext_test_expect_pages(struct kunit *test, u64 base,
				  unsigned long nr)
{
	struct tdx_model_ext ext;
	u64 sum = nr * base + ((u64)nr * (nr - 1) / 2) * PAGE_SIZE;

	tdx_model_get_ext(&ext);
	/* The model refuses duplicates, so count, bounds and sum suffice. */
	KUNIT_EXPECT_EQ(test, ext.nr_pages, nr);
	KUNIT_EXPECT_EQ(test, ext.min_pa, nr ? base : 0);
	KUNIT_EXPECT_EQ(test, ext.max_pa, nr ? base + (nr - 1) * PAGE_SIZE : 0);
	KUNIT_EXPECT_EQ(test, ext.pa_sum, nr ? sum : 0);
	KUNIT_EXPECT_FALSE(test, ext.add_pending);
}

/* A model-level module at SYS_READY with TDMR 0 initialized. */
static void ext_test_model_ready(struct kunit *test, u32 pool)
{
	struct tdx_module_args args;
	struct tdx_model_config cfg;
	unsigned int calls = 0;
	u64 status;

	tdxt_config(&cfg);
	cfg.module.ext_pool_pages = pool;
	tdxt_start(test, &cfg);
	tdxt_make_ready(test);

	do {
		args = (struct tdx_module_args) { .rcx = SZ_1G };
		status = tdxt_call_on(0, TDH_SYS_TDMR_INIT, &args);
	} while (!status && args.rdx < 2ULL * SZ_1G && ++calls < SZ_1K);
	KUNIT_ASSERT_EQ(test, status, TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, args.rdx, 2ULL * SZ_1G);
}

/* The pool of @pool pages, interrupted or not, and TDH.EXT.INIT. */
static void ext_test_add_all(struct kunit *test, u32 pool)
{
	KUNIT_ASSERT_EQ(test, tdx_ext_mem_add(EXT_TEST_BASE, pool), 0);
	ext_test_expect_pages(test, EXT_TEST_BASE, pool);
	KUNIT_EXPECT_EQ(test, tdx_ext_init(), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
}

/* ----- Extensions in tdx_enable() ----- */

/* The default module gets its whole pool, in four lists, and starts. */
static void tdx_ext_enable_default(struct kunit *test)
{
	const struct tdx_sys_info *si;
	struct tdx_model_module mod;
	struct tdx_model_ext ext;
	unsigned long nr;
	u64 base;

	ext_test_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	tdx_model_get_module(&mod);
	KUNIT_ASSERT_TRUE(test, mod.features0 & TDX_FEATURES0_EXT);

	nr = tdx_ext_pool(&base);
	KUNIT_EXPECT_EQ(test, nr, mod.ext_pool_pages);
	KUNIT_EXPECT_NE(test, base, 0);
	ext_test_expect_pages(test, base, nr);
	tdx_model_get_ext(&ext);
	KUNIT_EXPECT_TRUE(test, ext.initialized);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD),
			DIV_ROUND_UP(nr, TDX_EXT_MEM_ADD_MAX_PAGES));
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_INIT), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
	KUNIT_EXPECT_GE(test, tdx_pages_held(), (long)nr);

	si = tdx_get_sysinfo();
	KUNIT_ASSERT_NOT_NULL(test, si);
	KUNIT_EXPECT_EQ(test, si->ext.required, 1);
	KUNIT_EXPECT_EQ(test, si->ext.mem_pool_pages, nr);
}

/*
 * A module without extensions costs nothing: no metadata read, no EXT
 * call, no page.  One that has them but does not require them costs one
 * metadata read.  One that requires them costs exactly its pool.
 */
static void tdx_ext_enable_costs(struct kunit *test)
{
	struct tdx_model_config cfg;
	long held_none, held;
	u64 rd_none;

	tdxt_default_config(&cfg);
	cfg.module.features0 &= ~TDX_FEATURES0_EXT;
	ext_test_begin(test, &cfg);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	held_none = tdx_pages_held();
	rd_none = tdx_model_leaf_calls(TDH_SYS_RD);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_INIT), 0);
	KUNIT_EXPECT_EQ(test, tdx_ext_pool(&(u64){ 0 }), 0);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->ext.mem_pool_pages, 0);

	tdx_reset_for_test();
	cfg.module.features0 |= TDX_FEATURES0_EXT;
	cfg.module.ext_required = false;
	ext_test_begin(test, &cfg);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), held_none);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_RD), rd_none + 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_INIT), 0);

	tdx_reset_for_test();
	cfg.module.ext_required = true;
	ext_test_begin(test, &cfg);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	held = tdx_pages_held();
	KUNIT_EXPECT_EQ(test, held, held_none + cfg.module.ext_pool_pages);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_RD), rd_none + 2);
}

/**
 * struct ext_fault_case - A failure around the extension steps
 * @name:	case name
 * @fn:		the leaf to fail
 * @nth:	which call of the leaf fails first (1-based)
 * @status:	the status it returns
 * @err:	the errno tdx_enable() must return
 * @given:	whether the pool had reached the module
 */
struct ext_fault_case {
	const char *name;
	u64 fn;
	unsigned int nth;
	u64 status;
	int err;
	bool given;
};

static const struct ext_fault_case ext_faults[] = {
	/*
	 * The read of EXT_REQUIRED after CONFIG, nothing allocated yet.  It
	 * follows 6 identity, 5 TDMR-limit and 1 + 2 * 32 CMR reads.
	 */
	{ "rd_ext_required", TDH_SYS_RD, 77, TDX_METADATA_FIELD_NOT_READABLE,
	  -EIO, false },
	{ "rd_ext_pool", TDH_SYS_RD, 78, TDX_METADATA_FIELD_NOT_READABLE,
	  -EIO, false },
	/* Allocated, not given: keys and TDMR.INIT fail. */
	{ "key_config", TDH_SYS_KEY_CONFIG, 1, TDX_SYS_KEY_CONFIG_NOT_PENDING,
	  -EIO, false },
	{ "tdmr_init", TDH_SYS_TDMR_INIT, 3, TDX_SEAMCALL_GP, -EOPNOTSUPP,
	  false },
	/* Given, partly or wholly. */
	{ "mem_add_first", TDH_EXT_MEM_ADD, 1,
	  TDX_OPERAND_ADDR_RANGE_ERROR | TDX_OPERAND_ID_RCX, -EIO, true },
	{ "mem_add_third", TDH_EXT_MEM_ADD, 3,
	  TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX, -EIO, true },
	{ "ext_init", TDH_EXT_INIT, 1, TDX_SYS_STATE_INCORRECT, -EIO, true },
	{ "ext_init_busy", TDH_EXT_INIT, 1, TDX_SYS_BUSY, -EBUSY, true },
};

static void ext_fault_case_desc(const struct ext_fault_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ext_faults, ext_faults, ext_fault_case_desc);

/* Every failure frees the pool: before the handover, and after it too. */
static void tdx_ext_enable_fault(struct kunit *test)
{
	const struct ext_fault_case *c = test->param_value;
	int err;

	ext_test_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(c->fn, TDX_MODEL_ANY_CPU, c->nth,
					       1, c->status), 0);

	KUNIT_EXPECT_EQ(test, tdxt_enable(), c->err);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_FAILED);
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), 0);
	KUNIT_EXPECT_EQ(test, tdx_ext_pool(&(u64){ 0 }), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD) > 0,
			c->given);
	if (!c->given)
		KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_INIT), 0);
}

/* Interrupted TDH.SYS.TDMR.INIT calls are repeated; a stuck one fails. */
static void tdx_ext_tdmr_init_interrupted(struct kunit *test)
{
	u64 calls;
	int err;

	ext_test_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	calls = tdx_model_leaf_calls(TDH_SYS_TDMR_INIT);

	tdx_reset_for_test();
	ext_test_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_SYS_TDMR_INIT, 2, 10, 0), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_SYS_TDMR_INIT, 40, 3, 0), 0);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_TDMR_INIT), calls + 13);

	tdx_reset_for_test();
	ext_test_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_SYS_TDMR_INIT, 5,
						  UINT_MAX, 0), 0);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_FAILED);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_TDMR_INIT),
			4 + TDX_RESUME_MAX_STALLS);
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), 0);
}

/* The whole of tdx_enable() with random interruptions of every leaf. */
static void tdx_ext_enable_random(struct kunit *test)
{
	unsigned long nr;
	u64 seed, base;

	for (seed = 1; seed <= 4; seed++) {
		ext_test_begin(test, NULL);
		tdx_model_interrupt_random(seed, 50);
		KUNIT_ASSERT_EQ_MSG(test, tdxt_enable(), 0, "seed %llu", seed);
		nr = tdx_ext_pool(&base);
		ext_test_expect_pages(test, base, nr);
		KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
		KUNIT_EXPECT_GT(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD),
				DIV_ROUND_UP(nr, TDX_EXT_MEM_ADD_MAX_PAGES));
		tdx_reset_for_test();
	}
}

/*
 * The interface version of TDH.SYS.CONFIG: 0 unless add-on features are
 * asked for, then 1 with them in R9; the extension fields are read, and
 * the pool given, only then (F4.3, F15.3).
 */
static void tdx_ext_config_version(struct kunit *test)
{
	struct tdx_model_trace_entry *trace;
	unsigned int n, i, pass;
	u64 config_fn;

	trace = kunit_kcalloc(test, 4096, sizeof(*trace), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, trace);

	for (pass = 0; pass < 2; pass++) {
		tdx_reset_for_test();
		if (pass) {
			ext_test_begin(test, NULL);
		} else {
			tdxt_begin(test, NULL);
			tdxt_enable_cpus(test);
		}
		tdx_model_trace_start(trace, 4096);
		KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
		n = min(tdx_model_trace_stop(), 4096U);
		config_fn = 0;
		for (i = 0; i < n; i++) {
			if ((trace[i].fn & TDX_LEAF_MASK) == TDH_SYS_CONFIG)
				config_fn = trace[i].fn;
		}
		KUNIT_EXPECT_EQ(test, config_fn,
				pass ? TDH_SYS_CONFIG | TDX_LEAF_VERSION(1) :
				TDH_SYS_CONFIG);
		KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD) > 0,
				pass);
	}
}

/* ----- The resumable forms, against the extension leaves ----- */

/*
 * Interrupting any call of a multi-call TDH.EXT.MEM.ADD after any number
 * of pages leaves the same pages with the module as no interruption.
 */
static void tdx_ext_mem_add_every_point(struct kunit *test)
{
	unsigned int point, call, work, lists;

	lists = DIV_ROUND_UP(EXT_TEST_POOL, TDX_EXT_MEM_ADD_MAX_PAGES);

	/* The reference: no interruption. */
	ext_test_model_ready(test, EXT_TEST_POOL);
	ext_test_add_all(test, EXT_TEST_POOL);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD), lists);

	for (point = 0; point < EXT_TEST_POOL; point++) {
		call = point / TDX_EXT_MEM_ADD_MAX_PAGES + 1;
		work = point % TDX_EXT_MEM_ADD_MAX_PAGES;

		ext_test_model_ready(test, EXT_TEST_POOL);
		KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_MEM_ADD, call,
							  1, work), 0);
		ext_test_add_all(test, EXT_TEST_POOL);
		KUNIT_EXPECT_EQ_MSG(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD),
				    lists + 1, "call %u after %u pages", call, work);
		if (test->status == KUNIT_FAILURE)
			break;
	}
}

/* Every call interrupted, after one page or at random: same outcome. */
static void tdx_ext_mem_add_many_interruptions(struct kunit *test)
{
	u64 seed;

	ext_test_model_ready(test, EXT_TEST_POOL);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_MEM_ADD, 1, UINT_MAX,
						  1), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_INIT, 1, UINT_MAX, 1),
			0);
	ext_test_add_all(test, EXT_TEST_POOL);
	/* One page per call; the last call of each list completes. */
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD), EXT_TEST_POOL);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_INIT), EXT_TEST_POOL);

	for (seed = 1; seed <= 16; seed++) {
		ext_test_model_ready(test, EXT_TEST_POOL);
		tdx_model_interrupt_random(seed, 70);
		ext_test_add_all(test, EXT_TEST_POOL);
	}
}

/* A module that never finishes: the stall bound trips, -ETIMEDOUT. */
static void tdx_ext_stuck_module(struct kunit *test)
{
	struct tdx_model_ext ext;

	ext_test_model_ready(test, EXT_TEST_POOL);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_MEM_ADD, 2, UINT_MAX,
						  0), 0);
	KUNIT_EXPECT_EQ(test, tdx_ext_mem_add(EXT_TEST_BASE, EXT_TEST_POOL),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD),
			1 + TDX_RESUME_MAX_STALLS);
	tdx_model_get_ext(&ext);
	KUNIT_EXPECT_EQ(test, ext.nr_pages, TDX_EXT_MEM_ADD_MAX_PAGES);
	KUNIT_EXPECT_TRUE(test, ext.add_pending);

	/* TDH.EXT.INIT stuck at the start, then stuck half way. */
	ext_test_model_ready(test, EXT_TEST_POOL);
	KUNIT_ASSERT_EQ(test, tdx_ext_mem_add(EXT_TEST_BASE, EXT_TEST_POOL), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_INIT, 1, UINT_MAX, 0),
			0);
	KUNIT_EXPECT_EQ(test, tdx_ext_init(), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_INIT),
			TDX_RESUME_MAX_STALLS);

	ext_test_model_ready(test, EXT_TEST_POOL);
	KUNIT_ASSERT_EQ(test, tdx_ext_mem_add(EXT_TEST_BASE, EXT_TEST_POOL), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_INIT, 1, 1, 100), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_INIT, 1, UINT_MAX, 0),
			0);
	KUNIT_EXPECT_EQ(test, tdx_ext_init(), -ETIMEDOUT);
	tdx_model_get_ext(&ext);
	KUNIT_EXPECT_EQ(test, ext.init_done, 100);
	KUNIT_EXPECT_FALSE(test, ext.initialized);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
}

/*
 * Progress resets the stall count: far more interruptions than
 * TDX_RESUME_MAX_STALLS complete as long as each one makes progress.
 */
static void tdx_ext_progress_not_stall(struct kunit *test)
{
	unsigned int n = 4 * TDX_RESUME_MAX_STALLS;

	ext_test_model_ready(test, EXT_TEST_POOL);
	KUNIT_ASSERT_EQ(test, tdx_ext_mem_add(EXT_TEST_BASE, EXT_TEST_POOL), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_INIT, 1, n, 1), 0);
	KUNIT_EXPECT_EQ(test, tdx_ext_init(), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_INIT), n + 1);
}

static u64 ext_test_first_mark(const struct tdx_module_args *args)
{
	return FIELD_GET(HPA_LIST_INFO_FIRST_ENTRY, args->rcx);
}

/* Again with the HPA_LIST_INFO the module returned (F15.5). */
static void ext_test_set_resume(struct tdx_module_args *args)
{
	*args = (struct tdx_module_args) { .rcx = args->rcx };
}

/* HPA_LIST_INFO for entries @first..@nr - 1 of the list at @list_pa. */
static u64 ext_test_info(u64 list_pa, u64 first, u64 nr)
{
	return list_pa | FIELD_PREP(HPA_LIST_INFO_FIRST_ENTRY, first) |
	       FIELD_PREP(HPA_LIST_INFO_LAST_ENTRY, nr - 1);
}

static u64 ext_test_rdx_mark(const struct tdx_module_args *args)
{
	return args->rdx;
}

/* Fill @list with @nr pages from EXT_TEST_BASE + @first pages. */
static u64 ext_test_list(struct kunit *test, unsigned int first,
			 unsigned int nr)
{
	u64 *list = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, list);
	for (i = 0; i < nr; i++)
		list[i] = EXT_TEST_BASE + (u64)(first + i) * PAGE_SIZE;
	return virt_to_phys(list);
}

/*
 * Both forms, on the leaves that use them, and the wrong form on
 * TDH.EXT.MEM.ADD: repeating the first call abandons the interrupted one,
 * which the model counts as a violation.
 */
static void tdx_ext_resume_forms(struct kunit *test)
{
	struct seamcall_resumable rb = {
		.mark = ext_test_first_mark,
		.set_resume = ext_test_set_resume,
	};
	struct seamcall_resumable ra = { .mark = ext_test_rdx_mark };
	struct tdx_module_args args;
	u64 status;

	ext_test_model_ready(test, 16);

	/* Form (b): the returned RCX goes back in. */
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_MEM_ADD, 1, 3, 1), 0);
	args = (struct tdx_module_args) {
		.rcx = ext_test_info(ext_test_list(test, 0, 4), 0, 4),
	};
	status = seamcall_resume(TDH_EXT_MEM_ADD, &args, &rb);
	KUNIT_EXPECT_EQ(test, status, TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, rb.calls, 4);
	KUNIT_EXPECT_EQ(test, rb.interruptions, 3);
	ext_test_expect_pages(test, EXT_TEST_BASE, 4);

	/* The wrong form: the call starts over and meets its own pages. */
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_MEM_ADD, 1, 1, 2), 0);
	args = (struct tdx_module_args) {
		.rcx = ext_test_info(ext_test_list(test, 4, 4), 0, 4),
	};
	status = seamcall_repeat(TDH_EXT_MEM_ADD, &args, &ra);
	KUNIT_EXPECT_EQ(test, tdx_status_code(status),
			TDX_PAGE_METADATA_INCORRECT);
	KUNIT_EXPECT_EQ(test, ext_test_first_mark(&args), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 1);

	/* A call that does not go on where the interrupted one stopped. */
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_MEM_ADD, 1, 1, 0), 0);
	args = (struct tdx_module_args) {
		.rcx = ext_test_info(ext_test_list(test, 8, 2), 0, 2),
	};
	KUNIT_EXPECT_EQ(test, seamcall_ret(TDH_EXT_MEM_ADD, &args),
			TDX_INTERRUPTED_RESUMABLE);
	args.rcx = (args.rcx & ~HPA_LIST_INFO_FIRST_ENTRY) |
		   FIELD_PREP(HPA_LIST_INFO_FIRST_ENTRY, 1);
	KUNIT_EXPECT_EQ(test, seamcall_ret(TDH_EXT_MEM_ADD, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 2);

	/* Form (a): the same call again; RDX shows progress. */
	ext_test_model_ready(test, 8);
	KUNIT_ASSERT_EQ(test, tdx_ext_mem_add(EXT_TEST_BASE, 8), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_INIT, 1, 2, 3), 0);
	args = (struct tdx_module_args) {};
	status = seamcall_repeat(TDH_EXT_INIT, &args, &ra);
	KUNIT_EXPECT_EQ(test, status, TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, ra.calls, 3);
	KUNIT_EXPECT_EQ(test, ra.interruptions, 2);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
}

/* ----- The model's rules for the extension leaves ----- */

static u64 ext_test_add(struct kunit *test, u64 list_pa, u64 nr)
{
	struct tdx_module_args args = { .rcx = ext_test_info(list_pa, 0, nr) };

	return tdxt_call_on(0, TDH_EXT_MEM_ADD, &args);
}

static u64 ext_test_list_of(struct kunit *test, const u64 *pas, unsigned int nr)
{
	u64 *list = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, list);
	memcpy(list, pas, nr * sizeof(*pas));
	return virt_to_phys(list);
}

static u64 ext_test_add_one(struct kunit *test, u64 pa)
{
	return ext_test_add(test, ext_test_list_of(test, &pa, 1), 1);
}

static void tdx_ext_model_rules(struct kunit *test)
{
	struct tdx_module_args args = {};
	struct tdx_model_config cfg;
	struct tdx_model_ext ext;
	u64 pa = EXT_TEST_BASE;

	/* Before SYS_READY, and on a module without extensions. */
	tdxt_start(test, NULL);
	tdxt_sys_init(test);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_EXT_INIT, &args),
			TDX_SYS_NOT_READY);
	tdxt_config(&cfg);
	cfg.module.features0 &= ~TDX_FEATURES0_EXT;
	tdxt_start(test, &cfg);
	tdxt_make_ready(test);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_EXT_INIT, &args),
			TDX_OPERAND_INVALID);
	KUNIT_EXPECT_EQ(test, ext_test_add(test, ext_test_list(test, 0, 1), 1),
			TDX_OPERAND_INVALID);

	ext_test_model_ready(test, 4);

	/* TDH.EXT.INIT before the whole pool. */
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_EXT_INIT, &args),
			TDX_SYS_STATE_INCORRECT);

	/* Bad lists (reserved bits, first after last, too many) and entries. */
	KUNIT_EXPECT_EQ(test, ext_test_add(test, ext_test_list(test, 0, 1) | 4, 1),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	args = (struct tdx_module_args) {
		.rcx = ext_test_info(ext_test_list(test, 0, 2), 2, 2),
	};
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_EXT_MEM_ADD, &args),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, ext_test_add(test, ext_test_list(test, 0, 5), 5),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, ext_test_add_one(test, pa + 8),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	/* TDMR 1 is configured, not initialized; 8G is in no TDMR. */
	KUNIT_EXPECT_EQ(test, ext_test_add_one(test, 2ULL * SZ_1G),
			TDX_OPERAND_ADDR_RANGE_ERROR | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, ext_test_add_one(test, 8ULL * SZ_1G),
			TDX_OPERAND_ADDR_RANGE_ERROR | TDX_OPERAND_ID_RCX);
	tdx_model_get_ext(&ext);
	KUNIT_EXPECT_EQ(test, ext.nr_pages, 0);

	/* A duplicate in the list: the entries before it are taken. */
	args = (struct tdx_module_args) {
		.rcx = ext_test_info(ext_test_list_of(test, (u64[]){ pa, pa + PAGE_SIZE,
								   pa }, 3), 0, 3),
	};
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_EXT_MEM_ADD, &args),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, ext_test_first_mark(&args), 2);
	tdx_model_get_ext(&ext);
	KUNIT_EXPECT_EQ(test, ext.nr_pages, 2);

	/* The rest of the pool, then TDH.EXT.INIT, then nothing more. */
	KUNIT_EXPECT_EQ(test, ext_test_add(test, ext_test_list(test, 2, 2), 2),
			TDX_SUCCESS);
	args = (struct tdx_module_args) {};
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_EXT_INIT, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_EXT_INIT, &args),
			TDX_SYS_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, ext_test_add(test, ext_test_list(test, 4, 1), 1),
			TDX_SYS_STATE_INCORRECT);
	ext_test_expect_pages(test, EXT_TEST_BASE, 4);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
}

/* ----- Runtime updates ----- */

/* An image of the running module, update version + 1, with @ext_pages. */
static void *ext_test_image(struct kunit *test, u32 ext_pages, size_t *len)
{
	struct tdx_model_module next;
	void *data;

	*len = (2 + EXT_TEST_MODULE_PAGES) * PAGE_SIZE;
	data = kunit_kzalloc(test, *len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, data);

	tdx_model_next_module(&next);
	next.ext_pool_pages = ext_pages;
	KUNIT_ASSERT_EQ(test, tdx_model_build_image(data, &next,
						    EXT_TEST_MODULE_PAGES), 0);
	return data;
}

static int ext_test_update(const void *image, size_t len)
{
	return tdx_module_update(image, len);
}

/* An update re-runs TDH.EXT.INIT on the pool the new module inherits. */
static void tdx_ext_update(struct kunit *test)
{
	struct tdx_model_module before, after;
	struct tdx_model_ext ext;
	unsigned long nr;
	void *image;
	size_t len;
	u64 base;

	ext_test_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	nr = tdx_ext_pool(&base);
	tdx_model_get_module(&before);

	/* Less than was given: fine, and the extensions start again. */
	image = ext_test_image(test, nr / 2, &len);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_INIT, 1, 5, 7), 0);
	KUNIT_EXPECT_EQ(test, ext_test_update(image, len), 0);
	tdx_model_get_module(&after);
	KUNIT_EXPECT_EQ(test, after.update, before.update + 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_INIT), 1 + 6);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_MEM_ADD),
			DIV_ROUND_UP(nr, TDX_EXT_MEM_ADD_MAX_PAGES));
	tdx_model_get_ext(&ext);
	KUNIT_EXPECT_TRUE(test, ext.initialized);
	ext_test_expect_pages(test, base, nr);
	KUNIT_EXPECT_EQ(test, tdx_ext_pool(&base), nr);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->ext.mem_pool_pages, nr / 2);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
}

/*
 * The new module runs and serves every CPU; the core reports it with its
 * version and without extensions.
 */
static void ext_test_expect_running_without_ext(struct kunit *test,
						const struct tdx_model_module *mod)
{
	const struct tdx_sys_info *si;
	struct tdx_module_args args;
	int cpu, err;

	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
	si = tdx_get_sysinfo();
	KUNIT_ASSERT_NOT_NULL(test, si);
	KUNIT_EXPECT_EQ(test, si->version.update, mod->update);
	KUNIT_EXPECT_EQ(test, si->ext.required, 0);
	KUNIT_EXPECT_EQ(test, si->ext.mem_pool_pages, 0);
	for_each_online_cpu(cpu) {
		args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAJOR_VERSION };
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(cpu, TDH_SYS_RD, &args),
				    TDX_SUCCESS, "CPU %d", cpu);
	}
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
}

/*
 * A new module that needs more pool memory than was given.  Nothing in
 * the image says so (the sigstruct does not carry the module's needs),
 * so the update goes ahead and the new module's metadata tells only
 * after TDH.SYS.UPDATE: its extensions cannot start, and it runs on
 * without them.
 */
static void tdx_ext_update_needs_more(struct kunit *test)
{
	struct tdx_model_module before, after;
	unsigned long nr;
	void *image;
	size_t len;

	ext_test_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	nr = tdx_ext_pool(&(u64){ 0 });
	tdx_model_get_module(&before);

	image = ext_test_image(test, nr + 1, &len);
	KUNIT_EXPECT_EQ(test, ext_test_update(image, len), 0);
	tdx_model_get_module(&after);
	KUNIT_EXPECT_EQ(test, after.update, before.update + 1);
	/* Only the first module's extensions were started. */
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_EXT_INIT), 1);
	ext_test_expect_running_without_ext(test, &after);
}

/* TDH.EXT.INIT failing after the update: the new module runs without. */
static void tdx_ext_update_init_fails(struct kunit *test)
{
	struct tdx_model_module after;
	void *image;
	size_t len;

	ext_test_begin(test, NULL);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	image = ext_test_image(test, tdx_ext_pool(&(u64){ 0 }), &len);
	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_EXT_INIT, 1, UINT_MAX, 0),
			0);
	KUNIT_EXPECT_EQ(test, ext_test_update(image, len), 0);
	tdx_model_get_module(&after);
	ext_test_expect_running_without_ext(test, &after);
}

static struct kunit_case tdx_ext_cases[] = {
	KUNIT_CASE(tdx_ext_enable_default),
	KUNIT_CASE(tdx_ext_config_version),
	KUNIT_CASE(tdx_ext_enable_costs),
	KUNIT_CASE_PARAM(tdx_ext_enable_fault, ext_faults_gen_params),
	KUNIT_CASE(tdx_ext_tdmr_init_interrupted),
	KUNIT_CASE(tdx_ext_enable_random),
	KUNIT_CASE_SLOW(tdx_ext_mem_add_every_point),
	KUNIT_CASE(tdx_ext_mem_add_many_interruptions),
	KUNIT_CASE(tdx_ext_stuck_module),
	KUNIT_CASE(tdx_ext_progress_not_stall),
	KUNIT_CASE(tdx_ext_resume_forms),
	KUNIT_CASE(tdx_ext_model_rules),
	KUNIT_CASE(tdx_ext_update),
	KUNIT_CASE(tdx_ext_update_needs_more),
	KUNIT_CASE(tdx_ext_update_init_fails),
	TDXT_LEAK_CASE,
	{}
};

static struct kunit_suite tdx_ext_suite = {
	.name = "tdx_ext",
	/* "_ext": the model's module with extensions. */
	.suite_init = tdxt_profile_suite_init,
	.suite_exit = tdxt_profile_suite_exit,
	.init = tdxt_case_init,
	.exit = tdxt_case_exit,
	.test_cases = tdx_ext_cases,
};

kunit_test_suite(tdx_ext_suite);
