// SPDX-License-Identifier: GPL-2.0
/*
 * The fault sweep of the TDX host lifecycle, shared by the tdx_init and
 * tdx_update suites.
 *
 * A clean run of module initialization (per-CPU tdx_cpu_enable() and
 * tdx_enable()) or of a runtime update (tdx_module_update()) is traced
 * through the model.  Every call in the trace is a site; each site is
 * then failed in turn with every status the specification allows for its
 * leaf, and the suite checks the outcome against what tdx_enable() and
 * tdx_module_update() document.  New SEAMCALLs in these paths become
 * sites without any change here.
 *
 * A site is a distinct call: leaf and input registers.  A loop repeating
 * the same call (TDH.SYS.TDMR.INIT on one TDMR) is swept at its first,
 * second, middle and last iteration; the coverage line counts both.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "helpers.h"
#include "sweep.h"
#include "../seamcall.h"
#include "../tdx.h"

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
void sweep_plan_trace(struct kunit *test, struct sweep_plan *plan,
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

/**
 * sweep_enable_cpus() - tdx_cpu_enable() on every online CPU at once
 * @test: the test
 *
 * Context: Process context.
 * Return: the first CPU's error, or 0.
 */
int sweep_enable_cpus(struct kunit *test)
{
	int *results = tdxt_enable_cpus(test);
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		if (results[cpu])
			return results[cpu];
	}
	return 0;
}

/* What the kernel turns a failed status into. */
int sweep_errno(u64 fn, u64 status)
{
	if (fn & SEAMLDR_LEAF_BIT)
		return seamldr_status_to_errno(status);
	return tdx_status_to_errno(status) ?: -EIO;
}

void sweep_start(struct kunit *test, struct tdx_model_config *cfg)
{
	tdx_reset_for_test();
	tdxt_default_config(cfg);
	cfg->num_remaining_updates = SWEEP_UPDATES;
	tdxt_begin(test, cfg);
}

void sweep_report(struct kunit *test, const char *what,
		  const struct sweep_plan *plan)
{
	kunit_info(test, "sweep: %s: %u sites (%u calls traced) x statuses: %u tried / %u total (%u%%)\n",
		   what, plan->nr_sites, plan->nr_calls, plan->nr_tried,
		   plan->nr_total,
		   plan->nr_total ? plan->nr_tried * 100 / plan->nr_total : 0);
}

void sweep_run(struct kunit *test, struct sweep_plan *plan,
	       void (*one)(struct kunit *test, const struct sweep_site *site,
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
