/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fault sweep shared by the tdx_init and tdx_update suites; see
 * sweep.c.
 */
#ifndef _X86_VIRT_TDX_TESTS_SWEEP_H
#define _X86_VIRT_TDX_TESTS_SWEEP_H

#include <kunit/test.h>

#include "../model/model.h"

/* Calls one clean initialization or update may make. */
#define SWEEP_TRACE_MAX		8192
/* Iterations of a repeated call that are swept. */
#define SWEEP_LOOP_SAMPLES	4
/* Module pages of the update image. */
#define SWEEP_MODULE_PAGES	2
/* Updates the model allows: one per pass of the update sweep at most. */
#define SWEEP_UPDATES		100000

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

void sweep_plan_trace(struct kunit *test, struct sweep_plan *plan,
		      const struct tdx_model_trace_entry *trace,
		      unsigned int len, u64 late_fn);
void sweep_run(struct kunit *test, struct sweep_plan *plan,
	       void (*one)(struct kunit *test, const struct sweep_site *site,
			   const struct sweep_status *st, void *data),
	       void *data);
void sweep_report(struct kunit *test, const char *what,
		  const struct sweep_plan *plan);
int sweep_errno(u64 fn, u64 status);
void sweep_start(struct kunit *test, struct tdx_model_config *cfg);
int sweep_enable_cpus(struct kunit *test);

#endif /* _X86_VIRT_TDX_TESTS_SWEEP_H */
