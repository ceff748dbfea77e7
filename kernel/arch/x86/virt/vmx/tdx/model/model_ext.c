// SPDX-License-Identifier: GPL-2.0
/*
 * TDX module model: the extension leaves TDH.EXT.MEM.ADD and TDH.EXT.INIT,
 * with the register conventions described in abi.h.
 *
 * TDH.EXT.MEM.ADD is resumable with a resume flag: the model keeps only
 * what it needs to check that a resume continues the interrupted call.
 * TDH.EXT.INIT is resumable by repetition: the model keeps its progress.
 * Pages given stay the module's, across runtime updates too.
 */
#define pr_fmt(fmt) "tdx-model: " fmt

#include <linux/align.h>
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
 * A resume must repeat the interrupted call's outputs; a fresh call must
 * start at entry 0.  A resume that does not continue the interrupted
 * call, and a fresh call that abandons one, break the calling rules.
 */
static u64 tdxm_ext_add_entry(struct tdxm_call *c, u64 *next)
{
	struct tdxm_ext_add *add = &tdxm.run.ext_add;
	u64 r8 = c->in.r8;

	if (r8 & ~(TDX_EXT_MEM_ADD_RESUME | TDX_EXT_MEM_ADD_NEXT_MASK))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8;
	*next = r8 & TDX_EXT_MEM_ADD_NEXT_MASK;

	if (r8 & TDX_EXT_MEM_ADD_RESUME) {
		if (!add->pending || add->list_pa != c->in.rcx ||
		    add->nr != c->in.rdx || add->next != *next) {
			tdxm.run.violations++;
			return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8;
		}
	} else {
		if (add->pending)
			tdxm.run.violations++;
		if (*next)
			return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8;
	}
	add->pending = false;
	return TDX_SUCCESS;
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
	u64 list_pa = c->in.rcx, nr = c->in.rdx, next, i, stop;
	unsigned int work;
	const u64 *list;
	u64 status;

	if (run->ext_ready)
		return TDX_SYS_STATE_INCORRECT;
	if (!IS_ALIGNED(list_pa, PAGE_SIZE) || !tdxm_pa_is_ram(list_pa, PAGE_SIZE))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	if (!nr || nr > TDX_EXT_MEM_ADD_MAX_PAGES)
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX;
	status = tdxm_ext_add_entry(c, &next);
	if (status)
		return status;
	if (next >= nr)
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8;
	if (run->ext_nr + (nr - next) > tdxm_ext_capacity())
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX;

	list = __va(list_pa);
	stop = nr;
	if (tdxm_interrupted(c, nr - next, &work))
		stop = next + work;

	for (i = next; i < stop; i++) {
		status = tdxm_ext_check_page(list[i]);
		if (status) {
			c->out.r8 = i;
			return status;
		}
		run->ext_pages[run->ext_nr++] = list[i];
		/* The module initializes the page with its private KeyID. */
		tdxm_private_write(list[i], PAGE_SIZE);
	}

	c->out.r8 = stop;
	if (stop == nr) {
		c->out.r8 = 0;
		return TDX_SUCCESS;
	}
	run->ext_add = (struct tdxm_ext_add) {
		.pending = true,
		.list_pa = list_pa,
		.nr = nr,
		.next = stop,
	};
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
