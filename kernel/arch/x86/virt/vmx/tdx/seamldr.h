/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface of the runtime update code (seamldr.c): the steps of
 * an update and the outcome each CPU records, which the tests inspect.
 */
#ifndef _X86_VIRT_TDX_SEAMLDR_H
#define _X86_VIRT_TDX_SEAMLDR_H

#include <linux/time64.h>
#include <linux/types.h>

/*
 * How long a CPU waits, without progress by the others, before it calls
 * the update off.  Progress is a new step or, while CPUs install one
 * after another, a new CPU's turn.  Only until the lead CPU commits to
 * TDH.SYS.SHUTDOWN: after that a CPU waits as long as the others take.
 */
#define SEAMLDR_WAIT_NS		NSEC_PER_SEC

/* The steps all CPUs go through together, in execution order. */
enum seamldr_step {
	/* Every CPU checks that it is in VMX operation. */
	SEAMLDR_STEP_CHECK,
	/* The lead CPU shuts the running module down (TDH.SYS.SHUTDOWN). */
	SEAMLDR_STEP_SHUTDOWN,
	/* Each CPU in turn runs SEAMLDR.INSTALL. */
	SEAMLDR_STEP_CPU_INSTALL,
	/* Each CPU initializes itself on the new module. */
	SEAMLDR_STEP_CPU_INIT,
	/* The lead CPU hands the old state to the new module. */
	SEAMLDR_STEP_RUN_UPDATE,
	/* All CPUs leave, after success or after any failure. */
	SEAMLDR_STEP_DONE,
};

#define SEAMLDR_NR_STEPS	(SEAMLDR_STEP_DONE + 1)

/* How an update went on one CPU. */
enum seamldr_cpu_outcome {
	/* Every step the CPU took part in succeeded. */
	SEAMLDR_CPU_OK,
	/* The module refused to shut down during compatibility-sensitive work. */
	SEAMLDR_CPU_BUSY,
	/* A SEAMCALL failed, or the CPU was not in VMX operation. */
	SEAMLDR_CPU_FAILED,
	/* The CPU gave up waiting for the others and called the update off. */
	SEAMLDR_CPU_TIMEOUT,
};

#define SEAMLDR_NR_OUTCOMES	(SEAMLDR_CPU_TIMEOUT + 1)

/**
 * struct seamldr_cpu_result - One CPU's part in an update
 * @outcome:	how it went
 * @step:	the step that failed, if @outcome is not SEAMLDR_CPU_OK
 * @err:	the -errno of the failure
 * @status:	raw status of the CPU's last SEAMCALL of the update, if any
 * @install_seq: position of the CPU's SEAMLDR.INSTALL in the last round,
 *		from 1; 0 if none
 */
struct seamldr_cpu_result {
	enum seamldr_cpu_outcome outcome;
	enum seamldr_step step;
	int err;
	u64 status;
	unsigned int install_seq;
};

/**
 * struct seamldr_image_parts - Where an update image has its parts
 * @sigstruct_page:	the sigstruct page: the sigstruct, then zeros
 * @module:		the first module page; the others follow it
 * @nr_module_pages:	module pages
 */
struct seamldr_image_parts {
	const void *sigstruct_page;
	const void *module;
	unsigned int nr_module_pages;
};

#if IS_ENABLED(CONFIG_KUNIT)
int seamldr_parse_image(const void *image, size_t len,
			struct seamldr_image_parts *parts);
#endif

#ifdef CONFIG_TDX_KUNIT_HELPERS
int seamldr_last_cpu_result(int cpu, struct seamldr_cpu_result *res);
#endif

#endif /* _X86_VIRT_TDX_SEAMLDR_H */
