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

/* RCX, RDX and R8-R11 are inputs; nothing is written back. */
SYM_FUNC_START(__seamcall)
	TDX_MODULE_CALL host=1
SYM_FUNC_END(__seamcall)

/* As __seamcall(), and RCX, RDX and R8-R11 are written back to @args. */
SYM_FUNC_START(__seamcall_ret)
	TDX_MODULE_CALL host=1 ret=1
SYM_FUNC_END(__seamcall_ret)

/*
 * Every register in @args is an input and an output, callee-saved ones
 * (RBX, R12-R15) and RDI/RSI included.  Only for leaves that need them.
 */
SYM_FUNC_START(__seamcall_saved_ret)
	TDX_MODULE_CALL host=1 ret=1 saved=1
SYM_FUNC_END(__seamcall_saved_ret)
