// SPDX-License-Identifier: GPL-2.0
/*
 * TDX host lifecycle.  Placeholder until the core lifecycle lands: boot
 * detection finds no TDX, and nothing can be enabled.
 */
#include <asm/tdx.h>

void __init tdx_init(void)
{
}

int tdx_cpu_enable(void)
{
	return -ENODEV;
}
EXPORT_SYMBOL_GPL(tdx_cpu_enable);

int tdx_enable(void)
{
	return -ENODEV;
}
EXPORT_SYMBOL_GPL(tdx_enable);

const char *tdx_dump_mce_info(struct mce *m)
{
	return NULL;
}
