// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of runtime TDX module updates, run against the software
 * model of the TDX module and P-SEAMLDR.
 *
 * Suite "tdx_update": image checks, the checks made before the CPUs stop,
 * the update on all CPUs, failures injected at every step on the first, a
 * middle and the last CPU, and updates racing with each other and with
 * CPU hotplug.
 */
#include <kunit/test.h>
#include <linux/cleanup.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sizes.h>
#include <linux/smp.h>

#include "model.h"
#include "model_test_util.h"
#include "seamcall.h"
#include "seamldr.h"
#include "tdx.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* Module pages in the images the tests build. */
#define UPD_TEST_MODULE_PAGES	3

/**
 * struct upd_test_image - An update image built by a test
 * @data:	the image
 * @len:	its length
 * @hdr:	its header
 * @sig:	its sigstruct page, in the model's format
 */
struct upd_test_image {
	void *data;
	size_t len;
	struct tdx_image_header *hdr;
	struct tdx_model_sigstruct *sig;
};

/* ----- Helpers ----- */

/* Runs on each CPU: record what tdx_cpu_enable() says there. */
static void upd_test_cpu_enable_fn(void *results)
{
	((int *)results)[smp_processor_id()] = tdx_cpu_enable();
}

/* tdx_cpu_enable() on every online CPU at once; results indexed by CPU. */
static int *upd_test_enable_cpus(struct kunit *test)
{
	int *results;

	results = kunit_kcalloc(test, nr_cpu_ids, sizeof(*results), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, results);
	on_each_cpu(upd_test_cpu_enable_fn, results, true);
	return results;
}

static int upd_test_tdx_enable(void)
{
	guard(cpus_read_lock)();
	return tdx_enable();
}

/*
 * Start the model with @cfg (NULL: the defaults), detect the platform
 * and enable every CPU; with @init also initialize the module.
 */
static void upd_test_begin(struct kunit *test,
			   const struct tdx_model_config *cfg, bool init)
{
	struct tdx_model_config defaults;

	tdx_model_default_config(&defaults);
	tdxt_start(test, cfg ?: &defaults);
	KUNIT_ASSERT_EQ(test, tdx_probe_platform(), 0);
	upd_test_enable_cpus(test);
	if (init)
		KUNIT_ASSERT_EQ(test, upd_test_tdx_enable(), 0);
}

/* An image of the running module with the update version raised by one. */
static struct upd_test_image *upd_test_image(struct kunit *test)
{
	struct tdx_model_module next;
	struct upd_test_image *img;

	img = kunit_kzalloc(test, sizeof(*img), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img);
	img->len = (2 + UPD_TEST_MODULE_PAGES) * PAGE_SIZE;
	img->data = kunit_kzalloc(test, img->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img->data);

	tdx_model_next_module(&next);
	KUNIT_ASSERT_EQ(test, tdx_model_build_image(img->data, &next,
						    UPD_TEST_MODULE_PAGES), 0);
	img->hdr = img->data;
	img->sig = img->data + PAGE_SIZE;
	return img;
}

static int upd_test_update(const struct upd_test_image *img)
{
	return tdx_module_update(img->data, img->len);
}

/* SEAMCALLs of any kind made on all CPUs so far. */
static u64 upd_test_all_calls(void)
{
	u64 total = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		total += tdx_model_cpu_calls(cpu);
	return total;
}

static int upd_test_state(int *err)
{
	return tdx_module_state(err);
}

/* The module still works: metadata is readable on every CPU. */
static void upd_test_expect_alive(struct kunit *test)
{
	struct tdx_module_args args;
	int cpu;

	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	KUNIT_EXPECT_NOT_NULL(test, tdx_get_sysinfo());
	for_each_online_cpu(cpu) {
		args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAJOR_VERSION };
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(cpu, TDH_SYS_RD, &args),
				    TDX_SUCCESS, "CPU %d", cpu);
	}
}

/* A lost module: every user gets -ENODEV and no SEAMCALL is made. */
static void upd_test_expect_dead(struct kunit *test,
				 const struct upd_test_image *img)
{
	int *results, err, cpu;
	u64 calls;

	KUNIT_EXPECT_EQ(test, upd_test_state(&err), TDX_MODULE_DEAD);
	KUNIT_EXPECT_EQ(test, err, -ENODEV);
	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());

	calls = upd_test_all_calls();
	KUNIT_EXPECT_EQ(test, upd_test_tdx_enable(), -ENODEV);
	results = upd_test_enable_cpus(test);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, results[cpu], -ENODEV, "CPU %d", cpu);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), -ENODEV);
	KUNIT_EXPECT_EQ(test, upd_test_all_calls(), calls);
}

