// SPDX-License-Identifier: GPL-2.0
/*
 * TDX module model: the extension leaves TDH.EXT.MEM.ADD and TDH.EXT.INIT,
 * with the registers of abi.h (F15.4, F15.5; no published module source
 * has the leaves, F15.1).
 *
 * TDH.EXT.MEM.ADD returns its progress in the HPA_LIST_INFO it returns:
 * the model keeps only what it needs to check that the next call goes on
 * with the interrupted one.  TDH.EXT.INIT is resumable by repetition: the
 * model keeps its progress.  How the leaves refuse bad lists and pages,
 * and the RDX of an interrupted TDH.EXT.INIT, are the model's own.  Pages
 * given stay the module's, across runtime updates too.
 */
#define pr_fmt(fmt) "tdx-model: " fmt

#include <linux/align.h>
#include <linux/bitfield.h>
#include <linux/minmax.h>

#include "model_internal.h"

/* Does @pa overlap a reserved area of TDMR @i? */
static bool tdxm_ext_in_reserved(unsigned int i, u64 pa)
{
	const struct tdxm_tdmr_info *t = &tdxm.run.staged[i];
	unsigned int j;

	for (j = 0; j < tdxm.cfg.max_reserved_per_tdmr; j++) {
		const struct tdmr_reserved_area *r = &t->reserved_areas[j];
		u64 start = t->base + r->offset;

		if (r->size && pa < start + r->size && start < pa + PAGE_SIZE)
			return true;
	}
	return false;
}

/* Is the page at @pa initialized TDX memory the module may take? */
static bool tdxm_ext_page_usable(u64 pa)
{
	const struct tdxm_run *run = &tdxm.run;
	unsigned int i;

	for (i = 0; i < run->nr_tdmrs; i++) {
		const struct tdx_model_tdmr *t = &run->tdmrs[i].pub;

		if (pa < t->base || pa >= t->base + t->size)
			continue;
		return pa + PAGE_SIZE <= t->init_end &&
		       !tdxm_ext_in_reserved(i, pa);
	}
	return false;
}

static u64 tdxm_ext_check_page(u64 pa)
{
	const struct tdxm_run *run = &tdxm.run;
	unsigned int i;

	if (!IS_ALIGNED(pa, PAGE_SIZE))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	if (!tdxm_ext_page_usable(pa))
		return TDX_OPERAND_ADDR_RANGE_ERROR | TDX_OPERAND_ID_RCX;
	for (i = 0; i < run->ext_nr; i++) {
		if (run->ext_pages[i] == pa)
			return TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX;
	}
	return TDX_SUCCESS;
}

/* The pages the current module may be given at most. */
static unsigned int tdxm_ext_capacity(void)
{
	return min_t(u32, tdxm.run.module.ext_pool_pages,
		     TDX_MODEL_MAX_EXT_PAGES);
}

/*
 * After an interruption the call must be made again with the RCX the
 * module returned.  Any other call while one is interrupted abandons it,
 * which breaks the calling rules; the model still makes it.
 */
static void tdxm_ext_add_check(u64 list_pa, u64 first, u64 last)
{
	struct tdxm_ext_add *add = &tdxm.run.ext_add;

	if (add->pending && (add->list_pa != list_pa || add->last != last ||
			     add->next != first))
		tdxm.run.violations++;
	add->pending = false;
}

/**
 * tdxm_ext_mem_add() - TDH.EXT.MEM.ADD
 * @c: the call
 *
 * Context: Model lock held.
 * Return: The completion status.
 */
u64 tdxm_ext_mem_add(struct tdxm_call *c)
{
	struct tdxm_run *run = &tdxm.run;
	u64 info = c->in.rcx, list_pa, first, last, i, stop;
	unsigned int work;
	const u64 *list;
	u64 status;

	if (run->ext_ready)
		return TDX_SYS_STATE_INCORRECT;
	list_pa = info & HPA_LIST_INFO_PA;
	first = FIELD_GET(HPA_LIST_INFO_FIRST_ENTRY, info);
	last = FIELD_GET(HPA_LIST_INFO_LAST_ENTRY, info);
	if ((info & HPA_LIST_INFO_RESERVED) || first > last ||
	    !tdxm_pa_is_ram(list_pa, PAGE_SIZE))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	tdxm_ext_add_check(list_pa, first, last);
	if (run->ext_nr + (last + 1 - first) > tdxm_ext_capacity())
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;

	list = __va(list_pa);
	stop = last + 1;
	if (tdxm_interrupted(c, last + 1 - first, &work))
		stop = first + work;

	for (i = first; i < stop; i++) {
		status = tdxm_ext_check_page(list[i]);
		if (status) {
			c->out.rcx = (info & ~HPA_LIST_INFO_FIRST_ENTRY) |
				     FIELD_PREP(HPA_LIST_INFO_FIRST_ENTRY, i);
			return status;
		}
		run->ext_pages[run->ext_nr++] = list[i];
		/* The module initializes the page with its private KeyID. */
		tdxm_private_write(list[i], PAGE_SIZE);
	}

	if (stop == last + 1)
		return TDX_SUCCESS;
	run->ext_add = (struct tdxm_ext_add) {
		.pending = true,
		.list_pa = list_pa,
		.last = last,
		.next = stop,
	};
	c->out.rcx = (info & ~HPA_LIST_INFO_FIRST_ENTRY) |
		     FIELD_PREP(HPA_LIST_INFO_FIRST_ENTRY, stop);
	return TDX_INTERRUPTED_RESUMABLE;
}

/**
 * tdxm_ext_init() - TDH.EXT.INIT
 * @c: the call
 *
 * Context: Model lock held.
 * Return: The completion status.
 */
u64 tdxm_ext_init(struct tdxm_call *c)
{
	struct tdxm_run *run = &tdxm.run;
	unsigned int pool = run->module.ext_pool_pages, left, work;

	if (run->ext_ready || run->ext_nr < pool)
		return TDX_SYS_STATE_INCORRECT;

	left = pool - run->ext_init_done;
	if (left && tdxm_interrupted(c, left, &work)) {
		run->ext_init_done += work;
		c->out.rdx = run->ext_init_done;
		return TDX_INTERRUPTED_RESUMABLE;
	}

	run->ext_init_done = pool;
	run->ext_ready = true;
	c->out.rdx = 0;
	return TDX_SUCCESS;
}
