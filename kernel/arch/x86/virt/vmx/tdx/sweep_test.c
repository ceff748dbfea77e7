// SPDX-License-Identifier: GPL-2.0
/*
 * Fault sweep of the TDX host lifecycle, run against the software model.
 *
 * Suite "tdx_sweep": a clean run of module initialization (per-CPU
 * tdx_cpu_enable() and tdx_enable()) and of a runtime update
 * (tdx_module_update()) is traced through the model.  Every call in the
 * trace is a site; each site is then failed in turn with every status the
 * specification allows for its leaf, and the outcome is checked against
 * what tdx_enable() and tdx_module_update() document: the errno, the
 * module state, no pages left behind, and a usable old module as long as
 * the update had not shut it down.  New SEAMCALLs in these paths become
 * sites without any change here.
 *
 * A site is a distinct call: leaf and input registers.  A loop repeating
 * the same call (TDH.SYS.TDMR.INIT on one TDMR) is swept at its first,
 * second, middle and last iteration; the coverage line counts both.
 */
#include <kunit/test.h>
#include <linux/cleanup.h>
#include <linux/cpu.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "model.h"
#include "model_test_util.h"
#include "seamcall.h"
#include "tdx.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* Calls one clean initialization or update may make. */
#define SWEEP_TRACE_MAX		8192
/* Iterations of a repeated call that are swept. */
#define SWEEP_LOOP_SAMPLES	4
/* Module pages of the update image. */
#define SWEEP_MODULE_PAGES	2
/* Updates the model allows: one per pass of the update sweep at most. */
#define SWEEP_UPDATES		100000

/**
 * struct sweep_leaf - What the specification lets a leaf return
 * @fn:		the leaf
 * @errors:	error statuses, 0-terminated
 * @benign:	statuses the kernel accepts as success, 0-terminated; injected
 *		where they are not true they may still end in a failure
 */
struct sweep_leaf {
	u64 fn;
	u64 errors[16];
	u64 benign[4];
};

static const struct sweep_leaf sweep_leaves[] = {
	{ TDH_SYS_INIT,
	  { TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX, TDX_SYS_INIT_NOT_PENDING,
	    TDX_SYS_BUSY, TDX_CMR_LIST_INVALID,
	    TDX_INCOMPATIBLE_SEAM_CAPABILITIES },
	  {} },
	{ TDH_SYS_LP_INIT,
	  { TDX_SYS_LP_INIT_NOT_PENDING, TDX_INVALID_PKG_ID, TDX_SYS_BUSY },
	  { TDX_SYS_LP_INIT_DONE } },
	{ TDH_SYS_RD,
	  { TDX_SYS_LP_INIT_NOT_DONE, TDX_METADATA_FIELD_ID_INCORRECT,
	    TDX_METADATA_FIELD_NOT_READABLE, TDX_SYS_NOT_READY },
	  {} },
	{ TDH_SYS_CONFIG,
	  { TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX,
	    TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX,
	    TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8,
	    TDX_SYS_CONFIG_NOT_PENDING, TDX_SYS_BUSY, TDX_INVALID_TDMR,
	    TDX_NON_ORDERED_TDMR, TDX_TDMR_OUTSIDE_CMRS, TDX_INVALID_PAMT,
	    TDX_PAMT_OUTSIDE_CMRS, TDX_PAMT_OVERLAP,
	    TDX_INVALID_RESERVED_IN_TDMR, TDX_NON_ORDERED_RESERVED_IN_TDMR },
	  {} },
	{ TDH_SYS_KEY_CONFIG,
	  { TDX_SYS_KEY_CONFIG_NOT_PENDING, TDX_SYS_BUSY },
	  { TDX_KEY_CONFIGURED, TDX_KEY_GENERATION_FAILED,
	    TDX_OPERAND_BUSY | TDX_OPERAND_ID_KET } },
	{ TDH_SYS_TDMR_INIT,
	  { TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX, TDX_SYS_NOT_READY,
	    TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX },
	  { TDX_TDMR_ALREADY_INITIALIZED } },
	{ TDH_SYS_SHUTDOWN,
	  { TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX, TDX_SYS_NOT_READY,
	    TDX_SYS_BUSY, TDX_UPDATE_COMPAT_SENSITIVE },
	  {} },
	{ TDH_SYS_UPDATE,
	  { TDX_SYS_STATE_INCORRECT, TDX_SYS_INVALID_HANDOFF, TDX_SYS_BUSY },
	  {} },
	{ P_SEAMLDR_INFO,
	  { SEAMLDR_EBADPARAM, SEAMLDR_EBADCALL, SEAMLDR_EUNSPECERR },
	  {} },
	{ P_SEAMLDR_INSTALL,
	  { SEAMLDR_EBADPARAM, SEAMLDR_EBADCALL, SEAMLDR_EBADHANDOFF,
	    SEAMLDR_EUNSUPPORTED, SEAMLDR_ENOMEM, SEAMLDR_EUNSPECERR,
	    SEAMLDR_EUNSUPCPU, SEAMLDR_EBADSIG, SEAMLDR_EBADHASH,
	    SEAMLDR_EINTERRUPT, SEAMLDR_ENOENTROPY },
	  {} },
};

