/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEAMCALL layer: how the host kernel talks to the TDX module and to
 * P-SEAMLDR.  Internal to arch/x86/virt/vmx/tdx/.
 *
 * Callers pick the entry point by what the leaf returns:
 *
 *   seamcall()            no output registers are needed
 *   seamcall_ret()        RCX, RDX and R8-R11 are written back to @args
 *   seamcall_saved_ret()  all registers in @args, including callee-saved
 *
 * All three retry a bounded number of times on TDX_RND_NO_ENTROPY and on
 * nothing else.  In particular they do not loop on
 * TDX_INTERRUPTED_RESUMABLE: whether and how to resume an interrupted leaf
 * depends on the leaf, so the caller picks one of the two resumable
 * forms below, which follow the leaf's convention.
 */
#ifndef _X86_VIRT_TDX_SEAMCALL_H
#define _X86_VIRT_TDX_SEAMCALL_H

#include <linux/compiler.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/types.h>
#include <asm/tdx.h>

#include "abi.h"
#include "seam.h"

/*
 * Set on a CPU before its first SEAMCALL, cleared when it flushes its
 * caches in tdx_cpu_flush_cache().
 */
DECLARE_PER_CPU(bool, tdx_cache_incoherent);

/*
 * The one place a SEAMCALL leaves the kernel: through the seam, from
 * whatever context the caller is in (stopper thread, IPI, cpuhp callback,
 * IRQs off).  @regs is a constant at every call site, so this is a single
 * static call.
 */
static __always_inline u64 seamcall_insn(enum seamcall_regs regs, u64 fn,
					 struct tdx_module_args *args)
{
	u64 status;

	/*
	 * From the call on, this CPU's caches may hold lines the module
	 * wrote with a private KeyID, which must not reach a kernel started
	 * by kexec.  Mark the CPU first: the NMI that stops it for a crash
	 * dump can arrive in the middle of the call.  Preemption is off so
	 * that the mark and the call are on the same CPU.
	 */
	preempt_disable();
	this_cpu_write(tdx_cache_incoherent, true);
	switch (regs) {
	case SEAMCALL_REGS_NONE:
		status = static_call(tdx_seam_seamcall)(fn, args);
		break;
	case SEAMCALL_REGS_RET:
		status = static_call(tdx_seam_seamcall_ret)(fn, args);
		break;
	default:
		status = static_call(tdx_seam_seamcall_saved_ret)(fn, args);
		break;
	}
	preempt_enable();
	return status;
}

/*
 * The module returns TDX_RND_NO_ENTROPY when the CPU's random number
 * generator is momentarily exhausted.  Retry as often as RDRAND users do.
 */
#define TDX_NO_ENTROPY_TRIES	10

static __always_inline u64 seamcall_retry(enum seamcall_regs regs, u64 fn,
					  struct tdx_module_args *args)
{
	struct tdx_module_args in = *args;
	int tries = TDX_NO_ENTROPY_TRIES;
	u64 status;

	for (;;) {
		status = seamcall_insn(regs, fn, args);
		if (tdx_status_code(status) != TDX_RND_NO_ENTROPY || !--tries)
			return status;
		/* The failed call may have written outputs over the inputs. */
		*args = in;
	}
}

static inline u64 seamcall(u64 fn, struct tdx_module_args *args)
{
	return seamcall_retry(SEAMCALL_REGS_NONE, fn, args);
}

static inline u64 seamcall_ret(u64 fn, struct tdx_module_args *args)
{
	return seamcall_retry(SEAMCALL_REGS_RET, fn, args);
}

static inline u64 seamcall_saved_ret(u64 fn, struct tdx_module_args *args)
{
	return seamcall_retry(SEAMCALL_REGS_SAVED_RET, fn, args);
}

/*
 * Resumable leaves.  A long-running leaf stops when an interrupt is
 * pending and returns TDX_INTERRUPTED_RESUMABLE; how to go on is part of
 * the leaf's interface, in one of two forms:
 *
 *   seamcall_repeat()  the module remembers how far it got: make the same
 *                      call again, with the inputs of the first call;
 *   seamcall_resume()  the module forgets: its outputs describe how far it
 *                      got, and go back in as inputs with the leaf's
 *                      resume flag set.
 *
 * Both keep calling until the leaf returns anything else and make every
 * call with seamcall_ret().  Neither sleeps or calls cond_resched(): they
 * may run with interrupts off, where the interrupt that stopped the
 * module is still pending when the call is repeated.  A module that
 * stops for it before doing any work would then never finish, so both
 * loops are bounded: by TDX_RESUME_MAX_STALLS interruptions in a row
 * without progress, and by TDX_RESUME_MAX_CALLS calls in all.  Progress
 * is a change of the leaf's progress mark, read from the outputs; without
 * a mark every interruption counts as a stall.  Hitting a bound is logged
 * and returns TDX_INTERRUPTED_RESUMABLE, which tdx_status_to_errno() maps
 * to -ETIMEDOUT.
 */
#define TDX_RESUME_MAX_STALLS	64
#define TDX_RESUME_MAX_CALLS	8192

/**
 * struct seamcall_resumable - How to go on with an interrupted leaf
 * @mark:	reads the leaf's progress mark from its registers, called on
 *		the inputs before the first call and on the outputs of each
 *		interrupted call; NULL if the leaf shows no progress
 * @set_resume:	seamcall_resume() only: set the leaf's resume flag in the
 *		registers that go back in
 * @calls:	out: SEAMCALLs made
 * @interruptions: out: how many of them returned TDX_INTERRUPTED_RESUMABLE
 */
struct seamcall_resumable {
	u64 (*mark)(const struct tdx_module_args *args);
	void (*set_resume)(struct tdx_module_args *args);
	unsigned int calls;
	unsigned int interruptions;
};

u64 seamcall_repeat(u64 fn, struct tdx_module_args *args,
		    struct seamcall_resumable *r);
u64 seamcall_resume(u64 fn, struct tdx_module_args *args,
		    struct seamcall_resumable *r);

int tdx_status_to_errno(u64 status);
const char *tdx_leaf_name(u64 fn);
void tdx_seamcall_err(u64 fn, u64 status, const struct tdx_module_args *args);

/* Make the call; on failure report it and return tdx_status_to_errno(). */
int seamcall_prerr(u64 fn, struct tdx_module_args *args);
int seamcall_prerr_ret(u64 fn, struct tdx_module_args *args);

/*
 * P-SEAMLDR calls, serialized across all CPUs: only one logical processor
 * may be inside P-SEAMLDR at a time.  Callable with IRQs disabled.
 */
u64 seamldr_call(u64 fn, struct tdx_module_args *args);
int seamldr_status_to_errno(u64 status);

/* Platform facts read by boot detection and updates. */
int tdx_read_keyid_partitioning(u64 *val);
u64 tdx_read_vmx_basic(void);
bool tdx_platform_runs_debug_modules(void);
bool tdx_cpu_in_vmx(void);

#endif /* _X86_VIRT_TDX_SEAMCALL_H */