static int upd_test_init(struct kunit *test)
{
	tdx_reset_for_test();
	return 0;
}

static void upd_test_exit(struct kunit *test)
{
	tdx_reset_for_test();
}

/* ----- Tests ----- */

/* SEAMLDR.INFO: the model's P-SEAMLDR identity and update budget. */
static void upd_seamldr_info(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct tdx_seamldr_info info;

	tdx_model_default_config(&cfg);
	cfg.num_remaining_updates = 3;
	upd_test_begin(test, &cfg, false);

	KUNIT_ASSERT_EQ(test, tdx_seamldr_get_info(&info), 0);
	KUNIT_EXPECT_EQ(test, info.version, cfg.seamldr_version);
	KUNIT_EXPECT_EQ(test, info.major, cfg.seamldr_major);
	KUNIT_EXPECT_EQ(test, info.minor, cfg.seamldr_minor);
	KUNIT_EXPECT_EQ(test, info.build_num, cfg.seamldr_build_num);
	KUNIT_EXPECT_EQ(test, info.build_date, cfg.seamldr_build_date);
	KUNIT_EXPECT_EQ(test, info.num_remaining_updates, 3);
	KUNIT_EXPECT_TRUE(test, info.seam_ready);
	KUNIT_EXPECT_TRUE(test, info.p_seamldr_ready);
}

/* A full update on all CPUs: new version, each CPU installs once, in order. */
static void upd_full_update(struct kunit *test)
{
	struct seamldr_cpu_result res;
	struct tdx_update_stats stats;
	struct tdx_model_module mod;
	struct tdx_seamldr_info info;
	struct upd_test_image *img;
	unsigned int seq = 0;
	u32 remaining;
	int cpu;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	remaining = tdx_model_remaining_updates();

	KUNIT_ASSERT_EQ(test, upd_test_update(img), 0);

	tdx_model_get_module(&mod);
	KUNIT_EXPECT_EQ(test, mod.update, img->sig->module.update);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->version.update, mod.update);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->version.build_num, mod.build_num);
	KUNIT_EXPECT_EQ(test, tdx_model_remaining_updates(), remaining - 1);
	KUNIT_ASSERT_EQ(test, tdx_seamldr_get_info(&info), 0);
	KUNIT_EXPECT_EQ(test, info.num_remaining_updates, remaining - 1);

	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL),
			num_online_cpus());
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_UPDATE), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
	for_each_online_cpu(cpu) {
		KUNIT_ASSERT_EQ(test, seamldr_last_cpu_result(cpu, &res), 0);
		KUNIT_EXPECT_EQ(test, res.outcome, SEAMLDR_CPU_OK);
		/* CPU-number order: each CPU's position follows the last. */
		KUNIT_EXPECT_EQ_MSG(test, res.install_seq, ++seq, "CPU %d", cpu);
		KUNIT_EXPECT_TRUE_MSG(test, tdx_model_lp_initialized(cpu),
				      "CPU %d", cpu);
	}
	upd_test_expect_alive(test);

	KUNIT_ASSERT_EQ(test, tdx_update_last(&stats), 0);
	KUNIT_EXPECT_EQ(test, stats.result, 0);
	KUNIT_EXPECT_EQ(test, stats.to.update, stats.from.update + 1);
	KUNIT_EXPECT_GT(test, stats.blackout_ns, 0);
	KUNIT_EXPECT_GE(test, stats.blackout_ns, stats.shutdown_ns +
			stats.install_ns + stats.init_ns + stats.update_ns);
	KUNIT_EXPECT_GT(test, stats.install_ns, 0);
}

/* Which CPU a fault is injected on. */
enum upd_fault_cpu {
	UPD_CPU_FIRST,
	UPD_CPU_MIDDLE,
	UPD_CPU_LAST,
	UPD_CPU_ANY,
};

/**
 * struct upd_fault_case - A failure injected into one step of an update
 * @desc:	case name
 * @fn:		the leaf that fails
 * @where:	the CPU it fails on
 * @status:	what it returns
 * @step:	the step that fails
 * @expected:	what tdx_module_update() returns
 * @dead:	whether the module is lost
 */