/*
 * Every leaf may also fail as an instruction (VMfailInvalid, #GP, #UD)
 * or with an error the host does not know.  TDX module leaves can
 * further run out of entropy, which the SEAMCALL layer retries.
 */
static const u64 sweep_any_errors[] = {
	TDX_SEAMCALL_VMFAILINVALID, TDX_SEAMCALL_GP, TDX_SEAMCALL_UD,
	TDX_SW_ERROR,
};

static const u64 sweep_tdx_errors[] = {
	TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX,
};

static const u64 sweep_tdx_benign[] = {
	TDX_RND_NO_ENTROPY,
};

/**
 * struct sweep_site - One call to fail
 * @fn:		its leaf
 * @nth:	which call of that leaf it is, from 1
 * @late:	the call comes after the update's point of no return
 */
struct sweep_site {
	u64 fn;
	unsigned int nth;
	bool late;
};

/**
 * struct sweep_status - A status to inject and what it should lead to
 * @status:	the status
 * @benign:	the kernel treats it as success
 */
struct sweep_status {
	u64 status;
	bool benign;
};

/**
 * struct sweep_plan - What a sweep tries
 * @sites:	the sites, in trace order
 * @nr_sites:	entries in @sites
 * @nr_calls:	calls in the clean trace
 * @nr_tried:	site and status pairs injected so far
 * @nr_total:	site and status pairs the sites and tables give
 */
struct sweep_plan {
	struct sweep_site *sites;
	unsigned int nr_sites;
	unsigned int nr_calls;
	unsigned int nr_tried;
	unsigned int nr_total;
};

/* ----- Helpers ----- */

static u64 sweep_leaf_of(u64 fn)
{
	return fn & SEAMLDR_LEAF_BIT ? fn : fn & TDX_LEAF_MASK;
}

static const struct sweep_leaf *sweep_find_leaf(u64 fn)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sweep_leaves); i++) {
		if (sweep_leaves[i].fn == fn)
			return &sweep_leaves[i];
	}
	return NULL;
}

static unsigned int sweep_add(struct sweep_status *out, unsigned int n,
			      const u64 *list, unsigned int nr, bool benign)
{
	unsigned int i;

	for (i = 0; i < nr && list[i]; i++)
		out[n++] = (struct sweep_status) { list[i], benign };
	return n;
}

/* The statuses to try at a call of @fn; returns how many. */
static unsigned int sweep_statuses(u64 fn, struct sweep_status *out)
{
	const struct sweep_leaf *leaf = sweep_find_leaf(fn);
	unsigned int n = 0;

	if (leaf) {
		n = sweep_add(out, n, leaf->errors, ARRAY_SIZE(leaf->errors), false);
		n = sweep_add(out, n, leaf->benign, ARRAY_SIZE(leaf->benign), true);
	}
	n = sweep_add(out, n, sweep_any_errors, ARRAY_SIZE(sweep_any_errors), false);
	if (!(fn & SEAMLDR_LEAF_BIT)) {
		n = sweep_add(out, n, sweep_tdx_errors,
			      ARRAY_SIZE(sweep_tdx_errors), false);
		n = sweep_add(out, n, sweep_tdx_benign,
			      ARRAY_SIZE(sweep_tdx_benign), true);
	}
	return n;
}

#define SWEEP_MAX_STATUSES	32

