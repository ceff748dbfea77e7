// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers around the SEAMCALL instruction: the seam to the hardware,
 * turning completion statuses into errno values and log messages,
 * serializing P-SEAMLDR calls, and reading the platform facts that tell
 * whether TDX can work at all.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/bug.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/pgtable.h>
#include <linux/printk.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/static_call.h>
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/special_insns.h>

#include "seamcall.h"

DEFINE_STATIC_CALL(tdx_seam_seamcall, __seamcall);
DEFINE_STATIC_CALL(tdx_seam_seamcall_ret, __seamcall_ret);
DEFINE_STATIC_CALL(tdx_seam_seamcall_saved_ret, __seamcall_saved_ret);
DEFINE_STATIC_CALL(tdx_seam_read_msr, tdx_hw_read_msr);
DEFINE_STATIC_CALL(tdx_seam_flush_caches, tdx_hw_flush_caches);
DEFINE_STATIC_CALL(tdx_seam_flush_cpu_cache, tdx_hw_flush_cpu_cache);
DEFINE_STATIC_CALL(tdx_seam_clear_private, tdx_hw_clear_private);
DEFINE_STATIC_CALL(tdx_seam_cpu_in_vmx, tdx_hw_cpu_in_vmx);

/* Set by tdx_seam_install(); 0 and NULL while the hardware is installed. */
static u64 tdx_seam_wait_ns __read_mostly;
static const u8 *tdx_seam_key_hash __read_mostly;

/**
 * tdx_hw_read_msr() - Read an MSR of the CPU
 * @msr:	the MSR
 * @val:	receives its value
 *
 * Context: Any context.
 * Return: 0, or -EIO if the MSR does not exist.
 */
int tdx_hw_read_msr(u32 msr, u64 *val)
{
	return rdmsrl_safe(msr, val) ? -EIO : 0;
}

/**
 * tdx_hw_flush_caches() - Write back and invalidate the caches of all CPUs
 *
 * Context: Process context, interrupts enabled: it waits for every CPU.
 */
void tdx_hw_flush_caches(void)
{
	wbinvd_on_all_cpus();
}

/**
 * tdx_hw_flush_cpu_cache() - Write back and invalidate the local CPU's caches
 *
 * Context: Any context, NMI included.
 */
void tdx_hw_flush_cpu_cache(void)
{
	native_wbinvd();
}

DEFINE_PER_CPU(bool, tdx_cache_incoherent);

/**
 * tdx_cpu_flush_cache() - Write back the local caches if the module may
 *			   have left private lines in them
 *
 * A CPU that made a SEAMCALL may hold cache lines the module wrote with
 * a private KeyID.  Written back later, over memory a kernel started by
 * kexec uses by then, they would corrupt it.  Flush them here, where no
 * SEAMCALL can follow: when VMX is turned off on the CPU, when the CPU is
 * stopped for kexec or a crash dump, and on the CPU that jumps to the new
 * kernel.  A CPU that made no SEAMCALL since its last flush does nothing.
 *
 * Context: Any context, NMI included; preemption disabled.  No SEAMCALL
 * may run on this CPU until the caller is done.
 */
void tdx_cpu_flush_cache(void)
{
	if (!this_cpu_read(tdx_cache_incoherent))
		return;
	static_call(tdx_seam_flush_cpu_cache)();
	this_cpu_write(tdx_cache_incoherent, false);
}
EXPORT_SYMBOL_GPL(tdx_cpu_flush_cache);

/**
 * tdx_hw_clear_private() - Overwrite memory in whole cache lines
 * @va:		start, 64-byte aligned
 * @bytes:	length, a multiple of 64
 *
 * MOVDIR64B writes a full line without reading it first, which is what
 * memory the module wrote with a private KeyID needs on CPUs with the
 * partial-write erratum.
 *
 * Context: Any context.
 */
void tdx_hw_clear_private(void *va, unsigned long bytes)
{
	const void *zeros = page_address(ZERO_PAGE(0));
	unsigned long off;

	for (off = 0; off < bytes; off += 64)
		movdir64b(va + off, zeros);
	/* MOVDIR64B stores are weakly ordered; finish them before reuse. */
	mb();
}

