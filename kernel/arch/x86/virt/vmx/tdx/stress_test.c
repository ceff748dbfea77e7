// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency and CPU hotplug stress of the TDX host lifecycle, run
 * against the software model.  Every loop is bounded in iterations and
 * in time.
 *
 * Suite "tdx_stress": a CPU is taken offline and back again and again
 * while module initialization, runtime updates and KeyID allocation run;
 * several updates are requested at once.  A CPU coming online runs
 * tdx_cpu_enable() from a hotplug callback, as KVM does.  Afterwards
 * every online CPU must be initialized in the model and the kernel's
 * view of the module must match the model's.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/cleanup.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/smp.h>

#include "model.h"
#include "model_test_util.h"
#include "tdx.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

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

/* The online callback finds its context here; one test at a time. */
static struct stress_ctx *stress_current;

static bool stress_over(struct stress_ctx *s)
{
	return READ_ONCE(s->stop) || ktime_get_ns() > s->deadline;
}

/* A CPU coming online enables TDX, as KVM's callback does. */
static int stress_cpu_online(unsigned int cpu)
{
	struct stress_ctx *s = READ_ONCE(stress_current);
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = tdx_cpu_enable();
	local_irq_restore(flags);
	/* A lost module is a documented outcome, not a hotplug failure. */
	if (s && ret && ret != -ENODEV)
		atomic_inc(&s->online_err);
	return 0;
}

static void stress_remove_hp(void *state)
{
	WRITE_ONCE(stress_current, NULL);
	cpuhp_remove_state_nocalls((long)state);
}

static struct stress_ctx *stress_begin(struct kunit *test)
{
	struct stress_ctx *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	int state, ret;

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->cpu = cpumask_last(cpu_online_mask);
	KUNIT_ASSERT_GT(test, s->cpu, 0);
	s->deadline = ktime_get_ns() + STRESS_TIME_NS;
	s->keyids = kunit_kcalloc(test, BITS_TO_LONGS(1 << 16), sizeof(long),
				  GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s->keyids);

	WRITE_ONCE(stress_current, s);
	state = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "tdx_stress:online",
					  stress_cpu_online, NULL);
	KUNIT_ASSERT_GT(test, state, 0);
	ret = kunit_add_action_or_reset(test, stress_remove_hp, (void *)(long)state);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return s;
}

static int stress_hotplug_fn(void *data)
{
	struct stress_thread *th = data;
	struct stress_ctx *s = th->s;
	int ret = 0;

	while (!stress_over(s) && atomic_read(&s->toggles) < STRESS_TOGGLES) {
		ret = remove_cpu(s->cpu);
		if (ret)
			break;
		usleep_range(100, 2000);
		ret = add_cpu(s->cpu);
		if (ret)
			break;
		atomic_inc(&s->toggles);
		usleep_range(100, 2000);
	}
	s->hotplug_err = ret;
	complete(&th->done);
	return 0;
}

static int stress_keyid_fn(void *data)
{
	struct stress_thread *th = data;
	struct stress_ctx *s = th->s;
	int id, i;

	for (i = 0; i < STRESS_KEYID_LOOPS && !stress_over(s); i++) {
		id = tdx_guest_keyid_alloc();
		if (id == -ENOSPC)
			continue;
		if (id <= 0 || id >= (1 << 16) || test_and_set_bit(id, s->keyids)) {
			atomic_inc(&s->keyid_err);
			continue;
		}
		atomic_inc(&s->keyid_loops);
		if (i & 1)
			cond_resched();
		clear_bit(id, s->keyids);
		tdx_guest_keyid_free(id);
	}
	complete(&th->done);
	return 0;
}

