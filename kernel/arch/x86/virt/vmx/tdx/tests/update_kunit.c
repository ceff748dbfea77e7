// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of runtime TDX module updates, run against the software
 * model of the TDX module and P-SEAMLDR.
 *
 * Suite "tdx_update": image checks, the checks made before the CPUs stop,
 * the update on all CPUs, failures injected at every step on the first, a
 * middle and the last CPU, and updates racing with each other and with
 * CPU hotplug.  The fault sweep (sweep.c) fails every SEAMCALL of an
 * update with every status its leaf can return.  Mutated images
 * (truncated, header fields flipped, counts at and past their limits,
 * reserved bytes set, lengths off by a page, random byte flips from a
 * fixed-seed generator), in both formats, Intel's blob (0x100) and
 * mainline's tdx_image (0x200), go through seamldr_parse_image(), the
 * parser tdx_module_update() uses; each must be rejected with the errno the
 * image format rules give, and a sample goes through tdx_module_update()
 * with an initialized module, which must come out unchanged.  A table of
 * hand-picked images is kept as regression input.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/cleanup.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/sizes.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>

#include "../model/model.h"
#include "helpers.h"
#include "stress.h"
#include "sweep.h"
#include "../seamcall.h"
#include "../seamldr.h"
#include "../tdx.h"

/* Module pages in the images the tests build. */
#define UPD_TEST_MODULE_PAGES	3

/**
 * struct upd_test_image - An update image built by a test
 * @data:	the image
 * @len:	its length
 * @hdr:	its header
 * @sig:	its sigstruct
 * @mod:	the model module header in its first module page
 */
struct upd_test_image {
	void *data;
	size_t len;
	struct tdx_image_header *hdr;
	struct seam_sigstruct *sig;
	struct tdx_model_module_header *mod;
};

/* ----- Helpers ----- */

/*
 * Start the model with @cfg (NULL: the defaults), detect the platform
 * and enable every CPU; with @init also initialize the module.
 */
static void upd_test_begin(struct kunit *test,
			   const struct tdx_model_config *cfg, bool init)
{
	tdxt_begin(test, cfg);
	tdxt_enable_cpus(test);
	if (init)
		KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
}

/* An update image of the module @mod. */
static struct upd_test_image *
upd_test_image_of(struct kunit *test, const struct tdx_model_module *mod)
{
	struct upd_test_image *img;

	img = kunit_kzalloc(test, sizeof(*img), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img);
	img->len = (2 + UPD_TEST_MODULE_PAGES) * PAGE_SIZE;
	img->data = kunit_kzalloc(test, img->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img->data);

	KUNIT_ASSERT_EQ(test, tdx_model_build_image(img->data, mod,
						    UPD_TEST_MODULE_PAGES), 0);
	img->hdr = img->data;
	img->sig = tdx_model_image_sigstruct(img->data);
	img->mod = tdx_model_image_module(img->data);
	return img;
}

/* An image of the running module with the update version raised by one. */
static struct upd_test_image *upd_test_image(struct kunit *test)
{
	struct tdx_model_module next;

	tdx_model_next_module(&next);
	return upd_test_image_of(test, &next);
}

static int upd_test_update(const struct upd_test_image *img)
{
	return tdx_module_update(img->data, img->len);
}

/*
 * TDH.SYS.SHUTDOWN calls of one update: the kernel asks with RCX bit 16
 * first, and modules before 2.0.14 refuse it (F9.3), so it asks again.
 */
static unsigned int upd_test_shutdown_calls(void)
{
	struct tdx_model_module mod;

	tdx_model_get_module(&mod);
	return mod.shutdown_compat ? 1 : 2;
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

	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_DEAD);
	KUNIT_EXPECT_EQ(test, err, -ENODEV);
	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());

	calls = tdxt_all_calls();
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -ENODEV);
	results = tdxt_enable_cpus(test);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, results[cpu], -ENODEV, "CPU %d", cpu);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
}

/* ----- Tests ----- */

/*
 * P-SEAMLDR out of entropy for a moment (F13.5): SEAMLDR.INFO is asked
 * again, for the sysfs reads as for the check before an update.
 */
static void upd_seamldr_info_no_entropy(struct kunit *test)
{
	struct tdx_seamldr_info info;
	u64 infos;

	upd_test_begin(test, NULL, true);
	infos = tdx_model_leaf_calls(P_SEAMLDR_INFO);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(P_SEAMLDR_INFO, TDX_MODEL_ANY_CPU,
					       1, 2, SEAMLDR_ENOENTROPY), 0);
	KUNIT_EXPECT_EQ(test, tdx_seamldr_get_info(&info), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INFO), infos + 3);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(P_SEAMLDR_INFO, TDX_MODEL_ANY_CPU,
					       1, 1, SEAMLDR_ENOENTROPY), 0);
	KUNIT_EXPECT_EQ(test, upd_test_update(upd_test_image(test)), 0);
}

/* SEAMLDR.INFO: the model's P-SEAMLDR identity and update budget. */
static void upd_seamldr_info(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct tdx_seamldr_info info;

	tdxt_default_config(&cfg);
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

/* Reserved pages between the sigstruct page and the module of a blob. */
static const unsigned int upd_blob_reserved_pages[] = { 0, 1 };

static void upd_blob_desc(const unsigned int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u_reserved_pages", *n);
}

KUNIT_ARRAY_PARAM(upd_blob, upd_blob_reserved_pages, upd_blob_desc);

/*
 * Intel's blob (0x100) updates the module like a tdx_image: every
 * published release has no reserved page, the format allows more.
 */
static void upd_blob_update(struct kunit *test)
{
	unsigned int n = *(const unsigned int *)test->param_value;
	struct tdx_model_module mod, before;
	struct tdx_blob_header *blob;
	struct upd_test_image *img;
	size_t len;
	u8 *data;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	tdx_model_get_module(&before);
	len = img->len + n * PAGE_SIZE;
	data = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, data);
	KUNIT_ASSERT_EQ(test, tdx_model_image_to_blob(img->data), 0);
	memcpy(data, img->data, 2 * PAGE_SIZE);
	memcpy(data + (2 + n) * PAGE_SIZE, img->data + 2 * PAGE_SIZE,
	       img->len - 2 * PAGE_SIZE);
	blob = (void *)data;
	blob->offset_of_module += n * PAGE_SIZE;
	blob->length = len;
	tdx_model_blob_fix_checksum(data);

	KUNIT_EXPECT_EQ(test, tdx_update_check_image(data, len), 0);
	KUNIT_ASSERT_EQ(test, tdx_module_update(data, len), 0);
	tdx_model_get_module(&mod);
	KUNIT_EXPECT_EQ(test, mod.update, before.update + 1);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->version.update, mod.update);
	upd_test_expect_alive(test);
}

/*
 * A full update on all CPUs: new version, each CPU installs once, in
 * order.  The model's default module is a published release, which
 * writes and accepts only handoff version 0 (F9.5).
 */
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
	KUNIT_EXPECT_EQ(test, mod.update, img->mod->module.update);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->version.update, mod.update);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->version.build_num, mod.build_num);
	KUNIT_EXPECT_EQ(test, tdx_model_remaining_updates(), remaining - 1);
	KUNIT_ASSERT_EQ(test, tdx_seamldr_get_info(&info), 0);
	KUNIT_EXPECT_EQ(test, info.num_remaining_updates, remaining - 1);

	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL),
			num_online_cpus());
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN),
			upd_test_shutdown_calls());
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
	  TDX_OPERAND_INVALID, SEAMLDR_STEP_SHUTDOWN, -EIO, false },
	/* Shutdown runs on the lead CPU only: a fault elsewhere never fires. */
	{ "shutdown_last", TDH_SYS_SHUTDOWN, UPD_CPU_LAST,
	  TDX_OPERAND_INVALID, SEAMLDR_STEP_SHUTDOWN, 0, false },
	/* Shutdown during a TD build: -EBUSY, old module keeps running. */
	{ "shutdown_compat_first", TDH_SYS_SHUTDOWN, UPD_CPU_FIRST,
	  TDX_UPDATE_COMPAT_SENSITIVE, SEAMLDR_STEP_SHUTDOWN, -EBUSY, false },
	/*
	 * Install failures (with RDX not 0: P-SEAMLDR did not put the old
	 * module back) lose it; the errno says what P-SEAMLDR refused.
	 */
	{ "install_first", P_SEAMLDR_INSTALL, UPD_CPU_FIRST, SEAMLDR_EBADPARAM,
	  SEAMLDR_STEP_CPU_INSTALL, -EINVAL, true },
	{ "install_middle", P_SEAMLDR_INSTALL, UPD_CPU_MIDDLE, SEAMLDR_ENOENTROPY,
	  SEAMLDR_STEP_CPU_INSTALL, -EAGAIN, true },
	/* The last CPU is also the last to acknowledge the install step. */
	{ "install_last", P_SEAMLDR_INSTALL, UPD_CPU_LAST, SEAMLDR_EBADSIG,
	  SEAMLDR_STEP_CPU_INSTALL, -EKEYREJECTED, true },
	/* Global init of the new module fails: dead. */
	{ "sys_init_any", TDH_SYS_INIT, UPD_CPU_ANY, TDX_SYS_INIT_NOT_PENDING,
	  SEAMLDR_STEP_CPU_INIT, -EIO, true },
	/* Per-CPU init fails: dead. */
	{ "lp_init_first", TDH_SYS_LP_INIT, UPD_CPU_FIRST,
	  TDX_SYS_LP_INIT_NOT_PENDING, SEAMLDR_STEP_CPU_INIT, -EIO, true },
	{ "lp_init_middle", TDH_SYS_LP_INIT, UPD_CPU_MIDDLE, TDX_INVALID_PKG_ID,
	  SEAMLDR_STEP_CPU_INIT, -EIO, true },
	{ "lp_init_last", TDH_SYS_LP_INIT, UPD_CPU_LAST,
	  TDX_SYS_LP_INIT_NOT_PENDING, SEAMLDR_STEP_CPU_INIT, -EIO, true },
	/* The new module rejects the handoff data: dead. */
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
				img->mod->module.update);
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
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
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
	calls = tdxt_all_calls();
	KUNIT_EXPECT_EQ(test, tdx_module_update(buf, img->len + c->len_delta),
			c->expected);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
	tdx_model_get_module(&after);
	KUNIT_EXPECT_EQ(test, after.update, before.update);
	upd_test_expect_alive(test);
}