static bool sweep_same_call(const struct tdx_model_trace_entry *a,
			    const struct tdx_model_trace_entry *b)
{
	return a->fn == b->fn && a->rcx == b->rcx && a->rdx == b->rdx;
}

/*
 * Turn a trace into sites.  Runs of the same call keep their first,
 * second, middle and last iteration.  Calls after the first successful
 * @late_fn are late.
 */
static void sweep_plan_trace(struct kunit *test, struct sweep_plan *plan,
			     const struct tdx_model_trace_entry *trace,
			     unsigned int len, u64 late_fn)
{
	struct sweep_status st[SWEEP_MAX_STATUSES];
	unsigned int *nth, i, start, end, pos;
	bool late = false;

	plan->sites = kunit_kcalloc(test, len, sizeof(*plan->sites), GFP_KERNEL);
	nth = kunit_kcalloc(test, len, sizeof(*nth), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, plan->sites);
	KUNIT_ASSERT_NOT_NULL(test, nth);
	plan->nr_calls = len;

	/* Occurrence of each call among the calls of its leaf. */
	for (i = 0; i < len; i++) {
		unsigned int j;

		nth[i] = 1;
		for (j = 0; j < i; j++) {
			if (sweep_leaf_of(trace[j].fn) == sweep_leaf_of(trace[i].fn))
				nth[i]++;
		}
	}

	for (start = 0; start < len; start = end) {
		unsigned int run;

		for (end = start + 1; end < len &&
		     sweep_same_call(&trace[end], &trace[start]); end++)
			;
		run = end - start;
		for (pos = 0; pos < run; pos++) {
			const struct tdx_model_trace_entry *e = &trace[start + pos];
			u64 fn = sweep_leaf_of(e->fn);
			bool keep = run <= SWEEP_LOOP_SAMPLES || pos == 0 ||
				    pos == 1 || pos == run / 2 || pos == run - 1;

			if (keep) {
				plan->sites[plan->nr_sites++] = (struct sweep_site) {
					.fn = fn,
					.nth = nth[start + pos],
					.late = late,
				};
				plan->nr_total += sweep_statuses(fn, st);
			}
			if (late_fn && fn == late_fn && !e->status)
				late = true;
		}
	}
}

static void sweep_cpu_enable_fn(void *results)
{
	((int *)results)[smp_processor_id()] = tdx_cpu_enable();
}

/* tdx_cpu_enable() everywhere; the first error, or 0. */
static int sweep_enable_cpus(int *results)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		results[cpu] = 0;
	on_each_cpu(sweep_cpu_enable_fn, results, true);
	for_each_online_cpu(cpu) {
		if (results[cpu])
			return results[cpu];
	}
	return 0;
}

static int sweep_tdx_enable(void)
{
	guard(cpus_read_lock)();
	return tdx_enable();
}

static u64 sweep_all_calls(void)
{
	u64 total = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		total += tdx_model_cpu_calls(cpu);
	return total;
}

/* What the kernel turns a failed status into. */
static int sweep_errno(u64 fn, u64 status)
{
	if (fn & SEAMLDR_LEAF_BIT)
		return seamldr_status_to_errno(status);
	return tdx_status_to_errno(status) ?: -EIO;
}

static void sweep_start(struct kunit *test, struct tdx_model_config *cfg)
{
	tdx_reset_for_test();
	tdx_model_default_config(cfg);
	cfg->num_remaining_updates = SWEEP_UPDATES;
	tdxt_start(test, cfg);
	KUNIT_ASSERT_EQ(test, tdx_probe_platform(), 0);
}

static int sweep_init(struct kunit *test)
{
	tdx_reset_for_test();
	return 0;
}

static void sweep_exit(struct kunit *test)
{
	tdx_reset_for_test();
}

/* ----- Initialization ----- */

/* The calls of tdx_cpu_enable() on every CPU and of tdx_enable(). */
static unsigned int sweep_trace_init(struct kunit *test,
				     struct tdx_model_trace_entry *trace,
				     int *results)
{
	struct tdx_model_config cfg;
	unsigned int len;

	sweep_start(test, &cfg);
	tdx_model_trace_start(trace, SWEEP_TRACE_MAX);
	KUNIT_EXPECT_EQ(test, sweep_enable_cpus(results), 0);
	KUNIT_EXPECT_EQ(test, sweep_tdx_enable(), 0);
	len = tdx_model_trace_stop();
	KUNIT_ASSERT_LE(test, len, SWEEP_TRACE_MAX);
	KUNIT_ASSERT_GT(test, len, 0);
	return len;
}