/**
 * tdx_hw_cpu_in_vmx() - Whether the local CPU is in VMX operation
 *
 * KVM sets CR4.VMXE right before VMXON and clears it right after VMXOFF,
 * so the bit tells whether SEAMCALL can work here.
 *
 * Context: Preemption disabled.
 * Return: true if CR4.VMXE is set.
 */
bool tdx_hw_cpu_in_vmx(void)
{
	return cr4_read_shadow() & X86_CR4_VMXE;
}

/**
 * tdx_cpu_in_vmx() - Whether SEAMCALL can work on the local CPU
 *
 * Context: Preemption disabled.
 * Return: true if the local CPU is in VMX operation.
 */
bool tdx_cpu_in_vmx(void)
{
	return static_call(tdx_seam_cpu_in_vmx)();
}

/**
 * tdx_seam_stop_wait_ns() - How long a stopped CPU waits for the others
 * @dflt:	the bound for physical CPUs
 *
 * Context: Any context.
 * Return: @dflt, or the bound the installed operations ask for.
 */
u64 tdx_seam_stop_wait_ns(u64 dflt)
{
	return tdx_seam_wait_ns ?: dflt;
}

/*
 * SHA-384 of Intel's production signing key's modulus, the only key a
 * production P-SEAMLDR accepts (tdx-abi.md section 7).
 */
static const u8 tdx_intel_key_hash[SEAM_SIGSTRUCT_HASH_BYTES] = {
	0xc8, 0x57, 0x2f, 0x54, 0x88, 0x69, 0xa0, 0xbe,
	0xca, 0x19, 0x37, 0x6b, 0x81, 0xc2, 0xdf, 0xfc,
	0x2a, 0x23, 0xb5, 0xa5, 0xf7, 0x1d, 0xa0, 0xb8,
	0x75, 0x79, 0xb4, 0x3f, 0x40, 0x8d, 0xaa, 0x1a,
	0x33, 0xba, 0xd9, 0xc1, 0x49, 0xeb, 0x56, 0xc6,
	0x34, 0xf8, 0x83, 0x73, 0x79, 0x68, 0xa3, 0x4c,
};

/**
 * tdx_seam_signing_key_hash() - The signing key P-SEAMLDR trusts
 *
 * Context: Any context.
 * Return: SEAM_SIGSTRUCT_HASH_BYTES bytes: SHA-384 of the modulus of the
 * key whose signatures P-SEAMLDR accepts.
 */
const u8 *tdx_seam_signing_key_hash(void)
{
	return tdx_seam_key_hash ?: tdx_intel_key_hash;
}

/* What tdx_seam_install(NULL) puts back: the defaults of the static calls. */
static const struct tdx_seam_ops tdx_hw_seam_ops = {
	.seamcall		= __seamcall,
	.seamcall_ret		= __seamcall_ret,
	.seamcall_saved_ret	= __seamcall_saved_ret,
	.read_msr		= tdx_hw_read_msr,
	.flush_caches		= tdx_hw_flush_caches,
	.flush_cpu_cache	= tdx_hw_flush_cpu_cache,
	.clear_private		= tdx_hw_clear_private,
	.cpu_in_vmx		= tdx_hw_cpu_in_vmx,
};

/**
 * tdx_seam_install() - Replace the hardware behind the seam
 * @ops:	the replacement, every operation set; NULL for the hardware
 *
 * Context: Process context, or early boot before detection; may sleep.
 * No SEAMCALL may be in flight, and the caller must not hold the CPU
 * hotplug lock.
 */
void tdx_seam_install(const struct tdx_seam_ops *ops)
{
	if (!ops)
		ops = &tdx_hw_seam_ops;

	static_call_update(tdx_seam_seamcall, ops->seamcall);
	static_call_update(tdx_seam_seamcall_ret, ops->seamcall_ret);
	static_call_update(tdx_seam_seamcall_saved_ret, ops->seamcall_saved_ret);
	static_call_update(tdx_seam_read_msr, ops->read_msr);
	static_call_update(tdx_seam_flush_caches, ops->flush_caches);
	static_call_update(tdx_seam_flush_cpu_cache, ops->flush_cpu_cache);
	static_call_update(tdx_seam_clear_private, ops->clear_private);
	static_call_update(tdx_seam_cpu_in_vmx, ops->cpu_in_vmx);
	tdx_seam_wait_ns = ops->stop_wait_ns;
	tdx_seam_key_hash = ops->signing_key_hash;
}