/* ----- The pre-flight: what P-SEAMLDR would refuse, refused first ----- */

static void pre_header_type(struct upd_test_image *img)
{
	img->sig->header_type = 7;
}

static void pre_module_type(struct upd_test_image *img)
{
	img->sig->module_type |= BIT(0);
}

static void pre_vendor(struct upd_test_image *img)
{
	img->sig->module_vendor = 0x1022;
}

static void pre_exponent(struct upd_test_image *img)
{
	img->sig->exponent = 3;
}

static void pre_reserved(struct upd_test_image *img)
{
	img->sig->reserved0[40] = 1;
}

static void pre_attributes(struct upd_test_image *img)
{
	img->sig->attributes = BIT_ULL(63);
}

static void pre_cpuid_table_size(struct upd_test_image *img)
{
	img->sig->cpuid_table_size = SEAM_SIGSTRUCT_MAX_CPUIDS + 1;
}

static void pre_no_cpuid(struct upd_test_image *img)
{
	img->sig->cpuid_table_size = 0;
}

static void pre_hv_order(struct upd_test_image *img)
{
	img->sig->min_update_hv = img->sig->module_hv + 1;
}

static void pre_gdt_idt_alone(struct upd_test_image *img)
{
	img->sig->gdt_idt_offset = PAGE_SIZE;
}

static void pre_offsets_beyond(struct upd_test_image *img)
{
	img->sig->gdt_idt_offset = UPD_TEST_MODULE_PAGES * PAGE_SIZE;
	img->sig->fault_wrapper_offset = 64;
}

static void pre_other_key(struct upd_test_image *img)
{
	img->sig->modulus[100] ^= 1;
}

static void pre_bad_signature(struct upd_test_image *img)
{
	img->sig->signature[383] ^= 0x10;
}

static void pre_signed_byte(struct upd_test_image *img)
{
	img->sig->svn_minor++;
}

static void pre_module_page(struct upd_test_image *img)
{
	u8 *last = img->data + img->len - 1;

	*last ^= 1;
}

static void pre_debug(struct upd_test_image *img)
{
	img->sig->module_type |= SEAM_SIGSTRUCT_TYPE_DEBUG;
}

static void pre_major_svn(struct upd_test_image *img)
{
	img->sig->svn_major++;
}

static void pre_major_svn_zero(struct upd_test_image *img)
{
	img->sig->svn_major = 0;
}

/* The next module's SVN is one above the running module's. */
static void pre_minor_svn(struct upd_test_image *img)
{
	img->sig->svn_minor -= 2;
}

static void pre_other_cpu(struct upd_test_image *img)
{
	img->sig->cpuid_table[0] ^= 0x10;
	img->sig->cpuid_table_size = 1;
}

static void pre_other_stepping(struct upd_test_image *img)
{
	img->sig->cpuid_table[0] ^= 0x3;
	img->sig->cpuid_table_size = 1;
}

/* The new module takes only versions above the running module's. */
static void pre_handoff(struct upd_test_image *img)
{
	img->sig->min_update_hv = img->sig->module_hv + 1;
	img->sig->module_hv++;
	img->mod->module.min_update_hv = img->sig->min_update_hv;
	img->mod->module.module_hv = img->sig->module_hv;
}

/**
 * struct upd_pre_case - An image P-SEAMLDR or the new module would refuse
 * @desc:	case name
 * @edit:	what is wrong with it
 * @resign:	sign the image again after @edit, so that only it is wrong
 * @debug:	the platform runs debug modules
 * @check:	what tdx_update_check_image() returns: the image on its own
 * @update:	what tdx_module_update() returns
 * @seamldr:	what P-SEAMLDR would return after the shutdown (F13.5)
 */
struct upd_pre_case {
	const char *desc;
	void (*edit)(struct upd_test_image *img);
	bool resign;
	bool debug;
	int check;
	int update;
	u64 seamldr;
};

static const struct upd_pre_case upd_pre_cases[] = {
	/* Sigstruct fields (F13.6). */
	{ "header_type", pre_header_type, true, false, -EINVAL, -EINVAL,
	  SEAMLDR_EBADSIG },
	{ "module_type", pre_module_type, true, false, -EINVAL, -EINVAL,
	  SEAMLDR_EBADSIG },
	{ "vendor", pre_vendor, true, false, -EINVAL, -EINVAL, SEAMLDR_EBADSIG },
	{ "exponent", pre_exponent, true, false, -EINVAL, -EINVAL,
	  SEAMLDR_EBADSIG },
	{ "reserved", pre_reserved, true, false, -EINVAL, -EINVAL,
	  SEAMLDR_EBADSIG },
	{ "attributes", pre_attributes, true, false, -EINVAL, -EINVAL,
	  SEAMLDR_EBADSIG },
	{ "cpuid_table_size", pre_cpuid_table_size, true, false, -EINVAL,
	  -EINVAL, SEAMLDR_EBADSIG },
	{ "production_no_cpuid", pre_no_cpuid, true, false, -EINVAL, -EINVAL,
	  SEAMLDR_EBADSIG },
	{ "hv_order", pre_hv_order, true, false, -EINVAL, -EINVAL,
	  SEAMLDR_EBADSIG },
	{ "gdt_idt_alone", pre_gdt_idt_alone, true, false, -EINVAL, -EINVAL,
	  SEAMLDR_EBADSIG },
	{ "offsets_beyond_module", pre_offsets_beyond, true, false, -EINVAL,
	  -EINVAL, SEAMLDR_EBADSIG },
	/* Signing key, signature, hash. */
	{ "other_key", pre_other_key, false, false, -ENOKEY, -ENOKEY,
	  SEAMLDR_EBADSIG },
	{ "bad_signature", pre_bad_signature, false, false, -EKEYREJECTED,
	  -EKEYREJECTED, SEAMLDR_EBADSIG },
	{ "signed_byte_changed", pre_signed_byte, false, false, -EKEYREJECTED,
	  -EKEYREJECTED, SEAMLDR_EBADSIG },
	{ "module_page_changed", pre_module_page, false, false, -EBADMSG,
	  -EBADMSG, SEAMLDR_EBADHASH },
	/* Against the platform and the running module. */
	{ "debug_on_production", pre_debug, true, false, 0, -EPERM,
	  SEAMLDR_EBADSIG },
	{ "debug_on_debug", pre_debug, true, true, 0, 0, SEAMLDR_SUCCESS },
	{ "major_svn", pre_major_svn, true, false, 0, -EOPNOTSUPP,
	  SEAMLDR_EUNSUPPORTED },
	{ "major_svn_zero", pre_major_svn_zero, true, false, 0, -EOPNOTSUPP,
	  SEAMLDR_EUNSUPPORTED },
	{ "minor_svn_lower", pre_minor_svn, true, false, 0, -EPERM,
	  SEAMLDR_EBADSIG },
	{ "other_cpu", pre_other_cpu, true, false, 0, -EOPNOTSUPP,
	  SEAMLDR_EUNSUPCPU },
	{ "other_stepping", pre_other_stepping, true, false, 0, 0,
	  SEAMLDR_SUCCESS },
	{ "handoff_version", pre_handoff, true, false, 0, -EINVAL,
	  SEAMLDR_EBADHANDOFF },
};

/* A page-aligned copy of @len bytes at @src. */
static u64 upd_test_page_copy(struct kunit *test, const void *src, size_t len)
{
	void *page = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	memcpy(page, src, len);
	return virt_to_phys(page);
}

/*
 * What the model's P-SEAMLDR answers for @img with the kernel's checks
 * bypassed: the running module shut down, then SEAMLDR.INSTALL on every
 * CPU.  Returns the last CPU's status.
 */
static u64 upd_test_seamldr_verdict(struct kunit *test,
				    struct upd_test_image *img)
{
	struct tdx_module_args args = {};
	struct seamldr_params *params;
	struct tdx_model_module mod;
	unsigned int i;
	u64 rdx;

	params = kunit_kzalloc(test, sizeof(*params), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, params);
	params->scenario = SEAMLDR_SCENARIO_UPDATE;
	params->sigstruct_pa = upd_test_page_copy(test, img->sig, sizeof(*img->sig));
	params->num_module_pages = img->hdr->module_pages;
	for (i = 0; i < img->hdr->module_pages; i++)
		params->module_pages_pa[i] =
			upd_test_page_copy(test, img->data + (2 + i) * PAGE_SIZE,
					   PAGE_SIZE);

	tdx_model_get_module(&mod);
	args.rcx = mod.module_hv;
	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_SHUTDOWN, &args),
			TDX_SUCCESS);
	return tdxt_install_on_each_lp(virt_to_phys(params), &rdx);
}