struct upd_fault_case {
	const char *desc;
	u64 fn;
	enum upd_fault_cpu where;
	u64 status;
	enum seamldr_step step;
	int expected;
	bool dead;
};

static const struct upd_fault_case upd_fault_cases[] = {
	/* Shutdown refused: the old module keeps running, -EIO. */
	{ "shutdown_first", TDH_SYS_SHUTDOWN, UPD_CPU_FIRST,
	  TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX, SEAMLDR_STEP_SHUTDOWN,
	  -EIO, false },
	/* Shutdown runs on the lead CPU only: a fault elsewhere never fires. */
	{ "shutdown_last", TDH_SYS_SHUTDOWN, UPD_CPU_LAST,
	  TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX, SEAMLDR_STEP_SHUTDOWN,
	  0, false },
	/* Shutdown during a TD build: -EBUSY, old module keeps running. */
	{ "shutdown_compat_first", TDH_SYS_SHUTDOWN, UPD_CPU_FIRST,
	  TDX_UPDATE_COMPAT_SENSITIVE, SEAMLDR_STEP_SHUTDOWN, -EBUSY, false },
	/* Install failures: the old module is gone, -EIO and dead. */
	{ "install_first", P_SEAMLDR_INSTALL, UPD_CPU_FIRST, SEAMLDR_EBADPARAM,
	  SEAMLDR_STEP_CPU_INSTALL, -EIO, true },
	{ "install_middle", P_SEAMLDR_INSTALL, UPD_CPU_MIDDLE, SEAMLDR_ENOENTROPY,
	  SEAMLDR_STEP_CPU_INSTALL, -EIO, true },
	/* The last CPU is also the last to acknowledge the install step. */
	{ "install_last", P_SEAMLDR_INSTALL, UPD_CPU_LAST, SEAMLDR_EBADSIG,
	  SEAMLDR_STEP_CPU_INSTALL, -EIO, true },
	/* Global init of the new module fails: -EIO and dead. */
	{ "sys_init_any", TDH_SYS_INIT, UPD_CPU_ANY, TDX_SYS_INIT_NOT_PENDING,
	  SEAMLDR_STEP_CPU_INIT, -EIO, true },
	/* Per-CPU init fails: -EIO and dead. */
	{ "lp_init_first", TDH_SYS_LP_INIT, UPD_CPU_FIRST,
	  TDX_SYS_LP_INIT_NOT_PENDING, SEAMLDR_STEP_CPU_INIT, -EIO, true },
	{ "lp_init_middle", TDH_SYS_LP_INIT, UPD_CPU_MIDDLE, TDX_INVALID_PKG_ID,
	  SEAMLDR_STEP_CPU_INIT, -EIO, true },
	{ "lp_init_last", TDH_SYS_LP_INIT, UPD_CPU_LAST,
	  TDX_SYS_LP_INIT_NOT_PENDING, SEAMLDR_STEP_CPU_INIT, -EIO, true },
	/* The new module rejects the handoff data: -EIO and dead. */
	{ "update_first", TDH_SYS_UPDATE, UPD_CPU_FIRST, TDX_SYS_INVALID_HANDOFF,
	  SEAMLDR_STEP_RUN_UPDATE, -EIO, true },
	/* Update runs on the lead CPU only: a fault elsewhere never fires. */
	{ "update_middle", TDH_SYS_UPDATE, UPD_CPU_MIDDLE,
	  TDX_SYS_INVALID_HANDOFF, SEAMLDR_STEP_RUN_UPDATE, 0, false },
};