/*
 * Only one logical processor may be inside P-SEAMLDR at a time; a second
 * one gets VMfailInvalid.  Callers run in any context, including with
 * interrupts off inside stop_machine(), hence a raw spinlock.
 */
static DEFINE_RAW_SPINLOCK(seamldr_lock);

/*
 * The SEAMCALL instruction itself failed: the software-defined statuses
 * of <asm/tdx.h>, matched as a whole.  Shared by the TDX module's and
 * P-SEAMLDR's status mappings; 0 for any other status.
 */
static int seamcall_insn_errno(u64 status)
{
	switch (status) {
	case TDX_SEAMCALL_VMFAILINVALID:
		return -ENODEV;
	case TDX_SEAMCALL_GP:
		return -EOPNOTSUPP;
	case TDX_SEAMCALL_UD:
		return -EACCES;
	default:
		return 0;
	}
}

/**
 * tdx_status_to_errno() - Map a SEAMCALL completion status to an errno
 * @status: RAX as returned by a SEAMCALL to the TDX module
 *
 * This is the one mapping the TDX host code uses.  Statuses with bit 63
 * clear are not errors: besides TDX_SUCCESS the module reports some
 * informational outcomes that way, such as TDX_KEY_CONFIGURED (the
 * package already has its key) or TDX_TDMR_ALREADY_INITIALIZED.  They map
 * to 0; callers that must tell them apart compare the raw status with
 * tdx_status_code() before mapping it.
 *
 * Busy statuses mean that another logical processor holds a resource the
 * leaf needs: the same call may succeed later, hence -EBUSY.  Running out
 * of entropy is transient too, but by the time a caller sees it the
 * SEAMCALL layer has already retried TDX_NO_ENTROPY_TRIES times, so it
 * maps to -EAGAIN to let the caller decide whether to try again later.
 * TDX_INTERRUPTED_RESUMABLE reaches a caller only when a resumable loop
 * (seamcall_repeat(), seamcall_resume()) gave up on a module that did not
 * finish: -ETIMEDOUT.
 *
 * Context: Any context.
 * Return: 0 if @status is not an error, a negative errno otherwise.
 */
int tdx_status_to_errno(u64 status)
{
	int ret;

	if (!(status & TDX_STATUS_ERROR))
		return 0;

	ret = seamcall_insn_errno(status);
	if (ret)
		return ret;

	switch (tdx_status_code(status)) {
	case TDX_UPDATE_COMPAT_SENSITIVE:
	case TDX_OPERAND_BUSY:
	case TDX_SYS_BUSY:
		return -EBUSY;
	case TDX_RND_NO_ENTROPY:
		return -EAGAIN;
	case TDX_INTERRUPTED_RESUMABLE:
		return -ETIMEDOUT;
	default:
		return -EIO;
	}
}

/* Names of the TDX module leaves, indexed by leaf number. */
static const char * const tdx_leaf_names[] = {
	[TDH_PHYMEM_PAGE_RDMD]	= "TDH.PHYMEM.PAGE.RDMD",
	[TDH_SYS_KEY_CONFIG]	= "TDH.SYS.KEY.CONFIG",
	[TDH_SYS_INFO]		= "TDH.SYS.INFO",
	[TDH_SYS_INIT]		= "TDH.SYS.INIT",
	[TDH_SYS_RD]		= "TDH.SYS.RD",
	[TDH_SYS_LP_INIT]	= "TDH.SYS.LP.INIT",
	[TDH_SYS_TDMR_INIT]	= "TDH.SYS.TDMR.INIT",
	[TDH_SYS_RDALL]		= "TDH.SYS.RDALL",
	[TDH_SYS_LP_SHUTDOWN]	= "TDH.SYS.LP.SHUTDOWN",
	[TDH_SYS_CONFIG]	= "TDH.SYS.CONFIG",
	[TDH_SYS_SHUTDOWN]	= "TDH.SYS.SHUTDOWN",
	[TDH_SYS_UPDATE]	= "TDH.SYS.UPDATE",
	[TDH_PHYMEM_PAMT_ADD]	= "TDH.PHYMEM.PAMT.ADD",
	[TDH_PHYMEM_PAMT_REMOVE] = "TDH.PHYMEM.PAMT.REMOVE",
	[TDH_EXT_INIT]		= "TDH.EXT.INIT",
	[TDH_EXT_MEM_ADD]	= "TDH.EXT.MEM.ADD",
	[TDH_SYS_DISABLE]	= "TDH.SYS.DISABLE",
};