static void upd_pre_case_desc(const struct upd_pre_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(upd_pre, upd_pre_cases, upd_pre_case_desc);

/*
 * Every image P-SEAMLDR would refuse after TDH.SYS.SHUTDOWN (F13.4-F13.6)
 * is refused before the CPUs stop, with the errno that says why: the
 * module is not shut down and keeps running.  Without the kernel's check
 * the model's P-SEAMLDR refuses it with @seamldr, after the shutdown.
 */
static void upd_preflight(struct kunit *test)
{
	const struct upd_pre_case *c = test->param_value;
	struct tdx_model_config cfg;
	struct upd_test_image *img;
	int err;

	tdxt_default_config(&cfg);
	cfg.debug_platform = c->debug;
	upd_test_begin(test, &cfg, true);
	img = upd_test_image(test);
	c->edit(img);
	if (c->resign)
		KUNIT_ASSERT_EQ(test, tdx_model_sign_image(img->data), 0);

	KUNIT_EXPECT_EQ(test, tdx_update_check_image(img->data, img->len),
			c->check);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), c->update);
	if (c->update) {
		KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), 0);
		KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL), 0);
	} else {
		KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_UPDATE), 1);
	}
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
	upd_test_expect_alive(test);

	/* The model's P-SEAMLDR agrees, but only once it is too late. */
	KUNIT_EXPECT_EQ(test, upd_test_seamldr_verdict(test, img), c->seamldr);
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
	calls = tdxt_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), -ENXIO);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
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
	err = tdxt_enable();
	KUNIT_ASSERT_LT(test, err, 0);
	img = upd_test_image(test);
	calls = tdxt_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), err);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
}

/* No updates left: -ENOSPC before any TDX module call. */
static void upd_no_updates_left(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct upd_test_image *img;

	tdxt_default_config(&cfg);
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

	tdxt_default_config(&cfg);
	cfg.module.features0 &= ~TDX_FEATURES0_TD_PRESERVING;
	upd_test_begin(test, &cfg, true);
	img = upd_test_image(test);
	calls = tdxt_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
}

/* CPUs with the P-SEAMLDR VMCS erratum: -EOPNOTSUPP, nothing called. */
static void upd_vmcs_erratum(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct upd_test_image *img;
	u64 calls;

	tdxt_default_config(&cfg);
	cfg.vmx_basic &= ~VMX_BASIC_SEAMRET_PRESERVES_VMCS;
	upd_test_begin(test, &cfg, true);
	img = upd_test_image(test);
	calls = tdxt_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
}

/*
 * A TD build in progress on a module that takes RCX bit 16 (2.0.14 on,
 * F9.2): -EBUSY, the old module runs; later it works.
 */
static void upd_compat_sensitive(struct kunit *test)
{
	struct tdx_update_stats stats;
	struct tdx_model_config cfg;
	struct upd_test_image *img;
	int err;

	KUNIT_ASSERT_EQ(test, tdx_model_profile_config(&cfg, "2.0.16"), 0);
	upd_test_begin(test, &cfg, true);
	img = upd_test_image(test);

	tdx_model_set_compat_sensitive(true);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), -EBUSY);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL), 0);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
	upd_test_expect_alive(test);
	KUNIT_ASSERT_EQ(test, tdx_update_last(&stats), 0);
	KUNIT_EXPECT_EQ(test, stats.result, -EBUSY);
	KUNIT_EXPECT_EQ(test, stats.to.update, stats.from.update);

	tdx_model_set_compat_sensitive(false);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), 0);
}

/*
 * Every published module compares the whole RCX of TDH.SYS.SHUTDOWN and
 * refuses bit 16 with OPERAND_INVALID|RCX, changing nothing (F9.1, F9.3;
 * none sets TDX_FEATURES0 bit 47, F9.4).  The kernel asks again without
 * the bit, and the update goes through even during a TD build, which
 * such a module cannot refuse.
 */
static void upd_compat_fallback(struct kunit *test)
{
	const unsigned int max = 64;
	struct tdx_model_trace_entry *trace;
	unsigned int i, len, nr = 0;
	u64 rcx[2] = {}, status[2] = {};

	trace = kunit_kcalloc(test, max, sizeof(*trace), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, trace);
	upd_test_begin(test, NULL, true);
	if (upd_test_shutdown_calls() == 1)
		kunit_skip(test, "this release takes RCX bit 16");
	tdx_model_set_compat_sensitive(true);
	tdx_model_trace_start(trace, max);
	KUNIT_EXPECT_EQ(test, upd_test_update(upd_test_image(test)), 0);
	len = min(tdx_model_trace_stop(), max);
	tdx_model_set_compat_sensitive(false);

	for (i = 0; i < len; i++) {
		if (trace[i].fn != TDH_SYS_SHUTDOWN || nr >= ARRAY_SIZE(rcx))
			continue;
		rcx[nr] = trace[i].rcx;
		status[nr++] = trace[i].status;
	}
	KUNIT_EXPECT_EQ(test, nr, 2);
	KUNIT_EXPECT_EQ(test, rcx[0], TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE);
	KUNIT_EXPECT_EQ(test, status[0], TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, rcx[1], 0);
	KUNIT_EXPECT_EQ(test, status[1], TDX_SUCCESS);
	upd_test_expect_alive(test);
}

/* The core reports what the running module reports. */
static void upd_test_expect_sysinfo(struct kunit *test,
				    const struct tdx_model_module *mod)
{
	const struct tdx_sys_info *si = tdx_get_sysinfo();

	KUNIT_ASSERT_NOT_NULL(test, si);
	KUNIT_EXPECT_EQ(test, si->features0, mod->features0);
	KUNIT_EXPECT_EQ(test, si->version.update, mod->update);
	KUNIT_EXPECT_EQ(test, si->version.build_num, mod->build_num);
}

/*
 * A chain old -> new -> newer of modules that differ in features and
 * handoff versions: after each update everything is read again from
 * the module that runs, and the next update shuts it down with the
 * handoff version it writes (F9.1), which the newest one requires.
 */
static void upd_refresh_chain(struct kunit *test)
{
	struct tdx_model_module next, newer;

	upd_test_begin(test, NULL, true);
	tdx_model_next_module(&next);
	/* A feature bit the kernel does not use, and handoff version 1. */
	next.features0 |= BIT_ULL(62);
	next.module_hv = 1;
	newer = next;
	newer.update++;
	newer.build_num++;
	newer.svn_minor++;
	newer.features0 &= ~BIT_ULL(62);
	newer.features0 |= BIT_ULL(61);
	newer.min_update_hv = 1;

	KUNIT_ASSERT_EQ(test, upd_test_update(upd_test_image_of(test, &next)), 0);
	upd_test_expect_sysinfo(test, &next);
	KUNIT_ASSERT_EQ(test, upd_test_update(upd_test_image_of(test, &newer)), 0);
	upd_test_expect_sysinfo(test, &newer);
	upd_test_expect_alive(test);
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
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN),
			2 * upd_test_shutdown_calls());
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
	tdx_model_get_module(&mod);
	KUNIT_EXPECT_EQ(test, mod.update, img->mod->module.update);
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
	results = tdxt_enable_cpus(test);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, results[cpu], 0, "CPU %d", cpu);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_LP_INIT), lp_inits);
	upd_test_expect_alive(test);
}

/*
 * The last CPU's SEAMLDR.INSTALL validates, copies and hashes the whole
 * module: give it longer than a stopped CPU waits for progress.
 */
#define UPD_TEST_SLOW_INSTALL_NS	(TDX_MODEL_STOP_WAIT_NS + NSEC_PER_SEC)

/*
 * A slow last install: the old module is shut down by then, so nobody
 * may give up waiting, and the update succeeds.
 */
static void upd_slow_install(struct kunit *test)
{
	struct seamldr_cpu_result res;
	struct tdx_update_stats stats;
	int cpu;

	upd_test_begin(test, NULL, true);
	tdx_model_set_install_time(UPD_TEST_SLOW_INSTALL_NS);
	KUNIT_EXPECT_EQ(test, upd_test_update(upd_test_image(test)), 0);
	tdx_model_set_install_time(0);

	for_each_online_cpu(cpu) {
		KUNIT_ASSERT_EQ(test, seamldr_last_cpu_result(cpu, &res), 0);
		KUNIT_EXPECT_EQ_MSG(test, res.outcome, SEAMLDR_CPU_OK, "CPU %d", cpu);
	}
	KUNIT_ASSERT_EQ(test, tdx_update_last(&stats), 0);
	KUNIT_EXPECT_GE(test, stats.install_ns, UPD_TEST_SLOW_INSTALL_NS);
	upd_test_expect_alive(test);
}

/*
 * A CPU that reaches the stop late, before the old module was shut
 * down: the others call the update off with -ETIMEDOUT and nothing
 * changes.
 */
static void upd_late_cpu(struct kunit *test)
{
	struct upd_test_image *img;
	u64 shutdowns;
	int err;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	shutdowns = tdx_model_leaf_calls(TDH_SYS_SHUTDOWN);

	tdx_model_make_late(cpumask_last(cpu_online_mask),
			    2 * TDX_MODEL_STOP_WAIT_NS);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), shutdowns);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL), 0);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
	upd_test_expect_alive(test);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), 0);
}

/*
 * kvm-intel not loaded: no CPU is in VMX operation.  The update and the
 * P-SEAMLDR query say so with -ENXIO and make no SEAMCALL, which would
 * raise #UD.
 */
static void upd_without_kvm(struct kunit *test)
{
	struct tdx_seamldr_info info;
	struct upd_test_image *img;
	u64 calls;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	tdxt_vmx_off(test);
	calls = tdxt_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), -ENXIO);
	KUNIT_EXPECT_EQ(test, tdx_seamldr_get_info(&info), -ENXIO);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
	KUNIT_EXPECT_EQ(test, tdx_model_vmx_faults(), 0);
}

/*
 * A CPU found outside VMX operation once all are stopped: refused
 * before TDH.SYS.SHUTDOWN, where SEAMLDR.INSTALL would have raised #UD
 * with the old module already gone.
 */