static void upd_fault_case_desc(const struct upd_fault_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(upd_faults, upd_fault_cases, upd_fault_case_desc);

static int upd_test_pick_cpu(enum upd_fault_cpu where)
{
	unsigned int n = num_online_cpus() / 2;
	int cpu;

	switch (where) {
	case UPD_CPU_FIRST:
		return cpumask_first(cpu_online_mask);
	case UPD_CPU_LAST:
		return cpumask_last(cpu_online_mask);
	case UPD_CPU_MIDDLE:
		for_each_online_cpu(cpu) {
			if (!n--)
				return cpu;
		}
		break;
	case UPD_CPU_ANY:
		break;
	}
	return TDX_MODEL_ANY_CPU;
}

/* Most leaves one step calls. */
#define UPD_LEAVES_PER_STEP	2

/* The leaves each step calls. */
static const u64 upd_step_leaves[SEAMLDR_NR_STEPS][UPD_LEAVES_PER_STEP] = {
	[SEAMLDR_STEP_SHUTDOWN]		= { TDH_SYS_SHUTDOWN },
	[SEAMLDR_STEP_CPU_INSTALL]	= { P_SEAMLDR_INSTALL },
	[SEAMLDR_STEP_CPU_INIT]		= { TDH_SYS_INIT, TDH_SYS_LP_INIT },
	[SEAMLDR_STEP_RUN_UPDATE]	= { TDH_SYS_UPDATE },
};

/* Calls of each step's leaves so far, as upd_step_leaves[] lays them out. */
struct upd_step_calls {
	u64 n[SEAMLDR_NR_STEPS][UPD_LEAVES_PER_STEP];
};

static void upd_test_count_steps(struct upd_step_calls *calls)
{
	unsigned int step, i;

	for (step = 0; step < SEAMLDR_NR_STEPS; step++) {
		for (i = 0; i < UPD_LEAVES_PER_STEP; i++)
			calls->n[step][i] = tdx_model_leaf_calls(upd_step_leaves[step][i]);
	}
}

/* No leaf of a step after @failed was called since @before. */
static void upd_test_expect_no_later_calls(struct kunit *test,
					   enum seamldr_step failed,
					   const struct upd_step_calls *before)
{
	struct upd_step_calls now;
	unsigned int step, i;

	upd_test_count_steps(&now);
	for (step = failed + 1; step < SEAMLDR_NR_STEPS; step++) {
		for (i = 0; i < UPD_LEAVES_PER_STEP; i++)
			KUNIT_EXPECT_EQ_MSG(test, now.n[step][i], before->n[step][i],
					    "leaf %#llx of step %u",
					    upd_step_leaves[step][i], step);
	}
}

/* CPUs up to @fail_cpu installed, in order; later CPUs did not. */
static void upd_test_expect_installs_until(struct kunit *test, int fail_cpu)
{
	struct seamldr_cpu_result res;
	unsigned int seq = 0;
	int cpu;

	for_each_online_cpu(cpu) {
		KUNIT_ASSERT_EQ(test, seamldr_last_cpu_result(cpu, &res), 0);
		KUNIT_EXPECT_EQ_MSG(test, res.install_seq,
				    cpu <= fail_cpu ? ++seq : 0, "CPU %d", cpu);
	}
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL), seq);
}

/* The failing CPU recorded the failure, in the step it happened in. */
static void upd_test_expect_failed_on(struct kunit *test, int cpu,
				      const struct upd_fault_case *c)
{
	struct seamldr_cpu_result res;

	KUNIT_ASSERT_EQ(test, seamldr_last_cpu_result(cpu, &res), 0);
	KUNIT_EXPECT_NE(test, res.outcome, SEAMLDR_CPU_OK);
	KUNIT_EXPECT_EQ(test, res.step, c->step);
	/* tdx_cpu_enable() logs the status of the init step itself. */
	if (c->step != SEAMLDR_STEP_CPU_INIT)
		KUNIT_EXPECT_EQ(test, res.status, c->status);
}

/* A failure at any step, on any CPU: nothing later runs anywhere. */
static void upd_fault(struct kunit *test)
{
	const struct upd_fault_case *c = test->param_value;
	struct upd_step_calls before;
	struct tdx_model_module mod;
	struct upd_test_image *img;
	int err, fail_cpu;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	tdx_model_get_module(&mod);
	upd_test_count_steps(&before);

	fail_cpu = upd_test_pick_cpu(c->where);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(c->fn, fail_cpu, 1, 1, c->status), 0);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), c->expected);
	if (!c->expected) {
		KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->version.update,
				img->sig->module.update);
		return;
	}

	upd_test_expect_no_later_calls(test, c->step, &before);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
	if (c->fn == P_SEAMLDR_INSTALL)
		upd_test_expect_installs_until(test, fail_cpu);
	if (fail_cpu != TDX_MODEL_ANY_CPU)
		upd_test_expect_failed_on(test, fail_cpu, c);

	if (c->dead) {
		upd_test_expect_dead(test, img);
		return;
	}
	KUNIT_EXPECT_EQ(test, upd_test_state(&err), TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->version.update, mod.update);
	upd_test_expect_alive(test);
	/* The failure was transient: the same image now goes in. */
	KUNIT_EXPECT_EQ(test, upd_test_update(img), 0);
}

