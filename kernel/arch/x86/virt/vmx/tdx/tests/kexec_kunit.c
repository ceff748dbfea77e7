// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what the TDX host code does for kexec: marking CPUs
 * before SEAMCALLs, flushing marked CPUs, keeping kexec and TDX apart on
 * CPUs with the partial-write erratum, and the module an earlier kernel
 * left initialized.  The jump itself is tested in the VM (make check).
 */
#include <kunit/test.h>
#include <linux/percpu.h>
#include <linux/smp.h>

#include "helpers.h"
#include "../tdx.h"

static void kexec_test_unmark(void *unused)
{
	this_cpu_write(tdx_cache_incoherent, false);
}

static void kexec_test_read_mark(void *data)
{
	bool *marks = data;

	marks[smp_processor_id()] = this_cpu_read(tdx_cache_incoherent);
}

static void kexec_test_flush(void *unused)
{
	tdx_cpu_flush_cache();
}

/*
 * The model started, no CPU marked, then TDH.SYS.INIT on CPU 0.  Returns
 * room for one mark per CPU.
 */
static bool *kexec_test_start(struct kunit *test)
{
	struct tdx_module_args args = {};
	bool *marks;

	marks = kunit_kcalloc(test, nr_cpu_ids, sizeof(*marks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, marks);
	tdxt_start(test, NULL);
	on_each_cpu(kexec_test_unmark, NULL, true);
	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args), TDX_SUCCESS);
	return marks;
}

/* Every SEAMCALL marks its CPU first, whatever the CPU's state. */
static void kexec_test_mark_before_call(struct kunit *test)
{
	bool *marks = kexec_test_start(test);
	int cpu;

	/* Any leaf: the model checks the mark first. */
	KUNIT_EXPECT_EQ(test, tdxt_on_each_lp(TDH_SYS_LP_INIT, NULL), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_model_unmarked_calls(), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);

	on_each_cpu(kexec_test_read_mark, marks, true);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_TRUE_MSG(test, marks[cpu], "CPU %d", cpu);
		KUNIT_EXPECT_TRUE_MSG(test, tdx_model_cpu_cache_dirty(cpu),
				      "CPU %d", cpu);
	}
}

/* A marked CPU flushes once, through the seam; an unmarked one not. */
static void kexec_test_flush_marked(struct kunit *test)
{
	bool *marks = kexec_test_start(test);
	struct tdx_module_args args = {};
	int cpu;

	on_each_cpu(kexec_test_flush, NULL, true);
	on_each_cpu(kexec_test_flush, NULL, true);
	on_each_cpu(kexec_test_read_mark, marks, true);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ_MSG(test, tdx_model_cpu_flushes(cpu), cpu ? 0 : 1,
				    "CPU %d", cpu);
		KUNIT_EXPECT_FALSE_MSG(test, marks[cpu], "CPU %d", cpu);
		KUNIT_EXPECT_FALSE_MSG(test, tdx_model_cpu_cache_dirty(cpu),
				       "CPU %d", cpu);
	}
	/* A flush on all CPUs also leaves no CPU with private lines. */
	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_LP_INIT, &args), TDX_SUCCESS);
	KUNIT_EXPECT_TRUE(test, tdx_model_cpu_cache_dirty(0));
	static_call(tdx_seam_flush_caches)();
	KUNIT_EXPECT_FALSE(test, tdx_model_cpu_cache_dirty(0));
}

/* The model with or without the erratum, and boot detection. */
static void kexec_test_begin(struct kunit *test, bool erratum)
{
	struct tdx_model_config cfg;

	tdxt_default_config(&cfg);
	cfg.pw_mce_erratum = erratum;
	tdxt_begin(test, &cfg);
}

/*
 * On CPUs with the erratum, a loaded kernel keeps TDX from starting, but
 * only while it is loaded; once TDX has run, no kernel can be loaded.
 */
static void kexec_test_erratum_excludes(struct kunit *test)
{
	int *results;

	kexec_test_begin(test, true);

	KUNIT_ASSERT_EQ(test, tdx_kexec_image_get(), 0);
	KUNIT_ASSERT_EQ(test, tdx_kexec_image_get(), 0);
	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, -EBUSY);
	/* Refused before any SEAMCALL. */
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), 0);

	tdx_kexec_image_put();
	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, -EBUSY);
	tdx_kexec_image_put();

	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_kexec_image_get(), -EOPNOTSUPP);
}

/* Elsewhere flushing is enough: kexec and TDX coexist. */
static void kexec_test_no_erratum(struct kunit *test)
{
	int *results;

	kexec_test_begin(test, false);

	KUNIT_ASSERT_EQ(test, tdx_kexec_image_get(), 0);
	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), 0);
	KUNIT_EXPECT_EQ(test, tdx_kexec_image_get(), 0);
	tdx_kexec_image_put();
	tdx_kexec_image_put();
}

/*
 * A module an earlier kernel initialized refuses TDH.SYS.INIT (F2.1):
 * every CPU and tdx_enable() get -EEXIST, after one SEAMCALL in all, and
 * nothing is allocated.
 */
static void kexec_test_initialized_before(struct kunit *test)
{
	struct tdx_model_config cfg;
	int *results;

	tdxt_default_config(&cfg);
	cfg.initialized_before = true;
	tdxt_begin(test, &cfg);
	KUNIT_ASSERT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);

	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, -EEXIST);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -EEXIST);
	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, -EEXIST);

	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 1);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), 1);
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), 0);
	/* Untouched: still the earlier kernel's. */
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
}

static struct kunit_case kexec_test_cases[] = {
	KUNIT_CASE(kexec_test_mark_before_call),
	KUNIT_CASE(kexec_test_flush_marked),
	KUNIT_CASE(kexec_test_erratum_excludes),
	KUNIT_CASE(kexec_test_no_erratum),
	KUNIT_CASE(kexec_test_initialized_before),
	TDXT_LEAK_CASE,
	{}
};

static struct kunit_suite kexec_test_suite = {
	.name = "tdx_kexec",
	.suite_init = tdxt_leak_window_open,
	.init = tdxt_case_init,
	.exit = tdxt_case_exit,
	.test_cases = kexec_test_cases,
};

kunit_test_suite(kexec_test_suite);

MODULE_DESCRIPTION("KUnit tests for TDX and kexec");
MODULE_LICENSE("GPL");