static void upd_cpu_left_vmx(struct kunit *test)
{
	struct seamldr_cpu_result res;
	struct upd_test_image *img;
	u64 shutdowns;
	int cpu, err;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	shutdowns = tdx_model_leaf_calls(TDH_SYS_SHUTDOWN);

	/* Another CPU than the one making the checks before the stop. */
	migrate_disable();
	cpu = cpumask_any_but(cpu_online_mask, smp_processor_id());
	tdx_model_set_vmx(cpu, false);
	err = upd_test_update(img);
	migrate_enable();
	KUNIT_EXPECT_EQ(test, err, -ENXIO);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), shutdowns);
	KUNIT_EXPECT_EQ(test, tdx_model_vmx_faults(), 0);
	KUNIT_ASSERT_EQ(test, seamldr_last_cpu_result(cpu, &res), 0);
	KUNIT_EXPECT_EQ(test, res.step, SEAMLDR_STEP_CHECK);
	KUNIT_EXPECT_EQ(test, res.err, -ENXIO);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);

	tdx_model_set_vmx(cpu, true);
	upd_test_expect_alive(test);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), 0);
}

/*
 * P-SEAMLDR out of entropy while it sets up the new module: transient,
 * and the old module is back (F13.5), so the round runs again.
 */
static void upd_seamldr_no_entropy(struct kunit *test)
{
	upd_test_begin(test, NULL, true);
	tdx_model_seamldr_no_entropy(2);
	KUNIT_EXPECT_EQ(test, upd_test_update(upd_test_image(test)), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL),
			3 * num_online_cpus());
	upd_test_expect_alive(test);
}

/*
 * The old module shut down, P-SEAMLDR put it back: every user is told
 * -ESHUTDOWN without a SEAMCALL, a CPU can still come online, and an
 * update with a good image takes the TDs over after all.
 */
static void upd_test_expect_shut_down(struct kunit *test,
				      const struct upd_test_image *good)
{
	int *results, err, cpu, keyid;
	u64 calls;

	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_SHUT_DOWN);
	KUNIT_EXPECT_EQ(test, err, -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_SHUTDOWN);
	KUNIT_EXPECT_NULL(test, tdx_get_sysinfo());
	calls = tdxt_all_calls();
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -ESHUTDOWN);
	results = tdxt_enable_cpus(test);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, results[cpu], -ESHUTDOWN, "CPU %d", cpu);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);

	keyid = tdx_guest_keyid_alloc();
	KUNIT_EXPECT_EQ(test, upd_test_update(good), 0);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->version.update,
			good->mod->module.update);
	upd_test_expect_alive(test);
	if (keyid > 0)
		tdx_guest_keyid_free(keyid);
}

/*
 * What P-SEAMLDR refuses after the shutdown and the kernel cannot see
 * before: a module too big for the SEAM range (F13.5: ENOMEM, RDX 0).
 */
static void upd_refused_install(struct kunit *test)
{
	struct upd_test_image *bad, *good;

	upd_test_begin(test, NULL, true);
	good = upd_test_image(test);
	bad = upd_test_image(test);
	bad->sig->num_global_data_pages = U16_MAX;
	KUNIT_ASSERT_EQ(test, tdx_model_sign_image(bad->data), 0);

	KUNIT_EXPECT_EQ(test, upd_test_update(bad), -ENOMEM);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_INIT), 1);
	upd_test_expect_shut_down(test, good);
}

/* P-SEAMLDR out of entropy round after round: the same, -EAGAIN. */
static void upd_no_entropy_at_all(struct kunit *test)
{
	struct upd_test_image *img;

	upd_test_begin(test, NULL, true);
	img = upd_test_image(test);
	tdx_model_seamldr_no_entropy(TDX_NO_ENTROPY_TRIES + 1);
	KUNIT_EXPECT_EQ(test, upd_test_update(img), -EAGAIN);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL),
			(TDX_NO_ENTROPY_TRIES + 1) * num_online_cpus());
	upd_test_expect_shut_down(test, img);
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
	each = TDX_MODEL_STOP_WAIT_NS * 3 / 2 / (num_online_cpus() - 1);
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
	calls = tdxt_all_calls();

	KUNIT_EXPECT_EQ(test, upd_test_update(img), -EBUSY);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
}

/* ----- Fault sweep ----- */

/**
 * struct sweep_image - An update image of the running module, one newer
 * @data:	the image
 * @len:	its length
 */
struct sweep_image {
	void *data;
	size_t len;
};

static void sweep_make_image(struct kunit *test, struct sweep_image *img)
{
	struct tdx_model_module next;

	img->len = (2 + SWEEP_MODULE_PAGES) * PAGE_SIZE;
	if (!img->data)
		img->data = kunit_kzalloc(test, img->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img->data);

	tdx_model_get_module(&next);
	next.update++;
	next.build_num++;
	KUNIT_ASSERT_EQ(test, tdx_model_build_image(img->data, &next,
						    SWEEP_MODULE_PAGES), 0);
}

/* An initialized module, from scratch. */
static void sweep_fresh_module(struct kunit *test)
{
	struct tdx_model_config cfg;

	sweep_start(test, &cfg);
	KUNIT_ASSERT_EQ(test, sweep_enable_cpus(test), 0);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
}

/**
 * struct sweep_update - State carried between the update sweep's runs
 * @img:	the image, rebuilt for the running module before each run
 * @alive:	the module from the last run can be updated again
 */
struct sweep_update {
	struct sweep_image img;
	bool alive;
};

/* The old module still serves every CPU. */
static void sweep_expect_alive(struct kunit *test,
			       const struct tdx_model_module *before)
{
	struct tdx_model_module now;
	struct tdx_module_args args;
	int cpu, err;

	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	tdx_model_get_module(&now);
	KUNIT_EXPECT_EQ(test, now.update, before->update);
	KUNIT_EXPECT_EQ(test, now.build_num, before->build_num);
	for_each_online_cpu(cpu) {
		args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAJOR_VERSION };
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(cpu, TDH_SYS_RD, &args),
				    TDX_SUCCESS, "CPU %d", cpu);
	}
}

/* The module is lost: -ENODEV everywhere, no SEAMCALL made. */
static void sweep_expect_dead(struct kunit *test, struct sweep_update *u)
{
	u64 calls = tdxt_all_calls();
	int err;

	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_DEAD);
	KUNIT_EXPECT_EQ(test, err, -ENODEV);
	KUNIT_EXPECT_EQ(test, tdxt_enable(), -ENODEV);
	KUNIT_EXPECT_EQ(test, sweep_enable_cpus(test), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdx_module_update(u->img.data, u->img.len), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdxt_all_calls(), calls);
}

/* Errnos tdx_module_update() documents for a failed update. */
static bool sweep_update_errno_documented(int ret)
{
	switch (ret) {
	case -ENXIO:
	case -ENODEV:
	case -EOPNOTSUPP:
	case -ENOSPC:
	case -EBUSY:
	case -ENOMEM:
	case -ETIMEDOUT:
	case -EIO:
	/* SEAMCALL failures: tdx_status_to_errno(), seamldr_status_to_errno() */
	case -EINVAL:
	case -EPERM:
	case -EKEYREJECTED:
	case -EBADMSG:
	case -EAGAIN:
	case -EACCES:
		return true;
	default:
		return false;
	}
}

/*
 * Failures the update recovers from by asking again: P-SEAMLDR out of
 * entropy, and a module that refuses RCX bit 16 of TDH.SYS.SHUTDOWN.
 */
static bool sweep_update_retried(const struct sweep_site *site,
				 const struct sweep_status *st)
{
	return (site->fn == P_SEAMLDR_INFO && st->status == SEAMLDR_ENOENTROPY) ||
	       (site->fn == TDH_SYS_SHUTDOWN &&
		st->status == (TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX));
}

static void sweep_update_one(struct kunit *test, const struct sweep_site *site,
			     const struct sweep_status *st, void *data)
{
	struct sweep_update *u = data;
	struct tdx_model_module before, now;
	int ret, err;

	if (!u->alive)
		sweep_fresh_module(test);
	tdx_model_get_module(&before);
	sweep_make_image(test, &u->img);

	KUNIT_ASSERT_EQ(test, tdx_model_inject(site->fn, TDX_MODEL_ANY_CPU,
					       site->nth, 1, st->status), 0);
	ret = tdx_module_update(u->img.data, u->img.len);
	/* A fault that did not fire must not linger into the next run. */
	tdx_model_clear_faults();
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);

	if (!ret) {
		/* The new module runs; the trace said this call was survivable. */
		KUNIT_EXPECT_TRUE(test, st->benign || site->fn == TDH_SYS_RD ||
				  sweep_update_retried(site, st));
		KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
		tdx_model_get_module(&now);
		KUNIT_EXPECT_EQ(test, now.update, before.update + 1);
		u->alive = true;
		return;
	}

	KUNIT_EXPECT_TRUE_MSG(test, sweep_update_errno_documented(ret),
			      "undocumented errno %d", ret);
	if (!site->late) {
		/* Refused before the point of no return: nothing changed. */
		sweep_expect_alive(test, &before);
		u->alive = tdx_module_state(&err) == TDX_MODULE_INITIALIZED &&
			   tdx_model_sys_state() == TDX_MODEL_SYS_READY;
		return;
	}

	sweep_expect_dead(test, u);
	u->alive = false;
}

/*
 * Every SEAMCALL of tdx_module_update(), failed with every status its
 * leaf can return: before TDH.SYS.SHUTDOWN the old module keeps running,
 * after it the module is lost, with the errno of the failed call.
 */