/**
 * struct upd_image_case - A malformed image
 * @desc:	case name
 * @offset:	byte of the image to change, or -1 for none
 * @value:	value written there (one byte)
 * @len_delta:	change to the image length
 * @sig_pages:	sigstruct page count written to the header, if not 0
 * @mod_pages:	module page count written to the header, if not 0
 * @expected:	what tdx_module_update() returns
 */
struct upd_image_case {
	const char *desc;
	int offset;
	u8 value;
	long len_delta;
	u32 sig_pages;
	u32 mod_pages;
	int expected;
};

#define UPD_IMAGE_LEN	((2 + UPD_TEST_MODULE_PAGES) * PAGE_SIZE)

static const struct upd_image_case upd_image_cases[] = {
	/* Empty: -ENODATA. */
	{ "empty", -1, 0, -(long)UPD_IMAGE_LEN, 0, 0, -ENODATA },
	/* Shorter than the header: -ENODATA. */
	{ "short_header", -1, 0, -(long)UPD_IMAGE_LEN + 100, 0, 0, -ENODATA },
	/* Wrong signature: -ENOEXEC. */
	{ "signature", offsetof(struct tdx_image_header, signature) + 3, 'x',
	  0, 0, 0, -ENOEXEC },
	/* Wrong version: -EPROTONOSUPPORT. */
	{ "version", offsetof(struct tdx_image_header, version), 0x01,
	  0, 0, 0, -EPROTONOSUPPORT },
	/* Reserved byte set, first and last: -EPROTO. */
	{ "reserved_first", offsetof(struct tdx_image_header, reserved), 1,
	  0, 0, 0, -EPROTO },
	{ "reserved_last", PAGE_SIZE - 1, 0x80, 0, 0, 0, -EPROTO },
	/* No sigstruct page: -EINVAL. */
	{ "no_sigstruct", -1, 0, 0, U32_MAX, 0, -EINVAL },
	/* Two sigstruct pages: -EINVAL. */
	{ "two_sigstructs", -1, 0, 0, 2, 0, -EINVAL },
	/* No module page: -EINVAL. */
	{ "no_module", -1, 0, 0, 0, U32_MAX, -EINVAL },
	/* More module pages than P-SEAMLDR takes: -EFBIG. */
	{ "too_many_pages", -1, 0, 0, 0, TDX_IMAGE_MAX_MODULE_PAGES + 1, -EFBIG },
	/* A page missing: -EMSGSIZE. */
	{ "page_missing", -1, 0, -(long)PAGE_SIZE, 0, 0, -EMSGSIZE },
	/* A byte too many: -EMSGSIZE. */
	{ "byte_extra", -1, 0, 1, 0, 0, -EMSGSIZE },
	/* Counts claim more pages than there are: -EMSGSIZE. */
	{ "counts_too_big", -1, 0, 0, 0, UPD_TEST_MODULE_PAGES + 1, -EMSGSIZE },
};

static void upd_image_case_desc(const struct upd_image_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(upd_images, upd_image_cases, upd_image_case_desc);

/* A malformed image is refused with its errno before any SEAMCALL. */
static void upd_bad_image(struct kunit *test)
{
	const struct upd_image_case *c = test->param_value;
	struct tdx_model_module before, after;
	struct upd_test_image *img;
	u8 *buf;
	u64 calls;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	/* Room for a byte beyond the image. */
	buf = kunit_kzalloc(test, img->len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, img->data, img->len);
	img->hdr = (struct tdx_image_header *)buf;

	if (c->offset >= 0)
		buf[c->offset] = c->value;
	if (c->sig_pages)
		img->hdr->sigstruct_pages = c->sig_pages == U32_MAX ? 0 : c->sig_pages;
	if (c->mod_pages)
		img->hdr->module_pages = c->mod_pages == U32_MAX ? 0 : c->mod_pages;

	tdx_model_get_module(&before);
	calls = upd_test_all_calls();
	KUNIT_EXPECT_EQ(test, tdx_module_update(buf, img->len + c->len_delta),
			c->expected);
	KUNIT_EXPECT_EQ(test, upd_test_all_calls(), calls);
	tdx_model_get_module(&after);
	KUNIT_EXPECT_EQ(test, after.update, before.update);
	upd_test_expect_alive(test);
}

/* A NULL image is refused like an empty one: -ENODATA. */
static void upd_null_image(struct kunit *test)
{
	upd_test_begin(test, NULL, true);
	KUNIT_EXPECT_EQ(test, tdx_module_update(NULL, UPD_IMAGE_LEN), -ENODATA);
}

/* Before tdx_enable() there is nothing to hand over: -ENXIO, no SEAMCALL. */
static void upd_before_init(struct kunit *test)
{
	struct upd_test_image *img;
	u64 calls;

	upd_test_begin(test, NULL, false);
	img = upd_test_image(test);
	calls = upd_test_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), -ENXIO);
	KUNIT_EXPECT_EQ(test, upd_test_all_calls(), calls);
}

