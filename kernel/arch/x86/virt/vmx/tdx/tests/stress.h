/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hotplug and concurrency stress shared by the tdx_init and
 * tdx_update suites; see stress.c.
 */
#ifndef _X86_VIRT_TDX_TESTS_STRESS_H
#define _X86_VIRT_TDX_TESTS_STRESS_H

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/time64.h>

/* Upper bounds of each stress loop. */
#define STRESS_ROUNDS		12
#define STRESS_UPDATES		12
#define STRESS_UPDATE_TRIES	40
#define STRESS_UPDATE_GAP_MS	20
/* Runtime updates the model allows; more than any test here makes. */
#define STRESS_UPDATE_BUDGET	1000
#define STRESS_TOGGLES		40
#define STRESS_KEYID_LOOPS	400
#define STRESS_TIME_NS		(8 * NSEC_PER_SEC)
#define STRESS_THREADS		4
#define STRESS_MODULE_PAGES	1

struct stress_ctx;

/**
 * struct stress_thread - A thread started by stress_run()
 * @s:		the shared context
 * @done:	completed when the thread ends
 */
struct stress_thread {
	struct stress_ctx *s;
	struct completion done;
};

/**
 * struct stress_ctx - What the threads of one test share
 * @stop:	ask the threads to finish
 * @deadline:	ktime_get_ns() after which every loop ends
 * @cpu:	the CPU the hotplug thread toggles
 * @toggles:	offline/online cycles done
 * @hotplug_err: first error of remove_cpu() or add_cpu()
 * @online_err:	errors of tdx_cpu_enable() in the online callback
 * @keyid_loops: KeyID allocations done
 * @keyid_err:	KeyIDs handed out twice or out of range
 * @keyids:	KeyIDs currently held by the KeyID threads
 * @threads:	the threads started by stress_run()
 * @nr_threads:	entries of @threads in use
 */
struct stress_ctx {
	bool stop;
	u64 deadline;
	int cpu;
	atomic_t toggles;
	int hotplug_err;
	atomic_t online_err;
	atomic_t keyid_loops;
	atomic_t keyid_err;
	unsigned long *keyids;
	struct stress_thread threads[STRESS_THREADS];
	unsigned int nr_threads;
};

struct stress_ctx *stress_begin(struct kunit *test);
void stress_run(struct kunit *test, struct stress_ctx *s,
		int (*fn)(void *), const char *name);
void stress_run_keyids(struct kunit *test, struct stress_ctx *s);
void stress_wait(struct stress_ctx *s);
int stress_hotplug_fn(void *data);
bool stress_over(struct stress_ctx *s);
void stress_expect_consistent(struct kunit *test);
void stress_start_model(struct kunit *test);

#endif /* _X86_VIRT_TDX_TESTS_STRESS_H */