/* Names of the P-SEAMLDR leaves, indexed by RAX without bit 63. */
static const char * const seamldr_leaf_names[] = {
	[P_SEAMLDR_INFO & ~SEAMLDR_LEAF_BIT]	 = "SEAMLDR.INFO",
	[P_SEAMLDR_INSTALL & ~SEAMLDR_LEAF_BIT]	 = "SEAMLDR.INSTALL",
	[P_SEAMLDR_SHUTDOWN & ~SEAMLDR_LEAF_BIT] = "SEAMLDR.SHUTDOWN",
	[P_SEAMLDR_SEAMINFO & ~SEAMLDR_LEAF_BIT] = "SEAMLDR.SEAMINFO",
	[P_SEAMLDR_CLEANUP & ~SEAMLDR_LEAF_BIT]	 = "SEAMLDR.CLEANUP",
};

/**
 * tdx_leaf_name() - Name a SEAMCALL leaf for log messages
 * @fn: RAX of the SEAMCALL (leaf number and version, or a P-SEAMLDR leaf)
 *
 * The interface version in bits 23:16 is ignored.
 *
 * Context: Any context.
 * Return: The name used by the specifications, or "unknown leaf".
 */
const char *tdx_leaf_name(u64 fn)
{
	const char *name = NULL;
	u64 leaf;

	if (fn & SEAMLDR_LEAF_BIT) {
		leaf = fn & ~SEAMLDR_LEAF_BIT;
		if (leaf < ARRAY_SIZE(seamldr_leaf_names))
			name = seamldr_leaf_names[leaf];
	} else if (!(fn & ~(TDX_LEAF_MASK | TDX_LEAF_VERSION_MASK))) {
		leaf = fn & TDX_LEAF_MASK;
		if (leaf < ARRAY_SIZE(tdx_leaf_names))
			name = tdx_leaf_names[leaf];
	}

	return name ?: "unknown leaf";
}

/**
 * tdx_seamcall_err() - Log a failed SEAMCALL
 * @fn: RAX of the SEAMCALL
 * @status: the completion status it returned
 * @args: the registers after the call, or NULL if they are not of interest
 *
 * The error status alone often does not say what went wrong: several
 * leaves report the offending operand or a next-to-process address in
 * RCX, RDX and R8 onwards, so those are logged too.
 *
 * Context: Any context.
 */
void tdx_seamcall_err(u64 fn, u64 status, const struct tdx_module_args *args)
{
	if (status == TDX_SEAMCALL_VMFAILINVALID) {
		pr_err("%s: no TDX module loaded\n", tdx_leaf_name(fn));
		return;
	}

	pr_err("%s (0x%llx) failed: 0x%016llx\n", tdx_leaf_name(fn), fn, status);
	if (!args)
		return;

	pr_err("  rcx 0x%llx rdx 0x%llx r8 0x%llx r9 0x%llx r10 0x%llx r11 0x%llx\n",
	       args->rcx, args->rdx, args->r8, args->r9, args->r10, args->r11);
}

/* Log a failed call and turn its status into an errno. */
static int seamcall_report(u64 fn, u64 status,
			   const struct tdx_module_args *args)
{
	int ret = tdx_status_to_errno(status);

	if (ret)
		tdx_seamcall_err(fn, status, args);
	return ret;
}

/**
 * seamcall_prerr() - Make a SEAMCALL that writes no outputs, log failures
 * @fn: RAX of the SEAMCALL
 * @args: input registers
 *
 * Informational statuses (bit 63 clear) count as success and are not
 * logged; see tdx_status_to_errno().
 *
 * Context: Any context in which the leaf may be called.
 * Return: 0 on success, the errno from tdx_status_to_errno() on failure.
 */