static void upd_sweep(struct kunit *test)
{
	struct tdx_model_trace_entry *trace;
	struct sweep_update u = {};
	struct sweep_plan plan = {};
	unsigned int len;

	trace = kunit_kcalloc(test, SWEEP_TRACE_MAX, sizeof(*trace), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, trace);

	sweep_fresh_module(test);
	sweep_make_image(test, &u.img);
	tdx_model_trace_start(trace, SWEEP_TRACE_MAX);
	KUNIT_ASSERT_EQ(test, tdx_module_update(u.img.data, u.img.len), 0);
	len = tdx_model_trace_stop();
	KUNIT_ASSERT_LE(test, len, SWEEP_TRACE_MAX);
	KUNIT_ASSERT_GT(test, len, 0);
	u.alive = true;

	sweep_plan_trace(test, &plan, trace, len, TDH_SYS_SHUTDOWN);
	sweep_run(test, &plan, sweep_update_one, &u);
	sweep_report(test, "update", &plan);
	KUNIT_EXPECT_EQ(test, plan.nr_tried, plan.nr_total);
}

/* ----- Image fuzzing ----- */

#define FUZZ_ITERATIONS		10000
#define FUZZ_SEED		0x7d5b10bULL
/* Every this many images one also goes through tdx_module_update(). */
#define FUZZ_UPDATE_EVERY	100
/* The images: header, sigstruct page, one module page. */
#define FUZZ_PAGES		3
#define FUZZ_LEN		(FUZZ_PAGES * PAGE_SIZE)
/* The buffer: room for a page and a byte more than the image. */
#define FUZZ_BUF		(FUZZ_LEN + PAGE_SIZE + 1)
/* Bytes of the headers before their reserved areas. */
#define FUZZ_HDR_FIELDS		offsetof(struct tdx_image_header, reserved)
#define FUZZ_BLOB_FIELDS	offsetof(struct tdx_blob_header, reserved0)

/* The errnos seamldr_parse_image() documents. */
static const int fuzz_errnos[] = {
	0, -ENODATA, -ENOEXEC, -EPROTONOSUPPORT, -EPROTO, -EINVAL, -EFBIG,
	-EMSGSIZE, -EBADMSG,
};

/**
 * struct fuzz_ctx - One fuzzing run
 * @image:	the image being mutated, FUZZ_BUF bytes
 * @pristine:	the well-formed image it is restored from
 * @blob:	the images are Intel's blobs (0x100), not tdx_images
 * @rnd:	the generator
 * @hist:	how often each entry of fuzz_errnos[] came back
 * @nr:		images tried
 */
struct fuzz_ctx {
	u8 *image;
	u8 *pristine;
	bool blob;
	struct rnd_state rnd;
	unsigned int hist[ARRAY_SIZE(fuzz_errnos)];
	unsigned int nr;
};

/*
 * The image format rules (tdx-abi.md section 8), written from the
 * rules, not from the code.
 */
