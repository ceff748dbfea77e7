/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TDX host interface offered to the rest of the kernel (KVM, the
 * tdx_host driver, the boot and machine-check code).  The guest side lives
 * in <asm/tdx.h>, which includes this header.
 */
#ifndef _ASM_X86_TDX_HOST_H
#define _ASM_X86_TDX_HOST_H

#include <linux/errno.h>
#include <linux/init.h>
#include <linux/types.h>

struct mce;

#ifdef CONFIG_INTEL_TDX_HOST
void __init tdx_init(void);
int tdx_cpu_enable(void);
int tdx_enable(void);
const char *tdx_dump_mce_info(struct mce *m);
#else
static inline void tdx_init(void) { }
static inline int tdx_cpu_enable(void) { return -ENODEV; }
static inline int tdx_enable(void) { return -ENODEV; }
static inline const char *tdx_dump_mce_info(struct mce *m) { return NULL; }
#endif /* CONFIG_INTEL_TDX_HOST */

#endif /* _ASM_X86_TDX_HOST_H */