/* Fail one init site with one status; check what the caller sees. */
static void sweep_init_one(struct kunit *test, const struct sweep_site *site,
			   const struct sweep_status *st, int *results)
{
	bool cpu_phase = site->fn == TDH_SYS_INIT || site->fn == TDH_SYS_LP_INIT;
	int expected = sweep_errno(site->fn, st->status);
	struct tdx_model_config cfg;
	int cpu_ret, ret, err, state;
	u64 calls;

	sweep_start(test, &cfg);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(site->fn, TDX_MODEL_ANY_CPU,
					       site->nth, 1, st->status), 0);
	cpu_ret = sweep_enable_cpus(results);
	ret = sweep_tdx_enable();
	state = tdx_module_state(&err);

	/* Whatever happened, nothing is left behind by a failure. */
	if (state != TDX_MODULE_INITIALIZED) {
		KUNIT_EXPECT_EQ(test, tdx_pages_held(), 0);
		KUNIT_EXPECT_NULL(test, tdx_core_tdmrs()->tdmrs);
	}
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);

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

	/* tdx_enable() failed: the errno is kept, no SEAMCALL is repeated. */
	KUNIT_EXPECT_EQ(test, cpu_ret, 0);
	KUNIT_EXPECT_EQ(test, ret, expected);
	KUNIT_EXPECT_EQ(test, state, TDX_MODULE_FAILED);
	KUNIT_EXPECT_EQ(test, err, expected);
	calls = sweep_all_calls();
	KUNIT_EXPECT_EQ(test, sweep_tdx_enable(), expected);
	KUNIT_EXPECT_EQ(test, sweep_all_calls(), calls);
}

static void sweep_report(struct kunit *test, const char *what,
			 const struct sweep_plan *plan)
{
	kunit_info(test, "sweep: %s: %u sites (%u calls traced) x statuses: %u tried / %u total (%u%%)\n",
		   what, plan->nr_sites, plan->nr_calls, plan->nr_tried,
		   plan->nr_total,
		   plan->nr_total ? plan->nr_tried * 100 / plan->nr_total : 0);
}

static void sweep_run(struct kunit *test, struct sweep_plan *plan,
		      void (*one)(struct kunit *test,
				  const struct sweep_site *site,
				  const struct sweep_status *st, void *data),
		      void *data)
{
	struct sweep_status st[SWEEP_MAX_STATUSES];
	unsigned int i, j, n;

	for (i = 0; i < plan->nr_sites; i++) {
		const struct sweep_site *site = &plan->sites[i];

		n = sweep_statuses(site->fn, st);
		for (j = 0; j < n; j++) {
			int failed = test->status == KUNIT_FAILURE;

			one(test, site, &st[j], data);
			plan->nr_tried++;
			if (!failed && test->status == KUNIT_FAILURE)
				kunit_info(test, "failed at leaf %#llx call %u%s status %#llx\n",
					   site->fn, site->nth,
					   site->late ? " (late)" : "",
					   st[j].status);
		}
		cond_resched();
	}
}

static void sweep_init_adapter(struct kunit *test, const struct sweep_site *site,
			       const struct sweep_status *st, void *data)
{
	sweep_init_one(test, site, st, data);
}

static void sweep_enable(struct kunit *test)
{
	struct tdx_model_trace_entry *trace;
	struct sweep_plan plan = {};
	unsigned int len;
	int *results;

	trace = kunit_kcalloc(test, SWEEP_TRACE_MAX, sizeof(*trace), GFP_KERNEL);
	results = kunit_kcalloc(test, nr_cpu_ids, sizeof(*results), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, trace);
	KUNIT_ASSERT_NOT_NULL(test, results);

	len = sweep_trace_init(test, trace, results);
	sweep_plan_trace(test, &plan, trace, len, 0);
	sweep_run(test, &plan, sweep_init_adapter, results);
	sweep_report(test, "init", &plan);
	KUNIT_EXPECT_EQ(test, plan.nr_tried, plan.nr_total);
}