/* After tdx_enable() failed: its errno, no SEAMCALL. */
static void upd_after_init_failure(struct kunit *test)
{
	struct upd_test_image *img;
	u64 calls;
	int err;

	upd_test_begin(test, NULL, false);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(TDH_SYS_CONFIG, TDX_MODEL_ANY_CPU,
					       1, 1, TDX_INVALID_TDMR), 0);
	err = upd_test_tdx_enable();
	KUNIT_ASSERT_LT(test, err, 0);
	img = upd_test_image(test);
	calls = upd_test_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), err);
	KUNIT_EXPECT_EQ(test, upd_test_all_calls(), calls);
}

/* No updates left: -ENOSPC before any TDX module call. */
static void upd_no_updates_left(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct upd_test_image *img;

	tdx_model_default_config(&cfg);
	cfg.num_remaining_updates = 0;
	upd_test_begin(test, &cfg, true);
	img = upd_test_image(test);

	KUNIT_EXPECT_EQ(test, upd_test_update(img), -ENOSPC);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL), 0);
	upd_test_expect_alive(test);
}

/* A module without TD-preserving update: -EOPNOTSUPP, nothing called. */
static void upd_not_preserving(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct upd_test_image *img;
	u64 calls;

	tdx_model_default_config(&cfg);
	cfg.module.features0 &= ~TDX_FEATURES0_TD_PRESERVING;
	upd_test_begin(test, &cfg, true);
	img = upd_test_image(test);
	calls = upd_test_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, upd_test_all_calls(), calls);
}

/* CPUs with the P-SEAMLDR VMCS erratum: -EOPNOTSUPP, nothing called. */
static void upd_vmcs_erratum(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct upd_test_image *img;
	u64 calls;

	tdx_model_default_config(&cfg);
	cfg.vmx_basic &= ~VMX_BASIC_SEAMRET_PRESERVES_VMCS;
	upd_test_begin(test, &cfg, true);
	img = upd_test_image(test);
	calls = upd_test_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, upd_test_all_calls(), calls);
}

/* A TD build in progress: -EBUSY, the old module runs; later it works. */
static void upd_compat_sensitive(struct kunit *test)
{
	struct tdx_update_stats stats;
	struct upd_test_image *img;
	int err;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);

	tdx_model_set_compat_sensitive(true);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), -EBUSY);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL), 0);
	KUNIT_EXPECT_EQ(test, upd_test_state(&err), TDX_MODULE_INITIALIZED);
	upd_test_expect_alive(test);
	KUNIT_ASSERT_EQ(test, tdx_update_last(&stats), 0);
	KUNIT_EXPECT_EQ(test, stats.result, -EBUSY);
	KUNIT_EXPECT_EQ(test, stats.to.update, stats.from.update);

	tdx_model_set_compat_sensitive(false);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), 0);
}

/*
 * A module without update compatibility takes RCX as a plain handoff
 * version: the kernel must not set bit 16, and the update succeeds.
 */
static void upd_no_compat_bit(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct upd_test_image *img;

	tdx_model_default_config(&cfg);
	cfg.module.features0 &= ~TDX_FEATURES0_UPDATE_COMPAT;
	upd_test_begin(test, &cfg, true);
	img = upd_test_image(test);

	tdx_model_set_compat_sensitive(true);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), 0);
	tdx_model_set_compat_sensitive(false);
}

/*
 * Allocated guest KeyIDs do not block an update: TDs and their keys
 * survive a TD-preserving update.  The KeyIDs stay allocated.
 */
static void upd_with_guest_keyids(struct kunit *test)
{
	int a, b, c;

	upd_test_begin(test, NULL, true);
	a = tdx_guest_keyid_alloc();
	b = tdx_guest_keyid_alloc();
	KUNIT_ASSERT_GT(test, a, 0);
	KUNIT_ASSERT_GT(test, b, 0);

	KUNIT_EXPECT_EQ(test, upd_test_update(upd_test_image(test)), 0);

	c = tdx_guest_keyid_alloc();
	KUNIT_EXPECT_GT(test, c, 0);
	KUNIT_EXPECT_NE(test, c, a);
	KUNIT_EXPECT_NE(test, c, b);
	tdx_guest_keyid_free(a);
	tdx_guest_keyid_free(b);
	if (c > 0)
		tdx_guest_keyid_free(c);
}