static u32 fuzz_le(const u8 *p, unsigned int bytes)
{
	u32 v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

static int fuzz_expected_tdx_image(const u8 *image, size_t len)
{
	u32 sigstruct_pages = fuzz_le(image + 12, 4);
	u32 module_pages = fuzz_le(image + 16, 4);
	unsigned int i;

	for (i = 20; i < 4096; i++) {
		if (image[i])
			return -EPROTO;
	}
	if (sigstruct_pages != 1 || module_pages == 0)
		return -EINVAL;
	if (module_pages > 496)
		return -EFBIG;
	if ((u64)len != ((u64)module_pages + 2) * 4096)
		return -EMSGSIZE;
	return 0;
}

static int fuzz_expected_blob(const u8 *image, size_t len)
{
	u32 offset = fuzz_le(image + 4, 4);
	u32 sum = 0;
	size_t i;

	if (fuzz_le(image + 16, 4) != len)
		return -EMSGSIZE;
	for (i = 0; i < len; i++)
		sum += (i & 1) ? image[i] << 8 : image[i];
	if (sum & 0xffff)
		return -EBADMSG;
	for (i = 20; i < 4096; i++) {
		if (image[i])
			return -EPROTO;
	}
	if (offset < 8192 || offset % 4096 || offset > len)
		return -EINVAL;
	if ((len - offset) % 4096 || len == offset)
		return -EINVAL;
	if ((len - offset) / 4096 > 496)
		return -EFBIG;
	for (i = 4096 + 2048; i < offset; i++) {
		if (image[i])
			return -EPROTO;
	}
	return 0;
}

static int fuzz_expected(const u8 *image, size_t len)
{
	u32 version;

	if (len < 4096)
		return -ENODATA;
	version = fuzz_le(image, 2);
	if (!memcmp(image + 8, "TDX-BLOB", 8))
		return version == 0x100 ? fuzz_expected_blob(image, len) :
					  -EPROTONOSUPPORT;
	if (!memcmp(image + 4, "TDX-BLOB", 8))
		return version == 0x200 ? fuzz_expected_tdx_image(image, len) :
					  -EPROTONOSUPPORT;
	return -ENOEXEC;
}

static void fuzz_reset(struct fuzz_ctx *f)
{
	memcpy(f->image, f->pristine, FUZZ_BUF);
}

/* Check one image: the parser agrees with the rules; count the result. */
static int fuzz_check(struct kunit *test, struct fuzz_ctx *f, size_t len,
		      const char *what)
{
	struct seamldr_image_parts parts;
	int ret = seamldr_parse_image(f->image, len, &parts);
	unsigned int i;

	KUNIT_EXPECT_EQ_MSG(test, ret, fuzz_expected(f->image, len),
			    "%s, image %u, len %zu", what, f->nr, len);
	if (!ret) {
		/* The parts lie inside the image. */
		KUNIT_EXPECT_PTR_EQ(test, parts.sigstruct_page,
				    (const void *)f->image + PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, (u8 *)parts.module - f->image +
				(size_t)parts.nr_module_pages * PAGE_SIZE, len);
	}
	for (i = 0; i < ARRAY_SIZE(fuzz_errnos); i++) {
		if (fuzz_errnos[i] == ret)
			break;
	}
	KUNIT_EXPECT_LT_MSG(test, i, ARRAY_SIZE(fuzz_errnos),
			    "undocumented errno %d", ret);
	if (i < ARRAY_SIZE(fuzz_errnos))
		f->hist[i]++;
	f->nr++;
	return ret;
}

static void fuzz_build(struct fuzz_ctx *f)
{
	struct tdx_image_header *hdr = (void *)f->pristine;

	memset(f->pristine, 0, FUZZ_BUF);
	hdr->version = TDX_IMAGE_VERSION;
	memcpy(hdr->signature, TDX_IMAGE_SIGNATURE, sizeof(hdr->signature));
	hdr->sigstruct_pages = 1;
	hdr->module_pages = FUZZ_PAGES - 2;
	/* A sigstruct, the zeros after it, the module. */
	memset(f->pristine + PAGE_SIZE, 0xa5, SEAM_SIGSTRUCT_SIZE);
	memset(f->pristine + 2 * PAGE_SIZE, 0x5a, FUZZ_LEN - 2 * PAGE_SIZE);
	if (f->blob)
		tdx_model_image_to_blob(f->pristine);
	memcpy(f->image, f->pristine, FUZZ_BUF);
}

static struct fuzz_ctx *fuzz_alloc(struct kunit *test, bool blob)
{
	struct fuzz_ctx *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->image = kunit_kzalloc(test, FUZZ_BUF, GFP_KERNEL);
	f->pristine = kunit_kzalloc(test, FUZZ_BUF, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->image);
	KUNIT_ASSERT_NOT_NULL(test, f->pristine);
	f->blob = blob;
	prandom_seed_state(&f->rnd, FUZZ_SEED);
	fuzz_build(f);
	return f;
}

/* Interesting values for a 32-bit count. */
static const u32 fuzz_counts[] = {
	0, 1, 2, 3, 495, 496, 497, 0x7fffffff, 0x80000000, 0xfffffffe,
	0xffffffff,
};

/* Interesting values for a blob's module offset and length fields. */
static const u32 fuzz_blob_values[] = {
	0, 1, 4095, 4096, 6144, 8191, 8192, 8193, 12288, 12289, 16384,
	FUZZ_LEN - 1, FUZZ_LEN + 1, FUZZ_LEN + PAGE_SIZE, 0x7fffffff,
	0xffffffff,
};

static u32 fuzz_pick(struct fuzz_ctx *f, const u32 *values, unsigned int nr)
{
	return values[prandom_u32_state(&f->rnd) % nr];
}

/* Lengths around the ones that matter, in pages and bytes. */
static size_t fuzz_len(struct fuzz_ctx *f)
{
	const struct tdx_image_header *hdr = (const void *)f->image;
	size_t pages = f->blob ? FUZZ_PAGES : (size_t)hdr->module_pages + 2;
	size_t len;

	switch (prandom_u32_state(&f->rnd) % 8) {
	case 0:
		len = prandom_u32_state(&f->rnd) % (PAGE_SIZE + 2);
		break;
	case 1:
		len = (pages - 1) * PAGE_SIZE;
		break;
	case 2:
		len = (pages + 1) * PAGE_SIZE;
		break;
	case 3:
		len = pages * PAGE_SIZE + 1;
		break;
	case 4:
		len = pages * PAGE_SIZE - 1;
		break;
	case 5:
		len = prandom_u32_state(&f->rnd) % (FUZZ_LEN + 1);
		break;
	default:
		return FUZZ_LEN;
	}
	/* A blob's length is read in full: it must fit the buffer. */
	return f->blob ? min_t(size_t, len, FUZZ_BUF) : len;
}

/* Random bit flips, mostly in the fields before @fields. */
static void fuzz_flip(struct fuzz_ctx *f, unsigned int fields, unsigned int span)
{
	unsigned int flips = 1 + prandom_u32_state(&f->rnd) % 4, i;

	for (i = 0; i < flips; i++) {
		u32 at = prandom_u32_state(&f->rnd);

		at %= (at & 1) ? fields : span;
		f->image[at] ^= BIT(prandom_u32_state(&f->rnd) % 8);
	}
}

/* A version one bit off @good, or any 16-bit value. */
static u16 fuzz_version(struct fuzz_ctx *f, u16 good)
{
	return prandom_u32_state(&f->rnd) & 1 ?
	       good ^ BIT(prandom_u32_state(&f->rnd) % 16) :
	       prandom_u32_state(&f->rnd);
}

/* One bit of the "TDX-BLOB" signature flipped. */
static void fuzz_flip_signature(struct fuzz_ctx *f, u8 *signature)
{
	signature[prandom_u32_state(&f->rnd) % 8] ^=
		BIT(prandom_u32_state(&f->rnd) % 8);
}

/* One random mutation of a tdx_image header. */
static void fuzz_mutate_tdx_image(struct fuzz_ctx *f)
{
	struct tdx_image_header *hdr = (void *)f->image;
	u32 r = prandom_u32_state(&f->rnd);

	switch (r % 8) {
	case 0:
		hdr->version = fuzz_version(f, TDX_IMAGE_VERSION);
		break;
	case 1:
		fuzz_flip_signature(f, hdr->signature);
		break;
	case 2:
		hdr->sigstruct_pages = fuzz_pick(f, fuzz_counts, ARRAY_SIZE(fuzz_counts));
		break;
	case 3:
		hdr->module_pages = fuzz_pick(f, fuzz_counts, ARRAY_SIZE(fuzz_counts));
		break;
	case 4:
		hdr->reserved[prandom_u32_state(&f->rnd) % sizeof(hdr->reserved)] =
			prandom_u32_state(&f->rnd) | 1;
		break;
	case 5:
		/* Mainline never reads the checksum: any value is fine. */
		hdr->checksum = prandom_u32_state(&f->rnd);
		break;
	default:
		fuzz_flip(f, FUZZ_HDR_FIELDS, PAGE_SIZE);
		break;
	}
}

/*
 * One random mutation of a blob; most are followed by a checksum that
 * matches again, so that the checks after the checksum's are reached.
 */
static void fuzz_mutate_blob(struct fuzz_ctx *f)
{
	struct tdx_blob_header *hdr = (void *)f->image;
	u32 r = prandom_u32_state(&f->rnd);

	switch (r % 10) {
	case 0:
		hdr->version = fuzz_version(f, TDX_BLOB_VERSION);
		break;
	case 1:
		fuzz_flip_signature(f, hdr->signature);
		break;
	case 2:
		hdr->offset_of_module = fuzz_pick(f, fuzz_blob_values,
						  ARRAY_SIZE(fuzz_blob_values));
		break;
	case 3:
		hdr->length = fuzz_pick(f, fuzz_blob_values,
					ARRAY_SIZE(fuzz_blob_values));
		break;
	case 4:
		f->image[FUZZ_BLOB_FIELDS + prandom_u32_state(&f->rnd) %
			 (PAGE_SIZE - FUZZ_BLOB_FIELDS)] = prandom_u32_state(&f->rnd) | 1;
		break;
	case 5:
		/* A byte in the zeros after the sigstruct. */
		f->image[PAGE_SIZE + SEAM_SIGSTRUCT_SIZE + prandom_u32_state(&f->rnd) %
			 (PAGE_SIZE - SEAM_SIGSTRUCT_SIZE)] ^= 0x10;
		break;
	case 6:
		hdr->checksum = prandom_u32_state(&f->rnd);
		return;
	default:
		fuzz_flip(f, FUZZ_BLOB_FIELDS, FUZZ_LEN);
		break;
	}
	if (prandom_u32_state(&f->rnd) % 4 && hdr->length <= FUZZ_BUF)
		tdx_model_blob_fix_checksum(f->image);
}

static void fuzz_mutate(struct fuzz_ctx *f)
{
	if (f->blob)
		fuzz_mutate_blob(f);
	else
		fuzz_mutate_tdx_image(f);
}

static void fuzz_report(struct kunit *test, const struct fuzz_ctx *f,
			const char *what)
{
	kunit_info(test,
		   "fuzz: %s (%s): %u images: ok %u, ENODATA %u, ENOEXEC %u, EPROTONOSUPPORT %u, EPROTO %u, EINVAL %u, EFBIG %u, EMSGSIZE %u, EBADMSG %u\n",
		   what, f->blob ? "blob 0x100" : "tdx_image 0x200", f->nr,
		   f->hist[0], f->hist[1], f->hist[2], f->hist[3], f->hist[4],
		   f->hist[5], f->hist[6], f->hist[7], f->hist[8]);
}

/* ----- Tests ----- */

/**
 * struct fuzz_corpus - A hand-picked image
 * @desc:	what it is
 * @blob:	built as Intel's blob (0x100), not as a tdx_image
 * @offset:	header byte to overwrite
 * @bytes:	how many bytes (0: none)
 * @value:	their value, little-endian
 * @len:	length of the image handed to the parser
 * @expected:	what the parser returns
 * @len_field:	a blob's length field, if not 0
 *
 * A blob's checksum is made right after the overwrite unless the case
 * overwrites the checksum itself.
 */
struct fuzz_corpus {
	const char *desc;
	bool blob;
	unsigned int offset;
	unsigned int bytes;
	u64 value;
	size_t len;
	int expected;
	u32 len_field;
};

#define HDR_OFF(f)	offsetof(struct tdx_image_header, f)
#define BLOB_OFF(f)	offsetof(struct tdx_blob_header, f)

static const struct fuzz_corpus fuzz_corpus[] = {
	{ "well formed", false, 0, 0, 0, FUZZ_LEN, 0 },
	{ "empty", false, 0, 0, 0, 0, -ENODATA },
	{ "header minus one", false, 0, 0, 0, PAGE_SIZE - 1, -ENODATA },
	{ "header only", false, 0, 0, 0, PAGE_SIZE, -EMSGSIZE },
	{ "one page short", false, 0, 0, 0, FUZZ_LEN - PAGE_SIZE, -EMSGSIZE },
	{ "one byte short", false, 0, 0, 0, FUZZ_LEN - 1, -EMSGSIZE },
	{ "one byte long", false, 0, 0, 0, FUZZ_LEN + 1, -EMSGSIZE },
	{ "one page long", false, 0, 0, 0, FUZZ_LEN + PAGE_SIZE, -EMSGSIZE },
	{ "version 0x100", false, HDR_OFF(version), 2, 0x100, FUZZ_LEN,
	  -EPROTONOSUPPORT },
	{ "version 0x201", false, HDR_OFF(version), 2, 0x201, FUZZ_LEN,
	  -EPROTONOSUPPORT },
	{ "version 0x0", false, HDR_OFF(version), 2, 0, FUZZ_LEN, -EPROTONOSUPPORT },
	{ "lower-case signature", false, HDR_OFF(signature), 1, 't', FUZZ_LEN,
	  -ENOEXEC },
	{ "signature NUL-terminated early", false, HDR_OFF(signature) + 7, 1, 0,
	  FUZZ_LEN, -ENOEXEC },
	{ "short header before bad signature", false, HDR_OFF(signature), 1, 'X',
	  PAGE_SIZE - 1, -ENODATA },
	{ "checksum ignored", false, HDR_OFF(checksum), 2, 0xffff, FUZZ_LEN, 0 },
	{ "no sigstruct", false, HDR_OFF(sigstruct_pages), 4, 0, FUZZ_LEN, -EINVAL },
	{ "two sigstructs", false, HDR_OFF(sigstruct_pages), 4, 2,
	  FUZZ_LEN + PAGE_SIZE, -EINVAL },
	{ "sigstruct count wraps", false, HDR_OFF(sigstruct_pages), 4, 0xffffffff,
	  FUZZ_LEN, -EINVAL },
	{ "no module pages", false, HDR_OFF(module_pages), 4, 0, 2 * PAGE_SIZE,
	  -EINVAL },
	{ "496 module pages, short", false, HDR_OFF(module_pages), 4, 496,
	  FUZZ_LEN, -EMSGSIZE },
	{ "496 module pages, exact", false, HDR_OFF(module_pages), 4, 496,
	  498 * PAGE_SIZE, 0 },
	{ "497 module pages", false, HDR_OFF(module_pages), 4, 497,
	  499 * PAGE_SIZE, -EFBIG },
	{ "module count that would wrap a 32-bit size", false,
	  HDR_OFF(module_pages), 4, 0xfffff, FUZZ_LEN, -EFBIG },
	{ "module count 2^32-1", false, HDR_OFF(module_pages), 4, 0xffffffff,
	  FUZZ_LEN, -EFBIG },
	{ "first reserved byte", false, HDR_OFF(reserved), 1, 1, FUZZ_LEN, -EPROTO },
	{ "last reserved byte", false, PAGE_SIZE - 1, 1, 0x80, FUZZ_LEN, -EPROTO },
	{ "empty image with a reserved byte set", false, PAGE_SIZE - 1, 1, 1, 0,
	  -ENODATA },
	/* Intel's blob, version 0x100. */
	{ "blob well formed", true, 0, 0, 0, FUZZ_LEN, 0 },
	{ "blob header minus one", true, 0, 0, 0, PAGE_SIZE - 1, -ENODATA },
	{ "blob lower-case signature", true, BLOB_OFF(signature), 1, 't',
	  FUZZ_LEN, -ENOEXEC },
	{ "blob version 0x101", true, BLOB_OFF(version), 2, 0x101, FUZZ_LEN,
	  -EPROTONOSUPPORT },
	{ "blob version 0x200", true, BLOB_OFF(version), 2, 0x200, FUZZ_LEN,
	  -EPROTONOSUPPORT },
	{ "blob one page short", true, 0, 0, 0, FUZZ_LEN - PAGE_SIZE, -EMSGSIZE },
	{ "blob one byte long", true, 0, 0, 0, FUZZ_LEN + 1, -EMSGSIZE },
	{ "blob length field one less", true, BLOB_OFF(length), 4, FUZZ_LEN - 1,
	  FUZZ_LEN, -EMSGSIZE },
	{ "blob checksum off by one", true, BLOB_OFF(checksum), 2, 0, FUZZ_LEN,
	  -EBADMSG },
	{ "blob first reserved byte", true, BLOB_OFF(reserved0), 1, 1, FUZZ_LEN,
	  -EPROTO },
	{ "blob last reserved byte", true, PAGE_SIZE - 1, 1, 0x80, FUZZ_LEN,
	  -EPROTO },
	{ "blob module at 4 KiB", true, BLOB_OFF(offset_of_module), 4, 4096,
	  FUZZ_LEN, -EINVAL },
	{ "blob module at 8 KiB + 1", true, BLOB_OFF(offset_of_module), 4, 8193,
	  FUZZ_LEN, -EINVAL },
	{ "blob module at 0", true, BLOB_OFF(offset_of_module), 4, 0, FUZZ_LEN,
	  -EINVAL },
	{ "blob module past the end", true, BLOB_OFF(offset_of_module), 4,
	  FUZZ_LEN + PAGE_SIZE, FUZZ_LEN, -EINVAL },
	{ "blob without module pages", true, BLOB_OFF(offset_of_module), 4,
	  FUZZ_LEN, FUZZ_LEN, -EINVAL },
	{ "blob with a reserved page not zero", true, BLOB_OFF(offset_of_module),
	  4, FUZZ_LEN, FUZZ_LEN + PAGE_SIZE, -EPROTO, FUZZ_LEN + PAGE_SIZE },
	{ "blob byte after the sigstruct", true, PAGE_SIZE + SEAM_SIGSTRUCT_SIZE,
	  1, 1, FUZZ_LEN, -EPROTO },
	{ "blob module not whole pages", true, 0, 0, 0, FUZZ_LEN + 1, -EINVAL,
	  FUZZ_LEN + 1 },
};

static void fuzz_corpus_desc(const struct fuzz_corpus *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fuzz_corpus, fuzz_corpus, fuzz_corpus_desc);

/* The regression inputs: each gives its recorded errno. */
static void upd_fuzz_regression(struct kunit *test)
{
	const struct fuzz_corpus *c = test->param_value;
	struct fuzz_ctx *f = fuzz_alloc(test, c->blob);
	struct seamldr_image_parts parts;
	unsigned int i;

	if (c->len_field)
		((struct tdx_blob_header *)f->image)->length = c->len_field;
	for (i = 0; i < c->bytes; i++)
		f->image[c->offset + i] = c->value >> (8 * i);
	if (c->blob && c->offset != BLOB_OFF(checksum))
		tdx_model_blob_fix_checksum(f->image);
	else if (c->blob)
		/* One more than the checksum that makes the sum 0. */
		((struct tdx_blob_header *)f->image)->checksum =
			((struct tdx_blob_header *)f->pristine)->checksum + 1;
	/* A tdx_image's header only is read: its length may exceed the buffer. */
	KUNIT_ASSERT_TRUE(test, !c->blob || c->len <= FUZZ_BUF);
	KUNIT_EXPECT_EQ(test, seamldr_parse_image(f->image, c->len, &parts),
			c->expected);
	KUNIT_EXPECT_EQ(test, fuzz_expected(f->image, c->len), c->expected);
}

/* No image at all. */
static void upd_fuzz_null(struct kunit *test)
{
	struct seamldr_image_parts parts;

	KUNIT_EXPECT_EQ(test, seamldr_parse_image(NULL, 0, &parts), -ENODATA);
	KUNIT_EXPECT_EQ(test, seamldr_parse_image(NULL, FUZZ_LEN, &parts),
			-ENODATA);
}

/* Image lengths in pages that sit at the limits. */
static const size_t fuzz_len_pages[] = { 0, 1, 2, 3, 4, 5, 497, 498, 499 };

/* Each pair of interesting counts, at each length around the limits. */
static void upd_fuzz_counts_exhaustive(struct kunit *test)
{
	struct fuzz_ctx *f = fuzz_alloc(test, false);
	struct tdx_image_header *hdr = (void *)f->image;
	unsigned int s, m, l;
	size_t len;

	for (s = 0; s < ARRAY_SIZE(fuzz_counts); s++) {
		for (m = 0; m < ARRAY_SIZE(fuzz_counts); m++) {
			fuzz_reset(f);
			hdr->sigstruct_pages = fuzz_counts[s];
			hdr->module_pages = fuzz_counts[m];
			for (l = 0; l < ARRAY_SIZE(fuzz_len_pages); l++) {
				len = fuzz_len_pages[l] * PAGE_SIZE;
				if (len)
					fuzz_check(test, f, len - 1, "counts");
				fuzz_check(test, f, len, "counts");
				fuzz_check(test, f, len + 1, "counts");
			}
		}
	}
	fuzz_report(test, f, "counts");
}

/*
 * Each pair of interesting module offsets and length fields of a blob,
 * at each length that fits the buffer, checksum right.
 */
static void upd_fuzz_blob_limits(struct kunit *test)
{
	struct fuzz_ctx *f = fuzz_alloc(test, true);
	struct tdx_blob_header *hdr = (void *)f->image;
	unsigned int o, l;

	for (o = 0; o < ARRAY_SIZE(fuzz_blob_values); o++) {
		for (l = 0; l < ARRAY_SIZE(fuzz_blob_values); l++) {
			u32 len = fuzz_blob_values[l];

			if (len > FUZZ_BUF)
				continue;
			fuzz_reset(f);
			hdr->offset_of_module = fuzz_blob_values[o];
			hdr->length = len;
			tdx_model_blob_fix_checksum(f->image);
			fuzz_check(test, f, len, "blob limits");
			if (len)
				fuzz_check(test, f, len - 1, "blob limits");
		}
	}
	fuzz_report(test, f, "blob limits");
}

static void fuzz_vfree(void *p)
{
	vfree(p);
}

/* Blobs of 496 module pages are taken, of 497 refused with -EFBIG. */
static void upd_fuzz_blob_size_limit(struct kunit *test)
{
	const size_t len = (2 + TDX_IMAGE_MAX_MODULE_PAGES + 1) * PAGE_SIZE;
	struct seamldr_image_parts parts;
	struct tdx_image_header *hdr;
	u8 *image = vzalloc(len);

	KUNIT_ASSERT_NOT_NULL(test, image);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fuzz_vfree, image), 0);
	hdr = (void *)image;
	hdr->version = TDX_IMAGE_VERSION;
	memcpy(hdr->signature, TDX_IMAGE_SIGNATURE, sizeof(hdr->signature));
	hdr->sigstruct_pages = 1;
	hdr->module_pages = TDX_IMAGE_MAX_MODULE_PAGES;
	KUNIT_ASSERT_EQ(test, tdx_model_image_to_blob(image), 0);
	KUNIT_EXPECT_EQ(test, seamldr_parse_image(image, len - PAGE_SIZE, &parts), 0);
	KUNIT_EXPECT_EQ(test, parts.nr_module_pages, TDX_IMAGE_MAX_MODULE_PAGES);

	((struct tdx_blob_header *)image)->length = len;
	tdx_model_blob_fix_checksum(image);
	KUNIT_EXPECT_EQ(test, seamldr_parse_image(image, len, &parts), -EFBIG);
	KUNIT_EXPECT_EQ(test, fuzz_expected(image, len), -EFBIG);
}

