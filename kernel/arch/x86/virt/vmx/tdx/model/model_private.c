// SPDX-License-Identifier: GPL-2.0
/*
 * TDX module model: the cache lines the module leaves behind.
 *
 * Once a package key is programmed, the module writes its metadata (the
 * PAMTs, from TDH.SYS.KEY.CONFIG and TDH.SYS.TDMR.INIT on; extension
 * pages, from TDH.EXT.MEM.ADD on) with its private KeyID, and the caches
 * of any CPU may hold such lines.  Before the kernel takes the memory
 * back it must write them back on every CPU (through the seam's cache
 * flush), and on CPUs with the partial-write erratum it must then reset
 * the memory (through the seam's reset of private memory).
 *
 * The model records each such range of allocated memory as dirty until
 * the host flushes, and as reset when the host resets it afterwards.  It
 * cannot see the page allocator, so it looks: a recorded page whose
 * reference count has dropped to zero has been freed.  One freed while dirty, or (with the
 * erratum emulated) without a reset since it was last written, is a
 * violation: tdx_model_private_violations() counts them, the test
 * helpers fail the running case on any, and debugfs shows them.
 */
#define pr_fmt(fmt) "tdx-model: " fmt

#include <linux/mm.h>
#include <linux/page_ref.h>
#include <linux/pfn.h>
#include <linux/printk.h>

#include "model_internal.h"

/* Pages with a reference are allocated: the first and the last count. */
static bool tdxm_private_in_use(u64 pa, u64 len)
{
	unsigned long first = PHYS_PFN(pa), last = PHYS_PFN(pa + len - 1);

	return pfn_valid(first) && pfn_valid(last) &&
	       page_ref_count(pfn_to_page(first)) &&
	       page_ref_count(pfn_to_page(last));
}

/* The recorded range that contains [@pa, @pa + @len), if any. */
static struct tdxm_private *tdxm_private_find(u64 pa, u64 len)
{
	struct tdxm_run *run = &tdxm.run;
	unsigned int i;

	for (i = 0; i < run->nr_private; i++) {
		struct tdxm_private *p = &run->private[i];

		if (p->pa <= pa && pa + len <= p->pa + p->len)
			return p;
	}
	return NULL;
}

/**
 * tdxm_private_write() - Record that the module wrote memory privately
 * @pa: physical address
 * @len: length in bytes
 *
 * Context: Model lock held.
 */
void tdxm_private_write(u64 pa, u64 len)
{
	struct tdxm_run *run = &tdxm.run;
	struct tdxm_private *p = tdxm_private_find(pa, len);

	if (!len)
		return;
	/* Only memory the kernel gave the module can be given back. */
	if (!p && !tdxm_private_in_use(pa, len))
		return;
	if (!p) {
		if (run->nr_private == MODEL_MAX_PRIVATE) {
			pr_warn_once("too many private ranges to follow\n");
			return;
		}
		p = &run->private[run->nr_private++];
		p->pa = pa;
		p->len = len;
	}
	p->dirty = true;
	p->reset = false;
}

/**
 * tdxm_private_write_pamts() - The module wrote the PAMT of a TDMR
 * @tdmr: index of the configured TDMR
 *
 * Context: Model lock held.
 */
void tdxm_private_write_pamts(unsigned int tdmr)
{
	const struct tdmr_pamt_area *pamt = tdxm.run.tdmrs[tdmr].pamt;
	int level;

	for (level = 0; level < TDMR_PAMT_LEVELS; level++)
		tdxm_private_write(pamt[level].base, pamt[level].size);
}

/**
 * tdxm_private_flush() - All CPUs wrote their caches back
 *
 * Context: Model lock held.
 */
void tdxm_private_flush(void)
{
	struct tdxm_run *run = &tdxm.run;
	unsigned int i;

	tdxm_private_check();
	for (i = 0; i < run->nr_private; i++)
		run->private[i].dirty = false;
}

/**
 * tdxm_private_reset() - The host reset memory in whole cache lines
 * @pa: physical address
 * @len: length in bytes
 *
 * Only a range written back before counts as reset: a line still in
 * some cache would be written back over the reset.
 *
 * Context: Model lock held.
 */
void tdxm_private_reset(u64 pa, u64 len)
{
	struct tdxm_run *run = &tdxm.run;
	unsigned int i;

	tdxm_private_check();
	for (i = 0; i < run->nr_private; i++) {
		struct tdxm_private *p = &run->private[i];

		if (!p->dirty && p->pa >= pa && p->pa + p->len <= pa + len)
			p->reset = true;
	}
}

/* Recorded memory is allocated RAM; freed, it has no reference left. */
static bool tdxm_private_freed(const struct tdxm_private *p)
{
	return !tdxm_private_in_use(p->pa, p->len);
}

/**
 * tdxm_private_check() - Look for recorded memory the host has freed
 *
 * Freed ranges are forgotten; each freed too early is a violation.
 *
 * Context: Model lock held.
 */
void tdxm_private_check(void)
{
	struct tdxm_run *run = &tdxm.run;
	unsigned int i = 0;

	while (i < run->nr_private) {
		struct tdxm_private *p = &run->private[i];

		if (!tdxm_private_freed(p)) {
			i++;
			continue;
		}
		if (p->dirty || (tdxm.cfg.pw_mce_erratum && !p->reset)) {
			run->private_violations++;
			pr_err("[%#llx-%#llx) given back %s\n", p->pa,
			       p->pa + p->len, p->dirty ?
			       "with private lines in the caches" :
			       "without a reset (partial-write erratum)");
		}
		*p = run->private[--run->nr_private];
	}
}

/**
 * tdx_model_private_violations() - Private memory given back too early
 *
 * Looks for freed memory first.
 *
 * Context: Any context.
 * Return: how often, since the last reset, the host freed memory the
 * module wrote privately before flushing caches, or before resetting it
 * on CPUs with the partial-write erratum.
 */
unsigned int tdx_model_private_violations(void)
{
	unsigned long flags;
	unsigned int n;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm_private_check();
	n = tdxm.run.private_violations;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
	return n;
}

/**
 * tdx_model_private_bytes() - Memory the module wrote privately
 * @dirty: receives how much of it may still be in the caches
 *
 * Context: Any context.
 * Return: the bytes recorded and not freed yet.
 */
u64 tdx_model_private_bytes(u64 *dirty)
{
	unsigned long flags;
	u64 total = 0;
	unsigned int i;

	*dirty = 0;
	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm_private_check();
	for (i = 0; i < tdxm.run.nr_private; i++) {
		total += tdxm.run.private[i].len;
		if (tdxm.run.private[i].dirty)
			*dirty += tdxm.run.private[i].len;
	}
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
	return total;
}