int seamcall_prerr(u64 fn, struct tdx_module_args *args)
{
	return seamcall_report(fn, seamcall(fn, args), args);
}

/**
 * seamcall_prerr_ret() - Make a SEAMCALL with outputs, log failures
 * @fn: RAX of the SEAMCALL
 * @args: input registers; RCX, RDX and R8-R11 receive the outputs
 *
 * As seamcall_prerr(), but the logged registers are the leaf's outputs.
 *
 * Context: Any context in which the leaf may be called.
 * Return: 0 on success, the errno from tdx_status_to_errno() on failure.
 */
int seamcall_prerr_ret(u64 fn, struct tdx_module_args *args)
{
	return seamcall_report(fn, seamcall_ret(fn, args), args);
}

/*
 * The loop of both resumable forms.  With @in, an interrupted call is
 * made again with those inputs (form a); without, its outputs go back in
 * with the resume flag set (form b).
 */
static u64 seamcall_resumable_loop(u64 fn, struct tdx_module_args *args,
				   struct seamcall_resumable *r,
				   const struct tdx_module_args *in)
{
	unsigned int stalls = 0;
	u64 status, mark = 0, prev;

	r->calls = 0;
	r->interruptions = 0;
	if (r->mark)
		mark = r->mark(args);

	for (;;) {
		status = seamcall_ret(fn, args);
		r->calls++;
		if (status != TDX_INTERRUPTED_RESUMABLE)
			return status;
		r->interruptions++;

		prev = mark;
		if (r->mark)
			mark = r->mark(args);
		if (r->mark && mark != prev)
			stalls = 0;
		else
			stalls++;

		if (stalls >= TDX_RESUME_MAX_STALLS ||
		    r->calls >= TDX_RESUME_MAX_CALLS) {
			pr_err("%s: gave up after %u calls, the last %u interrupted without progress\n",
			       tdx_leaf_name(fn), r->calls, stalls);
			return status;
		}

		if (in) {
			/* Form (a): the same call again. */
			*args = *in;
		} else {
			/* Form (b): the outputs go back in, marked as a resume. */
			r->set_resume(args);
		}
	}
}

/**
 * seamcall_repeat() - Call a leaf the module resumes by itself until done
 * @fn:		RAX of the SEAMCALL
 * @args:	input registers; on return, the outputs of the last call
 * @r:		the leaf's progress mark; receives call counts
 *
 * For leaves that remember their progress: after TDX_INTERRUPTED_RESUMABLE
 * the call is made again with the inputs @args had on entry.  See the
 * bounds above.
 *
 * Context: Any context in which the leaf may be called, IRQs off included.
 * Return: The status of the last call: not TDX_INTERRUPTED_RESUMABLE
 * unless a bound was hit (and logged).
 */
u64 seamcall_repeat(u64 fn, struct tdx_module_args *args,
		    struct seamcall_resumable *r)
{
	struct tdx_module_args in = *args;

	return seamcall_resumable_loop(fn, args, r, &in);
}

/**
 * seamcall_resume() - Call a leaf with a resume flag until done
 * @fn:		RAX of the SEAMCALL
 * @args:	input registers; on return, the outputs of the last call
 * @r:		the leaf's progress mark and resume flag; receives counts
 *
 * For leaves that return their progress: after TDX_INTERRUPTED_RESUMABLE
 * the output registers (RCX, RDX, R8-R11; the others keep their inputs)
 * are passed back with @r->set_resume applied.  See the bounds above.
 *
 * Context: Any context in which the leaf may be called, IRQs off included.
 * Return: The status of the last call: not TDX_INTERRUPTED_RESUMABLE
 * unless a bound was hit (and logged).
 */
u64 seamcall_resume(u64 fn, struct tdx_module_args *args,
		    struct seamcall_resumable *r)
{
	if (WARN_ON_ONCE(!r->set_resume))
		return TDX_OPERAND_INVALID;
	return seamcall_resumable_loop(fn, args, r, NULL);
}