static void stress_run(struct kunit *test, struct stress_ctx *s,
		       int (*fn)(void *), const char *name)
{
	struct stress_thread *th;
	struct task_struct *t;

	KUNIT_ASSERT_LT(test, s->nr_threads, ARRAY_SIZE(s->threads));
	th = &s->threads[s->nr_threads];
	th->s = s;
	init_completion(&th->done);
	t = kthread_run(fn, th, "tdx_stress/%s", name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	s->nr_threads++;
}

static void stress_run_keyids(struct kunit *test, struct stress_ctx *s)
{
	stress_run(test, s, stress_keyid_fn, "keyid");
}

static void stress_wait(struct stress_ctx *s)
{
	unsigned int i;

	WRITE_ONCE(s->stop, true);
	for (i = 0; i < s->nr_threads; i++)
		wait_for_completion(&s->threads[i].done);
	s->nr_threads = 0;
}

static void stress_enable_fn(void *results)
{
	((int *)results)[smp_processor_id()] = tdx_cpu_enable();
}

static int stress_tdx_enable(void)
{
	guard(cpus_read_lock)();
	return tdx_enable();
}

/* Every online CPU initialized, kernel and model agree on the module. */
static void stress_expect_consistent(struct kunit *test)
{
	int cpu, err;

	guard(cpus_read_lock)();
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_TRUE_MSG(test, tdx_model_lp_initialized(cpu),
				      "CPU %d", cpu);
}

static void stress_start_model(struct kunit *test)
{
	struct tdx_model_config cfg;

	tdx_reset_for_test();
	tdx_model_default_config(&cfg);
	cfg.num_remaining_updates = STRESS_UPDATE_BUDGET;
	tdxt_start(test, &cfg);
}

static int stress_init(struct kunit *test)
{
	tdx_reset_for_test();
	return 0;
}

static void stress_exit(struct kunit *test)
{
	tdx_reset_for_test();
}

/* ----- Tests ----- */

/*
 * Rounds of detection, per-CPU enabling and tdx_enable() while a CPU
 * goes offline and online.  A CPU that was offline at enabling and still
 * is at tdx_enable() makes TDH.SYS.CONFIG fail (-EIO, nothing left
 * behind); otherwise the module initializes.
 */
static void stress_enable_hotplug(struct kunit *test)
{
	struct stress_ctx *s;
	unsigned int round, ok = 0, failed = 0;
	int *results, ret, err;

	results = kunit_kcalloc(test, nr_cpu_ids, sizeof(*results), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, results);
	stress_start_model(test);
	s = stress_begin(test);
	stress_run(test, s, stress_hotplug_fn, "hotplug");

	for (round = 0; round < STRESS_ROUNDS && !stress_over(s); round++) {
		scoped_guard(cpus_read_lock) {
			tdx_reset_for_test();
			tdx_model_reset();
			KUNIT_ASSERT_EQ(test, tdx_probe_platform(), 0);
			on_each_cpu(stress_enable_fn, results, true);
		}
		ret = stress_tdx_enable();
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
		on_each_cpu(stress_enable_fn, results, true);
	}
	KUNIT_EXPECT_EQ(test, stress_tdx_enable(), 0);
	stress_expect_consistent(test);
	kunit_info(test, "stress: enable vs hotplug: %u rounds (%u ok, %u -EIO), %d offline/online cycles\n",
		   round, ok, failed, atomic_read(&s->toggles));
}

static void *stress_image(struct kunit *test, size_t *len)
{
	void *pages[STRESS_MODULE_PAGES];
	struct tdx_image_header *hdr;
	struct tdx_model_sigstruct *sig;
	unsigned int i;
	void *data;

	*len = (2 + STRESS_MODULE_PAGES) * PAGE_SIZE;
	data = kunit_kzalloc(test, *len, GFP_KERNEL);
	if (!data)
		return NULL;
	hdr = data;
	hdr->version = TDX_IMAGE_VERSION;
	memcpy(hdr->signature, TDX_IMAGE_SIGNATURE, sizeof(hdr->signature));
	hdr->sigstruct_pages = 1;
	hdr->module_pages = STRESS_MODULE_PAGES;
	sig = data + PAGE_SIZE;
	tdx_model_get_module(&sig->module);
	sig->module.update++;
	for (i = 0; i < STRESS_MODULE_PAGES; i++) {
		pages[i] = data + (2 + i) * PAGE_SIZE;
		memset(pages[i], 0x5e, PAGE_SIZE);
	}
	tdx_model_sign(sig, pages, STRESS_MODULE_PAGES);
	return data;
}

static void stress_init_module(struct kunit *test)
{
	int *results;

	results = kunit_kcalloc(test, nr_cpu_ids, sizeof(*results), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, results);
	stress_start_model(test);
	KUNIT_ASSERT_EQ(test, tdx_probe_platform(), 0);
	on_each_cpu(stress_enable_fn, results, true);
	KUNIT_ASSERT_EQ(test, stress_tdx_enable(), 0);
}

/*
 * Updates while a CPU goes offline and online and two threads allocate
 * and free KeyIDs: each update either succeeds or is refused with
 * -EBUSY because a CPU is offline; KeyIDs are never handed out twice.
 */
static void stress_update_hotplug(struct kunit *test)
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
static void stress_concurrent_updates(struct kunit *test)
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
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), ok);
	stress_expect_consistent(test);
	kunit_info(test, "stress: concurrent updates: %u threads, %u updates done\n",
		   STRESS_THREADS, ok);
}

static struct kunit_case stress_cases[] = {
	KUNIT_CASE_SLOW(stress_enable_hotplug),
	KUNIT_CASE_SLOW(stress_update_hotplug),
	KUNIT_CASE_SLOW(stress_concurrent_updates),
	{}
};

static struct kunit_suite stress_suite = {
	.name = "tdx_stress",
	.init = stress_init,
	.exit = stress_exit,
	.test_cases = stress_cases,
};

kunit_test_suites(&stress_suite);