/* Both formats, for the cases that run against each. */
static const bool fuzz_formats[] = { false, true };

static void fuzz_format_desc(const bool *blob, char *desc)
{
	strscpy(desc, *blob ? "blob_0x100" : "tdx_image_0x200",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fuzz_formats, fuzz_formats, fuzz_format_desc);

/*
 * FUZZ_ITERATIONS random mutations of each format.  Every
 * FUZZ_UPDATE_EVERY-th rejected image also goes to tdx_module_update(),
 * which must give the same errno and leave the running module alone.
 */
static void upd_fuzz_random(struct kunit *test)
{
	struct fuzz_ctx *f = fuzz_alloc(test, *(const bool *)test->param_value);
	struct tdx_model_module before, after;
	unsigned int i, updates = 0;
	u32 remaining;
	int ret, err;

	tdxt_begin(test, NULL);
	tdxt_expect_cpus(test, tdxt_enable_cpus(test), 0);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
	tdx_model_get_module(&before);
	remaining = tdx_model_remaining_updates();

	for (i = 0; i < FUZZ_ITERATIONS; i++) {
		size_t len;

		fuzz_reset(f);
		fuzz_mutate(f);
		if (prandom_u32_state(&f->rnd) & 1)
			fuzz_mutate(f);
		len = fuzz_len(f);
		/* A blob's length field follows the length half the time. */
		if (f->blob && prandom_u32_state(&f->rnd) & 1) {
			((struct tdx_blob_header *)f->image)->length = len;
			tdx_model_blob_fix_checksum(f->image);
		}
		ret = fuzz_check(test, f, len, "random");
		if (ret && len <= FUZZ_BUF && !(i % FUZZ_UPDATE_EVERY)) {
			KUNIT_EXPECT_EQ(test, tdx_module_update(f->image, len), ret);
			updates++;
		}
		if (!(i % 256))
			cond_resched();
	}

	tdx_model_get_module(&after);
	KUNIT_EXPECT_EQ(test, after.update, before.update);
	KUNIT_EXPECT_EQ(test, after.build_num, before.build_num);
	KUNIT_EXPECT_EQ(test, tdx_model_remaining_updates(), remaining);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL), 0);
	KUNIT_EXPECT_GE(test, f->nr, FUZZ_ITERATIONS);
	fuzz_report(test, f, "random");
	kunit_info(test, "fuzz: random: %u also through tdx_module_update(), module unchanged\n",
		   updates);
}

/* ----- Hotplug and concurrency stress ----- */

