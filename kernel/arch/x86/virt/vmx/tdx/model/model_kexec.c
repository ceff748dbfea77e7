// SPDX-License-Identifier: GPL-2.0
/*
 * TDX module model: each CPU's caches on the way to kexec, and the module
 * a kernel started by kexec finds.
 *
 * A CPU that makes a SEAMCALL may hold lines the module wrote with a
 * private KeyID until it flushes its own caches.  The host marks a CPU
 * before each SEAMCALL and flushes marked CPUs, through the seam, when
 * VMX goes off and on the way to a new kernel.  The model checks the mark
 * at every call (a SEAMCALL on an unmarked CPU is a violation), counts the
 * flushes of each CPU, and when the CPU that jumps to the new kernel
 * flushes, logs the CPUs whose caches may still hold such lines: none, if
 * the host did its job.  Lines are only ever written back by the CPU
 * that holds them, so these flushes say nothing about the pages
 * model_private.c follows; only a flush on all CPUs cleans those.
 *
 * The module lives in SEAM memory and outlives the kernel that
 * initialized it.  Configured with @initialized_before, the model starts
 * where such a kernel left it: ready, every LP initialized, with TDMRs
 * and PAMTs in memory the new kernel knows nothing of.
 */
#define pr_fmt(fmt) "tdx-model: " fmt

#include <linux/cpumask.h>
#include <linux/kexec.h>
#include <linux/panic.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/smp.h>

#include "model_internal.h"
#include "../seamcall.h"

/**
 * tdxm_cache_note_call() - A SEAMCALL on the local CPU
 * @cpu: the local CPU
 *
 * Context: Model lock held, on the CPU that makes the call.
 */
void tdxm_cache_note_call(int cpu)
{
	struct tdxm_run *run = &tdxm.run;

	if (!this_cpu_read(tdx_cache_incoherent)) {
		run->violations++;
		run->unmarked_calls++;
		pr_err_ratelimited("CPU %d made a SEAMCALL without marking its caches\n",
				   cpu);
	}
	cpumask_set_cpu(cpu, &run->cache_dirty);
}

/*
 * The CPU that runs the new kernel flushes last: the crashing CPU, or
 * for a plain kexec the one left online after the others stopped.
 */
static bool tdxm_cpu_jumps(int cpu)
{
	if (atomic_read(&panic_cpu) == cpu)
		return true;
	return kexec_in_progress && cpu_online(cpu) && num_online_cpus() == 1;
}

/* The verdict: which CPUs may still hold private lines at the jump. */
static void tdxm_report_jump(int cpu)
{
	const struct tdxm_run *run = &tdxm.run;
	static char flushes[256];
	unsigned int len = 0;
	int i;

	for_each_possible_cpu(i) {
		if (!READ_ONCE(run->cpu_calls[i]))
			continue;
		len += scnprintf(flushes + len, sizeof(flushes) - len, " %d:%lu",
				 i, READ_ONCE(run->cpu_flushes[i]));
	}
	if (cpumask_empty(&run->cache_dirty))
		pr_info("kexec: CPU %d jumps; CPUs with private lines in their caches: none; flushes by CPU:%s\n",
			cpu, flushes);
	else
		pr_err("kexec: CPU %d jumps; CPUs with private lines in their caches: %*pbl; flushes by CPU:%s\n",
		       cpu, cpumask_pr_args(&run->cache_dirty), flushes);
}

/**
 * tdxm_flush_cpu_cache() - The seam's flush of the local CPU's caches
 *
 * Takes no lock: it runs in NMI, on CPUs stopped while they may hold the
 * model's lock.
 *
 * Context: Any context.
 */
void tdxm_flush_cpu_cache(void)
{
	struct tdxm_run *run = &tdxm.run;
	int cpu = smp_processor_id();

	WRITE_ONCE(run->cpu_flushes[cpu], run->cpu_flushes[cpu] + 1);
	cpumask_clear_cpu(cpu, &run->cache_dirty);
	if (tdxm_cpu_jumps(cpu))
		tdxm_report_jump(cpu);
}

/**
 * tdxm_inherit_locked() - Start as a module an earlier kernel initialized
 *
 * The platform facts TDH.SYS.INIT would record are not needed: every
 * leaf that reads them refuses a module in this state before.
 *
 * Context: Model lock held, from a reset.
 */
void tdxm_inherit_locked(void)
{
	struct tdxm_run *run = &tdxm.run;

	lockdep_assert_held(&tdxm_lock);

	run->sys_state = TDX_MODEL_SYS_READY;
	cpumask_setall(&run->lp_init);
	run->hkid_min = tdxm.cfg.mktme_keyids + 1;
	run->hkid_max = tdxm.cfg.mktme_keyids + tdxm.cfg.tdx_keyids;
}

/**
 * tdx_model_cpu_flushes() - Flushes of one CPU's caches through the seam
 * @cpu: the CPU
 *
 * Context: Any context.
 * Return: how often @cpu flushed its own caches since the last reset.
 */
unsigned long tdx_model_cpu_flushes(int cpu)
{
	return READ_ONCE(tdxm.run.cpu_flushes[cpu]);
}

/**
 * tdx_model_cpu_cache_dirty() - Whether a CPU may hold private lines
 * @cpu: the CPU
 *
 * Context: Any context.
 * Return: true if @cpu made a SEAMCALL since it last flushed its caches
 * (on its own or in a flush of all CPUs).
 */
bool tdx_model_cpu_cache_dirty(int cpu)
{
	return cpumask_test_cpu(cpu, &tdxm.run.cache_dirty);
}

/**
 * tdx_model_unmarked_calls() - SEAMCALLs on CPUs the host had not marked
 *
 * Context: Any context.
 * Return: how many SEAMCALLs since the last reset found the calling CPU
 * not marked as possibly holding private cache lines.
 */
unsigned int tdx_model_unmarked_calls(void)
{
	return READ_ONCE(tdxm.run.unmarked_calls);
}