/**
 * struct upd_racer - A thread that runs one update
 * @img:	the image
 * @go:		released when all racers exist
 * @done:	completed when the update returned
 * @ret:	its result
 */
struct upd_racer {
	const struct upd_test_image *img;
	struct completion *go;
	struct completion done;
	int ret;
};

static int upd_racer_fn(void *data)
{
	struct upd_racer *r = data;

	wait_for_completion(r->go);
	r->ret = upd_test_update(r->img);
	complete(&r->done);
	return 0;
}

/* Two updates at once run one after the other: both succeed. */
static void upd_racing_updates(struct kunit *test)
{
	struct upd_racer racers[2];
	struct tdx_model_module mod;
	struct task_struct *t;
	DECLARE_COMPLETION_ONSTACK(go);
	struct upd_test_image *img;
	unsigned int i;
	u32 remaining;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	remaining = tdx_model_remaining_updates();

	for (i = 0; i < ARRAY_SIZE(racers); i++) {
		racers[i] = (struct upd_racer) { .img = img, .go = &go };
		init_completion(&racers[i].done);
		t = kthread_run(upd_racer_fn, &racers[i], "upd_racer%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	complete_all(&go);
	for (i = 0; i < ARRAY_SIZE(racers); i++) {
		wait_for_completion(&racers[i].done);
		KUNIT_EXPECT_EQ(test, racers[i].ret, 0);
	}

	KUNIT_EXPECT_EQ(test, tdx_model_remaining_updates(), remaining - 2);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL),
			2 * num_online_cpus());
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), 2);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
	tdx_model_get_module(&mod);
	KUNIT_EXPECT_EQ(test, mod.update, img->sig->module.update);
	upd_test_expect_alive(test);
}

/**
 * struct upd_hotplug - A thread that takes a CPU offline and back
 * @cpu:	the CPU
 * @started:	completed just before it asks for the hotplug lock
 * @done:	completed when the CPU is back online
 * @offlined:	set once the CPU is offline
 * @ret:	result of the offline, then of the online
 */
struct upd_hotplug {
	int cpu;
	struct completion started;
	struct completion done;
	bool offlined;
	int ret;
};

static int upd_hotplug_fn(void *data)
{
	struct upd_hotplug *h = data;

	complete(&h->started);
	h->ret = remove_cpu(h->cpu);
	WRITE_ONCE(h->offlined, true);
	if (!h->ret)
		h->ret = add_cpu(h->cpu);
	complete(&h->done);
	return 0;
}

/*
 * CPU hotplug during an update waits for the hotplug lock the update
 * holds; afterwards every online CPU is initialized on the new module.
 */
static void upd_cpu_hotplug(struct kunit *test)
{
	struct upd_test_image *img;
	struct upd_hotplug h = {};
	struct task_struct *t;
	int *results, cpu, ret;
	u64 lp_inits;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	h.cpu = cpumask_last(cpu_online_mask);
	KUNIT_ASSERT_GT(test, h.cpu, 0);
	init_completion(&h.started);
	init_completion(&h.done);

	cpus_read_lock();
	t = kthread_run(upd_hotplug_fn, &h, "upd_hotplug");
	if (IS_ERR(t)) {
		cpus_read_unlock();
		KUNIT_FAIL(test, "no hotplug thread");
		return;
	}
	wait_for_completion(&h.started);
	/* Let the thread reach the hotplug lock; it must wait there. */
	msleep(20);
	ret = tdx_module_update_cpuslocked(img->data, img->len);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(h.offlined));
	cpus_read_unlock();

	KUNIT_EXPECT_EQ(test, ret, 0);
	wait_for_completion(&h.done);
	KUNIT_EXPECT_EQ(test, h.ret, 0);

	/* The module keeps LPs initialized across offline and online. */
	lp_inits = tdx_model_leaf_calls(TDH_SYS_LP_INIT);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_TRUE_MSG(test, tdx_model_lp_initialized(cpu),
				      "CPU %d", cpu);
	results = upd_test_enable_cpus(test);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, results[cpu], 0, "CPU %d", cpu);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT), lp_inits);
	upd_test_expect_alive(test);
}