/* An image of the running module with its update version raised by one. */
static void *stress_image(struct kunit *test, size_t *len)
{
	struct tdx_model_module next;
	void *data;

	*len = (2 + STRESS_MODULE_PAGES) * PAGE_SIZE;
	data = kunit_kzalloc(test, *len, GFP_KERNEL);
	if (!data)
		return NULL;
	tdx_model_get_module(&next);
	next.update++;
	if (tdx_model_build_image(data, &next, STRESS_MODULE_PAGES)) {
		kunit_kfree(test, data);
		return NULL;
	}
	return data;
}

static void stress_init_module(struct kunit *test)
{
	stress_start_model(test);
	KUNIT_ASSERT_EQ(test, tdx_probe_platform(), 0);
	tdxt_enable_cpus(test);
	KUNIT_ASSERT_EQ(test, tdxt_enable(), 0);
}

/*
 * Updates while a CPU goes offline and online and two threads allocate
 * and free KeyIDs: each update either succeeds or is refused with
 * -EBUSY because a CPU is offline; KeyIDs are never handed out twice.
 */
static void upd_hotplug_stress(struct kunit *test)
{
	struct tdx_model_module before, after;
	unsigned int i, ok = 0, busy = 0;
	struct stress_ctx *s;
	u32 remaining;
	size_t len;
	void *img;
	int ret;

	stress_init_module(test);
	tdx_model_get_module(&before);
	remaining = tdx_model_remaining_updates();
	s = stress_begin(test);
	stress_run(test, s, stress_hotplug_fn, "hotplug");
	stress_run_keyids(test, s);
	stress_run_keyids(test, s);

	for (i = 0; i < STRESS_UPDATE_TRIES && !stress_over(s); i++) {
		img = stress_image(test, &len);
		KUNIT_ASSERT_NOT_NULL(test, img);
		ret = tdx_module_update(img, len);
		if (!ret)
			ok++;
		else if (ret == -EBUSY)
			busy++;
		else
			KUNIT_FAIL(test, "update %u: %d", i, ret);
		kunit_kfree(test, img);
		/* Let the hotplug thread get the hotplug lock in between. */
		msleep(STRESS_UPDATE_GAP_MS);
	}
	stress_wait(s);
	KUNIT_EXPECT_EQ(test, s->hotplug_err, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->online_err), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->keyid_err), 0);
	KUNIT_EXPECT_FALSE(test, tdx_guest_keyids_in_use());

	tdx_model_get_module(&after);
	KUNIT_EXPECT_EQ(test, after.update, (u16)(before.update + ok));
	KUNIT_EXPECT_EQ(test, tdx_model_remaining_updates(), remaining - ok);
	KUNIT_EXPECT_EQ(test, tdx_get_sysinfo()->version.update, after.update);
	stress_expect_consistent(test);
	kunit_info(test, "stress: update vs hotplug vs KeyIDs: %u updates (%u ok, %u -EBUSY), %d offline/online cycles, %d KeyID allocations\n",
		   i, ok, busy, atomic_read(&s->toggles),
		   atomic_read(&s->keyid_loops));
}

/**
 * struct stress_updater - A thread asking for updates
 * @test:	the test
 * @s:		the shared context
 * @ok:		updates that succeeded
 * @err:	the first unexpected result
 * @done:	completed when the thread ends
 */
struct stress_updater {
	struct kunit *test;
	struct stress_ctx *s;
	unsigned int ok;
	int err;
	struct completion done;
};

static int stress_updater_fn(void *data)
{
	struct stress_updater *u = data;
	unsigned int i;
	size_t len;
	void *img;
	int ret;

	for (i = 0; i < STRESS_UPDATES / 2 && !stress_over(u->s); i++) {
		img = stress_image(u->test, &len);
		if (!img) {
			u->err = -ENOMEM;
			break;
		}
		ret = tdx_module_update(img, len);
		kunit_kfree(u->test, img);
		if (ret) {
			u->err = ret;
			break;
		}
		u->ok++;
	}
	complete(&u->done);
	return 0;
}

/* Several updates requested at once are serialized; all succeed. */
static void upd_concurrent_stress(struct kunit *test)
{
	struct stress_updater *u;
	struct tdx_model_module before, after;
	struct stress_ctx *s;
	unsigned int i, ok = 0;
	u32 remaining;

	stress_init_module(test);
	tdx_model_get_module(&before);
	remaining = tdx_model_remaining_updates();
	s = stress_begin(test);
	u = kunit_kcalloc(test, STRESS_THREADS, sizeof(*u), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, u);

	for (i = 0; i < STRESS_THREADS; i++) {
		struct task_struct *t;

		u[i] = (struct stress_updater) { .test = test, .s = s };
		init_completion(&u[i].done);
		t = kthread_run(stress_updater_fn, &u[i], "tdx_stress/upd%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	stress_run_keyids(test, s);
	for (i = 0; i < STRESS_THREADS; i++) {
		wait_for_completion(&u[i].done);
		KUNIT_EXPECT_EQ_MSG(test, u[i].err, 0, "thread %u", i);
		ok += u[i].ok;
	}
	stress_wait(s);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->keyid_err), 0);

	/*
	 * Images built while another update ran carry the same version,
	 * so the version rises by at most one per update.
	 */
	tdx_model_get_module(&after);
	KUNIT_EXPECT_GT(test, ok, 0);
	KUNIT_EXPECT_GT(test, after.update, before.update);
	KUNIT_EXPECT_LE(test, after.update, before.update + ok);
	KUNIT_EXPECT_EQ(test, tdx_model_remaining_updates(), remaining - ok);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN),
			ok * upd_test_shutdown_calls());
	stress_expect_consistent(test);
	kunit_info(test, "stress: concurrent updates: %u threads, %u updates done\n",
		   STRESS_THREADS, ok);
}

/*
 * The cases every module release runs, in an array of their own with
 * the extra cases given.
 */
#define UPD_CASE_ARRAY(name, ...)					\
static struct kunit_case name[] = {					\
	KUNIT_CASE(upd_seamldr_info),					\
	KUNIT_CASE(upd_seamldr_info_no_entropy),			\
	KUNIT_CASE(upd_full_update),					\
	KUNIT_CASE_PARAM(upd_blob_update, upd_blob_gen_params),		\
	KUNIT_CASE_PARAM(upd_fault, upd_faults_gen_params),		\
	KUNIT_CASE(upd_no_updates_left),				\
	KUNIT_CASE(upd_not_preserving),					\
	KUNIT_CASE(upd_compat_fallback),				\
	KUNIT_CASE(upd_refresh_chain),					\
	KUNIT_CASE(upd_cpu_left_vmx),					\
	KUNIT_CASE(upd_seamldr_no_entropy),				\
	KUNIT_CASE(upd_refused_install),				\
	KUNIT_CASE(upd_with_guest_keyids),				\
	KUNIT_CASE(upd_racing_updates),					\
	__VA_ARGS__							\
	{}								\
}

UPD_CASE_ARRAY(upd_cases,
	       KUNIT_CASE_PARAM(upd_bad_image, upd_images_gen_params),
	       KUNIT_CASE_PARAM(upd_preflight, upd_pre_gen_params),
	       KUNIT_CASE(upd_null_image),
	       KUNIT_CASE(upd_before_init),
	       KUNIT_CASE(upd_after_init_failure),
	       KUNIT_CASE(upd_vmcs_erratum),
	       KUNIT_CASE(upd_compat_sensitive),
	       KUNIT_CASE(upd_without_kvm),
	       KUNIT_CASE(upd_no_entropy_at_all),
	       KUNIT_CASE_SLOW(upd_cpu_hotplug),
	       KUNIT_CASE_SLOW(upd_cpu_offline),
	       KUNIT_CASE_SLOW(upd_slow_install),
	       KUNIT_CASE_SLOW(upd_late_cpu),
	       KUNIT_CASE_SLOW(upd_many_slow_installs),
	       KUNIT_CASE_SLOW(upd_sweep),
	       KUNIT_CASE_PARAM(upd_fuzz_regression, fuzz_corpus_gen_params),
	       KUNIT_CASE(upd_fuzz_null),
	       KUNIT_CASE(upd_fuzz_counts_exhaustive),
	       KUNIT_CASE(upd_fuzz_blob_limits),
	       KUNIT_CASE(upd_fuzz_blob_size_limit),
	       KUNIT_CASE_PARAM_ATTR(upd_fuzz_random, fuzz_formats_gen_params,
				     {.speed = KUNIT_SPEED_SLOW}),
	       KUNIT_CASE_SLOW(upd_hotplug_stress),
	       KUNIT_CASE_SLOW(upd_concurrent_stress),
	       TDXT_LEAK_CASE,
);

/* The default module is release 1.5.16. */
static struct kunit_suite upd_suite = {
	.name = "tdx_update",
	.suite_init = tdxt_leak_window_open,
	.init = tdxt_case_init,
	.exit = tdxt_case_exit,
	.test_cases = upd_cases,
};

/* The same cases against the other releases the model has. */
#define UPD_PROFILE_SUITE(x, y, zz)					\
UPD_CASE_ARRAY(upd_##x##_##y##_##zz##_cases);				\
static struct kunit_suite upd_##x##_##y##_##zz##_suite = {		\
	.name = "tdx_update_" #x "_" #y "_" #zz,				\
	.suite_init = tdxt_profile_suite_init,				\
	.suite_exit = tdxt_profile_suite_exit,				\
	.init = tdxt_case_init,						\
	.exit = tdxt_case_exit,						\
	.test_cases = upd_##x##_##y##_##zz##_cases,			\
}

UPD_PROFILE_SUITE(1, 5, 01);
UPD_PROFILE_SUITE(2, 0, 08);
UPD_PROFILE_SUITE(2, 0, 16);

kunit_test_suites(&upd_suite, &upd_1_5_01_suite, &upd_2_0_08_suite,
		  &upd_2_0_16_suite);