/**
 * seamldr_call() - Call P-SEAMLDR, one logical processor at a time
 * @fn: the P-SEAMLDR leaf (bit 63 set)
 * @args: input registers; RCX, RDX and R8-R11 receive the outputs
 *
 * There is no retry here.  P-SEAMLDR reports a lack of entropy as
 * SEAMLDR_ENOENTROPY, not as TDX_RND_NO_ENTROPY, and SEAMLDR.INSTALL may
 * only run once per logical processor, so blindly repeating a call could
 * turn a transient failure into SEAMLDR_EBADCALL.  Whether to retry is
 * the caller's decision.
 *
 * Context: Any context; interrupts are disabled while P-SEAMLDR runs.
 * Return: The P-SEAMLDR completion status, or one of the software
 * statuses of <asm/tdx.h> if the SEAMCALL instruction itself failed.
 */
u64 seamldr_call(u64 fn, struct tdx_module_args *args)
{
	unsigned long flags;
	u64 status;

	raw_spin_lock_irqsave(&seamldr_lock, flags);
	status = seamcall_insn(SEAMCALL_REGS_RET, fn, args);
	raw_spin_unlock_irqrestore(&seamldr_lock, flags);

	return status;
}

/**
 * seamldr_status_to_errno() - Map a P-SEAMLDR completion status to an errno
 * @status: RAX as returned by seamldr_call()
 *
 * A rejected image (bad signature or hash) maps to -EKEYREJECTED and
 * -EBADMSG so that the update interface can tell the user what was wrong
 * with the file; a call that is not allowed now (repeated on a logical
 * processor, or no updates left) maps to -EPERM.
 *
 * Context: Any context.
 * Return: 0 on success, a negative errno otherwise.
 */
int seamldr_status_to_errno(u64 status)
{
	int ret = seamcall_insn_errno(status);

	if (ret)
		return ret;

	switch (status) {
	case SEAMLDR_SUCCESS:
		return 0;
	case SEAMLDR_EBADPARAM:
	case SEAMLDR_EBADHANDOFF:
		return -EINVAL;
	case SEAMLDR_EBADCALL:
		return -EPERM;
	case SEAMLDR_EUNSUPPORTED:
	case SEAMLDR_EUNSUPCPU:
		return -EOPNOTSUPP;
	case SEAMLDR_ENOMEM:
		return -ENOMEM;
	case SEAMLDR_EBADSIG:
		return -EKEYREJECTED;
	case SEAMLDR_EBADHASH:
		return -EBADMSG;
	case SEAMLDR_EINTERRUPT:
	case SEAMLDR_ENOENTROPY:
		return -EAGAIN;
	default:
		return -EIO;
	}
}

/**
 * tdx_read_keyid_partitioning() - Read IA32_MKTME_KEYID_PARTITIONING
 * @val: receives the MSR value (MKTME KeyIDs in bits 31:0, TDX KeyIDs in
 *	 bits 63:32)
 *
 * Context: Any context.
 * Return: 0 on success, -ENODEV if the MSR does not exist.
 */
int tdx_read_keyid_partitioning(u64 *val)
{
	if (static_call(tdx_seam_read_msr)(MSR_IA32_MKTME_KEYID_PARTITIONING, val))
		return -ENODEV;
	return 0;
}

/**
 * tdx_read_vmx_basic() - Read IA32_VMX_BASIC
 *
 * Used to check for the P-SEAMLDR erratum: on CPUs without
 * VMX_BASIC_SEAMRET_PRESERVES_VMCS, returning from P-SEAMLDR clears the
 * current VMCS.
 *
 * Context: Any context.
 * Return: The MSR value, or 0 if the MSR does not exist.
 */
u64 tdx_read_vmx_basic(void)
{
	u64 val;

	if (static_call(tdx_seam_read_msr)(MSR_IA32_VMX_BASIC, &val))
		return 0;
	return val;
}

/**
 * tdx_platform_runs_debug_modules() - Whether P-SEAMLDR loads debug modules
 *
 * P-SEAMLDR refuses a debug-signed module unless IA32_SGX_DEBUG_MODE says
 * the platform is in debug mode; without the MSR it is not.
 *
 * Context: Any context.
 * Return: true if a debug-signed module may be loaded.
 */
bool tdx_platform_runs_debug_modules(void)
{
	u64 val;

	if (static_call(tdx_seam_read_msr)(MSR_IA32_SGX_DEBUG_MODE, &val))
		return false;
	return val & SGX_DEBUG_MODE_DEBUG_ALLOWED;
}
