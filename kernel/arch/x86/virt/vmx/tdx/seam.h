/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam between the TDX host code and the hardware it drives.
 * Internal to arch/x86/virt/vmx/tdx/.
 *
 * Everything the host code does to TDX hardware goes through here: the
 * SEAMCALL instruction (to the TDX module and to P-SEAMLDR), the MSR
 * reads of boot detection, the cache flushes (on all CPUs, or on the
 * local one on its way to kexec) and the reset of memory the module wrote
 * under a private KeyID.  Each is a static call whose default target is
 * the hardware operation itself, so a call through the seam costs what a
 * direct call costs.
 *
 * A test double of the TDX module replaces the targets with
 * tdx_seam_install() and restores them with tdx_seam_install(NULL).  The
 * code above the seam does not know, and never asks, which is installed.
 */
#ifndef _X86_VIRT_TDX_SEAM_H
#define _X86_VIRT_TDX_SEAM_H

#include <linux/static_call.h>
#include <linux/types.h>
#include <asm/tdx.h>

/* The assembly entry points (seamcall.S). */
u64 __seamcall(u64 fn, struct tdx_module_args *args);
u64 __seamcall_ret(u64 fn, struct tdx_module_args *args);
u64 __seamcall_saved_ret(u64 fn, struct tdx_module_args *args);

/* Which registers a SEAMCALL writes back to its struct tdx_module_args. */
enum seamcall_regs {
	/* None: RAX, the status, is all the caller needs. */
	SEAMCALL_REGS_NONE,
	/* RCX, RDX and R8-R11. */
	SEAMCALL_REGS_RET,
	/* All of them, callee-saved RBX and R12-R15 included. */
	SEAMCALL_REGS_SAVED_RET,
};

/* The hardware implementations of the other operations (seamcall_lib.c). */
int tdx_hw_read_msr(u32 msr, u64 *val);
void tdx_hw_flush_caches(void);
void tdx_hw_flush_cpu_cache(void);
void tdx_hw_clear_private(void *va, unsigned long bytes);
bool tdx_hw_cpu_in_vmx(void);

/**
 * struct tdx_seam_ops - What a test double of TDX hardware provides
 * @seamcall:		SEAMCALL writing no output register back
 * @seamcall_ret:	SEAMCALL writing RCX, RDX and R8-R11 back to @args
 * @seamcall_saved_ret:	SEAMCALL writing every register of @args back
 * @read_msr:		read an MSR; 0, or -EIO if it does not exist
 * @flush_caches:	write back and invalidate the caches of all CPUs
 * @flush_cpu_cache:	write back and invalidate the local CPU's caches;
 *			called from any context, NMI and the CPU's last
 *			steps before kexec included
 * @clear_private:	overwrite whole cache lines of memory the module
 *			wrote with a private KeyID (64-byte aligned, length
 *			a multiple of 64)
 * @cpu_in_vmx:		whether the local CPU is in VMX operation, which
 *			SEAMCALL needs
 * @stop_wait_ns:	how long a CPU stopped for a runtime update waits
 *			for the others before it gives up; 0 for the
 *			default.  Physical CPUs inside stop_machine() are
 *			never descheduled, the virtual CPUs a test double
 *			runs on can be.
 * @signing_key_hash:	SHA-384 of the RSA modulus (as the sigstruct stores
 *			it) that P-SEAMLDR trusts; NULL for Intel's
 *			production key, the only one real P-SEAMLDRs take
 *
 * Every operation but @stop_wait_ns and @signing_key_hash must be set.
 * The SEAMCALL operations are called from any context, with interrupts
 * disabled and from stopper threads included; they return the
 * completion status in RAX, or one of the software statuses of
 * <asm/tdx.h> when the instruction itself fails.
 */
struct tdx_seam_ops {
	u64 (*seamcall)(u64 fn, struct tdx_module_args *args);
	u64 (*seamcall_ret)(u64 fn, struct tdx_module_args *args);
	u64 (*seamcall_saved_ret)(u64 fn, struct tdx_module_args *args);
	int (*read_msr)(u32 msr, u64 *val);
	void (*flush_caches)(void);
	void (*flush_cpu_cache)(void);
	void (*clear_private)(void *va, unsigned long bytes);
	bool (*cpu_in_vmx)(void);
	u64 stop_wait_ns;
	const u8 *signing_key_hash;
};

DECLARE_STATIC_CALL(tdx_seam_seamcall, __seamcall);
DECLARE_STATIC_CALL(tdx_seam_seamcall_ret, __seamcall_ret);
DECLARE_STATIC_CALL(tdx_seam_seamcall_saved_ret, __seamcall_saved_ret);
DECLARE_STATIC_CALL(tdx_seam_read_msr, tdx_hw_read_msr);
DECLARE_STATIC_CALL(tdx_seam_flush_caches, tdx_hw_flush_caches);
DECLARE_STATIC_CALL(tdx_seam_flush_cpu_cache, tdx_hw_flush_cpu_cache);
DECLARE_STATIC_CALL(tdx_seam_clear_private, tdx_hw_clear_private);
DECLARE_STATIC_CALL(tdx_seam_cpu_in_vmx, tdx_hw_cpu_in_vmx);

u64 tdx_seam_stop_wait_ns(u64 dflt);
const u8 *tdx_seam_signing_key_hash(void);
void tdx_seam_install(const struct tdx_seam_ops *ops);

#endif /* _X86_VIRT_TDX_SEAM_H */