/* ----- Runtime update ----- */

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
	void *pages[SWEEP_MODULE_PAGES];
	struct tdx_image_header *hdr;
	struct tdx_model_sigstruct *sig;
	unsigned int i;

	img->len = (2 + SWEEP_MODULE_PAGES) * PAGE_SIZE;
	if (!img->data)
		img->data = kunit_kzalloc(test, img->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img->data);
	memset(img->data, 0, img->len);

	hdr = img->data;
	hdr->version = TDX_IMAGE_VERSION;
	memcpy(hdr->signature, TDX_IMAGE_SIGNATURE, sizeof(hdr->signature));
	hdr->sigstruct_pages = 1;
	hdr->module_pages = SWEEP_MODULE_PAGES;

	sig = img->data + PAGE_SIZE;
	tdx_model_get_module(&sig->module);
	sig->module.update++;
	sig->module.build_num++;
	for (i = 0; i < SWEEP_MODULE_PAGES; i++) {
		pages[i] = img->data + (2 + i) * PAGE_SIZE;
		memset(pages[i], 0x3c + i, PAGE_SIZE);
	}
	tdx_model_sign(sig, pages, SWEEP_MODULE_PAGES);
}

/* An initialized module, from scratch. */
static void sweep_fresh_module(struct kunit *test, int *results)
{
	struct tdx_model_config cfg;

	sweep_start(test, &cfg);
	KUNIT_ASSERT_EQ(test, sweep_enable_cpus(results), 0);
	KUNIT_ASSERT_EQ(test, sweep_tdx_enable(), 0);
}

/**
 * struct sweep_update - State carried between the update sweep's runs
 * @results:	per-CPU results of tdx_cpu_enable()
 * @img:	the image, rebuilt for the running module before each run
 * @alive:	the module from the last run can be updated again
 */
struct sweep_update {
	int *results;
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
	u64 calls = sweep_all_calls();
	int err;

	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_DEAD);
	KUNIT_EXPECT_EQ(test, err, -ENODEV);
	KUNIT_EXPECT_EQ(test, sweep_tdx_enable(), -ENODEV);
	KUNIT_EXPECT_EQ(test, sweep_enable_cpus(u->results), -ENODEV);
	KUNIT_EXPECT_EQ(test, tdx_module_update(u->img.data, u->img.len), -ENODEV);
	KUNIT_EXPECT_EQ(test, sweep_all_calls(), calls);
}

/* Errnos tdx_module_update() documents for a refused update. */
static bool sweep_update_errno_documented(int ret)
{
	switch (ret) {
	case -ENXIO:
	case -ENODEV:
	case -EOPNOTSUPP:
	case -ENOSPC:
	case -EBUSY:
	case -ENOMEM:
	case -EIO:
		return true;
	default:
		return false;
	}
}

static void sweep_update_one(struct kunit *test, const struct sweep_site *site,
			     const struct sweep_status *st, void *data)
{
	struct sweep_update *u = data;
	struct tdx_model_module before, now;
	int ret, err;

	if (!u->alive)
		sweep_fresh_module(test, u->results);
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
		KUNIT_EXPECT_TRUE(test, st->benign || site->fn == TDH_SYS_RD);
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

	KUNIT_EXPECT_EQ(test, ret, -EIO);
	sweep_expect_dead(test, u);
	u->alive = false;
}

static void sweep_update(struct kunit *test)
{
	struct tdx_model_trace_entry *trace;
	struct sweep_update u = {};
	struct sweep_plan plan = {};
	unsigned int len;

	trace = kunit_kcalloc(test, SWEEP_TRACE_MAX, sizeof(*trace), GFP_KERNEL);
	u.results = kunit_kcalloc(test, nr_cpu_ids, sizeof(*u.results), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, trace);
	KUNIT_ASSERT_NOT_NULL(test, u.results);

	sweep_fresh_module(test, u.results);
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

static struct kunit_case sweep_cases[] = {
	KUNIT_CASE_SLOW(sweep_enable),
	KUNIT_CASE_SLOW(sweep_update),
	{}
};

static struct kunit_suite sweep_suite = {
	.name = "tdx_sweep",
	.init = sweep_init,
	.exit = sweep_exit,
	.test_cases = sweep_cases,
};

kunit_test_suites(&sweep_suite);
