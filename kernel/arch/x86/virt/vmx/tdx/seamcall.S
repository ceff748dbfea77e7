/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host entry points for SEAMCALL.
 *
 * All three take the RAX value (leaf and version) in RDI and a
 * struct tdx_module_args in RSI, and return the completion status in RAX.
 * They differ only in which registers travel through @args; the shared
 * TDX_MODULE_CALL macro does the register shuffling and turns a failed
 * VM entry (no module loaded), #GP (SEAM disabled) and #UD (not in VMX
 * operation) into the software status values of <asm/tdx.h>.
 */
#include <linux/linkage.h>
#include <asm/frame.h>
#include "tdxcall.S"

/* One host entry point: which registers come back is up to the flags. */
.macro SEAMCALL_ENTRY name:req ret=0 saved=0
SYM_FUNC_START(\name)
	TDX_MODULE_CALL host=1 ret=\ret saved=\saved
SYM_FUNC_END(\name)
.endm

/* RCX, RDX and R8-R11 are inputs; nothing is written back. */
SEAMCALL_ENTRY __seamcall

/* As __seamcall(), and RCX, RDX and R8-R11 are written back to @args. */
SEAMCALL_ENTRY __seamcall_ret ret=1

/*
 * Every register in @args is an input and an output, callee-saved ones
 * (RBX, R12-R15) and RDI/RSI included.  Only for leaves that need them.
 */
SEAMCALL_ENTRY __seamcall_saved_ret ret=1 saved=1