/*
 * Long enough for the CPUs waiting for their install turn to give up;
 * model latencies are 32-bit nanoseconds.
 */
#define UPD_TEST_SLOW_INSTALL_NS	(SEAMLDR_MODEL_WAIT_NS * 4 / 3)
static_assert(UPD_TEST_SLOW_INSTALL_NS <= U32_MAX);

/*
 * A CPU stuck in SEAMLDR.INSTALL: the others time out, the update fails
 * with -EIO and the module is lost, but nothing hangs and no later step
 * runs.
 */
static void upd_timeout(struct kunit *test)
{
	struct seamldr_cpu_result res;
	struct upd_test_image *img;
	unsigned int timeouts = 0;
	u64 sys_inits;
	int cpu;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	sys_inits = tdx_model_leaf_calls(TDH_SYS_INIT);

	tdx_model_set_latency(P_SEAMLDR_INSTALL, UPD_TEST_SLOW_INSTALL_NS);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), -EIO);
	tdx_model_set_latency(P_SEAMLDR_INSTALL, 0);

	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), sys_inits);
	for_each_online_cpu(cpu) {
		KUNIT_ASSERT_EQ(test, seamldr_last_cpu_result(cpu, &res), 0);
		if (res.outcome == SEAMLDR_CPU_TIMEOUT)
			timeouts++;
	}
	KUNIT_EXPECT_GE(test, timeouts, num_online_cpus() - 1);
	upd_test_expect_dead(test, img);
}

/*
 * Installs that each stay within the wait budget but add up to more than
 * it: CPUs that installed early wait for the later ones without giving
 * up, and the update succeeds.
 */
static void upd_many_slow_installs(struct kunit *test)
{
	struct tdx_update_stats stats;
	struct upd_test_image *img;
	u64 each;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	if (num_online_cpus() < 3)
		kunit_skip(test, "needs 3 CPUs for installs to add up");

	/*
	 * The first CPU waits one and a half wait budgets for the later
	 * installs; each install takes at most three quarters of one.
	 */
	each = SEAMLDR_MODEL_WAIT_NS * 3 / 2 / (num_online_cpus() - 1);
	tdx_model_set_latency(P_SEAMLDR_INSTALL, each);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), 0);
	tdx_model_set_latency(P_SEAMLDR_INSTALL, 0);

	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL),
			num_online_cpus());
	KUNIT_ASSERT_EQ(test, tdx_update_last(&stats), 0);
	KUNIT_EXPECT_GE(test, stats.install_ns, each * num_online_cpus());
	upd_test_expect_alive(test);
}

/* An offline CPU could not install: -EBUSY before any SEAMCALL. */
static void upd_cpu_offline(struct kunit *test)
{
	struct upd_test_image *img;
	int cpu;
	u64 calls;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	cpu = cpumask_last(cpu_online_mask);
	KUNIT_ASSERT_GT(test, cpu, 0);
	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
	calls = upd_test_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), -EBUSY);
	KUNIT_EXPECT_EQ(test, upd_test_all_calls(), calls);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
}

static struct kunit_case upd_cases[] = {
	KUNIT_CASE(upd_seamldr_info),
	KUNIT_CASE(upd_full_update),
	KUNIT_CASE_PARAM(upd_fault, upd_faults_gen_params),
	KUNIT_CASE_PARAM(upd_bad_image, upd_images_gen_params),
	KUNIT_CASE(upd_null_image),
	KUNIT_CASE(upd_before_init),
	KUNIT_CASE(upd_after_init_failure),
	KUNIT_CASE(upd_no_updates_left),
	KUNIT_CASE(upd_not_preserving),
	KUNIT_CASE(upd_vmcs_erratum),
	KUNIT_CASE(upd_compat_sensitive),
	KUNIT_CASE(upd_no_compat_bit),
	KUNIT_CASE(upd_with_guest_keyids),
	KUNIT_CASE(upd_racing_updates),
	KUNIT_CASE_SLOW(upd_cpu_hotplug),
	KUNIT_CASE_SLOW(upd_cpu_offline),
	KUNIT_CASE_SLOW(upd_timeout),
	KUNIT_CASE_SLOW(upd_many_slow_installs),
	{}
};

static struct kunit_suite upd_suite = {
	.name = "tdx_update",
	.init = upd_test_init,
	.exit = upd_test_exit,
	.test_cases = upd_cases,
};

kunit_test_suites(&upd_suite);
