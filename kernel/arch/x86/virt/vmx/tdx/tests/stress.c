// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency and CPU hotplug stress of the TDX host lifecycle, shared
 * by the tdx_init and tdx_update suites.  Every loop is bounded in
 * iterations and in time.
 *
 * A CPU is taken offline and back again and again while module
 * initialization, runtime updates and KeyID allocation run.  A CPU coming
 * online runs tdx_cpu_enable() from a hotplug callback, as KVM does.
 * Afterwards every online CPU must be initialized in the model and the
 * kernel's view of the module must match the model's.
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

#include "helpers.h"
#include "stress.h"
#include "../tdx.h"

/* The online callback finds its context here; one test at a time. */
static struct stress_ctx *stress_current;

bool stress_over(struct stress_ctx *s)
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

struct stress_ctx *stress_begin(struct kunit *test)
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

int stress_hotplug_fn(void *data)
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

void stress_run(struct kunit *test, struct stress_ctx *s,
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

void stress_run_keyids(struct kunit *test, struct stress_ctx *s)
{
	stress_run(test, s, stress_keyid_fn, "keyid");
}

void stress_wait(struct stress_ctx *s)
{
	unsigned int i;

	WRITE_ONCE(s->stop, true);
	for (i = 0; i < s->nr_threads; i++)
		wait_for_completion(&s->threads[i].done);
	s->nr_threads = 0;
}

/* Every online CPU initialized, kernel and model agree on the module. */
void stress_expect_consistent(struct kunit *test)
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

void stress_start_model(struct kunit *test)
{
	struct tdx_model_config cfg;

	tdxt_default_config(&cfg);
	cfg.num_remaining_updates = STRESS_UPDATE_BUDGET;
	tdxt_start(test, &cfg);
	tdxt_vmx_on(test);
}
