// SPDX-License-Identifier: GPL-2.0
/*
 * TDX module model: TDH.SYS.CONFIG with the validation of the TDMRs, and
 * TDH.SYS.TDMR.INIT.
 */
#define pr_fmt(fmt) "tdx-model: " fmt

#include <linux/align.h>
#include <linux/bitops.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "model_internal.h"

/* A PAMT of a TDMR, as the validation walks them. */
struct tdxm_pamt {
	u64 base;
	u64 size;
	unsigned int pt;
	unsigned int page_shift;
};

/* The PAMTs of a TDMR in the order the checks visit them. */
static void tdxm_tdmr_pamts(const struct tdxm_tdmr_info *t, struct tdxm_pamt *p)
{
	static const struct { unsigned int pt, shift; } level[] = {
		[TDMR_PAMT_1G] = { TDX_PT_1G, 30 },
		[TDMR_PAMT_2M] = { TDX_PT_2M, 21 },
		[TDMR_PAMT_4K] = { TDX_PT_4K, 12 },
	};
	int i;

	for (i = 0; i < TDMR_PAMT_LEVELS; i++)
		p[i] = (struct tdxm_pamt) { t->pamt[i].base, t->pamt[i].size,
					    level[i].pt, level[i].shift };
}

#define TDXM_NR_PAMTS	TDMR_PAMT_LEVELS

/* The PAMT bytes the kernel gave a TDMR, all levels together. */
static u64 tdxm_pamt_given(const struct tdxm_tdmr_info *t)
{
	u64 bytes = 0;
	int i;

	for (i = 0; i < TDMR_PAMT_LEVELS; i++)
		bytes += t->pamt[i].size;
	return bytes;
}

/**
 * tdx_model_pamt_bytes() - PAMT memory a TDMR needs
 * @tdmr_size: size of the TDMR in bytes
 *
 * One 16-byte entry per 4K, 2M and 1G page of the TDMR, each level
 * rounded up to whole 4K pages.
 *
 * Context: Any context.
 * Return: The number of bytes.
 */
u64 tdx_model_pamt_bytes(u64 tdmr_size)
{
	return round_up((tdmr_size >> 12) * TDX_PAMT_ENTRY_SIZE, SZ_4K) +
	       round_up((tdmr_size >> 21) * TDX_PAMT_ENTRY_SIZE, SZ_4K) +
	       round_up((tdmr_size >> 30) * TDX_PAMT_ENTRY_SIZE, SZ_4K);
}

static bool tdxm_overlap(u64 a, u64 a_size, u64 b, u64 b_size)
{
	return a_size && b_size && a < b + b_size && b < a + a_size;
}

/* Is [start, end) covered by convertible memory without a gap? */
static bool tdxm_in_cmrs(u64 start, u64 end)
{
	const struct tdxm_run *run = &tdxm.run;
	u64 covered = start;
	unsigned int i;

	for (i = 0; i < run->nr_cmrs && covered < end; i++) {
		const struct tdx_model_cmr *cmr = &run->cmrs[i];

		if (cmr->base <= covered && covered < cmr->base + cmr->size)
			covered = cmr->base + cmr->size;
	}
	return covered >= end;
}

/* Is [start, end), part of @t, covered by reserved areas of @t? */
static bool tdxm_in_reserved(const struct tdxm_tdmr_info *t, u64 start, u64 end)
{
	unsigned int max = tdxm.cfg.max_reserved_per_tdmr;
	u64 covered = start;
	bool progress = true;
	unsigned int j;

	/* Reserved areas of later TDMRs are not validated yet: any order. */
	while (covered < end && progress) {
		progress = false;
		for (j = 0; j < max; j++) {
			const struct tdmr_reserved_area *r = &t->reserved_areas[j];
			u64 r_start = t->base + r->offset;

			if (r->size && r_start <= covered &&
			    covered < r_start + r->size) {
				covered = r_start + r->size;
				progress = true;
			}
		}
	}
	return covered >= end;
}

/* Rules 1-4: the TDMR's own range. */
static u64 tdxm_check_range(unsigned int i, u64 prev_end)
{
	const struct tdxm_tdmr_info *t = &tdxm.run.staged[i];

	if (t->base + t->size < t->base)
		return TDX_INVALID_TDMR | i;
	if (t->base < prev_end)
		return TDX_NON_ORDERED_TDMR | i;
	if (!t->size || !IS_ALIGNED(t->base, TDMR_ALIGNMENT) ||
	    !IS_ALIGNED(t->size, TDMR_ALIGNMENT))
		return TDX_INVALID_TDMR | i;
	if (t->base + t->size > tdxm.run.pa_limit)
		return TDX_INVALID_TDMR | i;
	return TDX_SUCCESS;
}

/* Rule 5: reserved areas sorted, not overlapping, aligned, inside. */
static u64 tdxm_check_reserved(unsigned int i)
{
	const struct tdxm_tdmr_info *t = &tdxm.run.staged[i];
	unsigned int max = tdxm.cfg.max_reserved_per_tdmr;
	u64 prev_offset = 0, prev_end = 0;
	bool seen_empty = false;
	unsigned int j;

	for (j = 0; j < max; j++) {
		const struct tdmr_reserved_area *r = &t->reserved_areas[j];
		u64 detail = i | (u64)j << 8;

		if (!r->size) {
			seen_empty = true;
			continue;
		}
		if (seen_empty || r->offset < prev_offset ||
		    r->offset < prev_end)
			return TDX_NON_ORDERED_RESERVED_IN_TDMR | detail;
		if (r->offset + r->size < r->offset ||
		    !IS_ALIGNED(r->offset, SZ_4K) ||
		    !IS_ALIGNED(r->size, SZ_4K) ||
		    r->offset + r->size > t->size)
			return TDX_INVALID_RESERVED_IN_TDMR | detail;
		prev_offset = r->offset;
		prev_end = r->offset + r->size;
	}
	return TDX_SUCCESS;
}

/* Rule 6: each PAMT aligned, addressable and large enough. */
static u64 tdxm_check_pamt_sizes(unsigned int i, const struct tdxm_pamt *p)
{
	const struct tdxm_tdmr_info *t = &tdxm.run.staged[i];
	unsigned int k;

	for (k = 0; k < TDXM_NR_PAMTS; k++) {
		u64 need = (t->size >> p[k].page_shift) * tdxm.cfg.pamt_entry_size;
		u64 detail = i | (u64)p[k].pt << 8;

		if (!IS_ALIGNED(p[k].base, SZ_4K) ||
		    !IS_ALIGNED(p[k].size, SZ_4K) ||
		    p[k].base + p[k].size < p[k].base ||
		    p[k].base + p[k].size > tdxm.run.pa_limit ||
		    p[k].size < need)
			return TDX_INVALID_PAMT | detail;
	}
	return TDX_SUCCESS;
}

/* Rule 7: no PAMT overlaps another PAMT of this or an earlier TDMR. */
static u64 tdxm_check_pamt_overlap(unsigned int i, const struct tdxm_pamt *p)
{
	struct tdxm_pamt other[TDXM_NR_PAMTS];
	unsigned int j, k, m;

	for (k = 0; k < TDXM_NR_PAMTS; k++) {
		for (j = 0; j <= i; j++) {
			tdxm_tdmr_pamts(&tdxm.run.staged[j], other);
			for (m = 0; m < TDXM_NR_PAMTS; m++) {
				if (j == i && m == k)
					continue;
				if (tdxm_overlap(p[k].base, p[k].size,
						 other[m].base, other[m].size))
					return TDX_PAMT_OVERLAP | i |
					       (u64)p[k].pt << 8 | (u64)j << 16;
			}
		}
	}
	return TDX_SUCCESS;
}

/*
 * Rule 8: a PAMT may sit inside TDMR memory only where that memory is
 * reserved, otherwise TDs could be given the PAMT's pages.
 */
static u64 tdxm_check_pamt_in_tdmrs(unsigned int i, unsigned int nr,
				    const struct tdxm_pamt *p)
{
	unsigned int j, k;

	for (k = 0; k < TDXM_NR_PAMTS; k++) {
		for (j = 0; j < nr; j++) {
			const struct tdxm_tdmr_info *t = &tdxm.run.staged[j];
			u64 start = max(p[k].base, t->base);
			u64 end = min(p[k].base + p[k].size, t->base + t->size);

			if (start < end && !tdxm_in_reserved(t, start, end))
				return TDX_PAMT_OVERLAP | i |
				       (u64)p[k].pt << 8 | (u64)j << 16;
		}
	}
	return TDX_SUCCESS;
}

/* Rule 9: each PAMT in convertible memory. */
static u64 tdxm_check_pamt_cmrs(unsigned int i, const struct tdxm_pamt *p)
{
	unsigned int k;

	for (k = 0; k < TDXM_NR_PAMTS; k++) {
		if (!tdxm_in_cmrs(p[k].base, p[k].base + p[k].size))
			return TDX_PAMT_OUTSIDE_CMRS | i | (u64)p[k].pt << 8;
	}
	return TDX_SUCCESS;
}

/* Rule 10: every page of the TDMR that is not reserved is convertible. */
static u64 tdxm_check_tdmr_cmrs(unsigned int i)
{
	const struct tdxm_tdmr_info *t = &tdxm.run.staged[i];
	unsigned int max = tdxm.cfg.max_reserved_per_tdmr;
	u64 cur = t->base;
	unsigned int j;

	for (j = 0; j < max && t->reserved_areas[j].size; j++) {
		u64 r_start = t->base + t->reserved_areas[j].offset;

		if (cur < r_start && !tdxm_in_cmrs(cur, r_start))
			return TDX_TDMR_OUTSIDE_CMRS | i;
		cur = r_start + t->reserved_areas[j].size;
	}
	if (cur < t->base + t->size && !tdxm_in_cmrs(cur, t->base + t->size))
		return TDX_TDMR_OUTSIDE_CMRS | i;
	return TDX_SUCCESS;
}

static u64 tdxm_check_tdmr(unsigned int i, unsigned int nr, u64 prev_end)
{
	struct tdxm_pamt p[TDXM_NR_PAMTS];
	u64 status;

	tdxm_tdmr_pamts(&tdxm.run.staged[i], p);

	status = tdxm_check_range(i, prev_end);
	if (!status)
		status = tdxm_check_reserved(i);
	if (!status)
		status = tdxm_check_pamt_sizes(i, p);
	if (!status)
		status = tdxm_check_pamt_overlap(i, p);
	if (!status)
		status = tdxm_check_pamt_in_tdmrs(i, nr, p);
	if (!status)
		status = tdxm_check_pamt_cmrs(i, p);
	if (!status)
		status = tdxm_check_tdmr_cmrs(i);
	return status;
}

/*
 * Copy the TDMR_INFO entries named by the address array into the model,
 * each with as many reserved areas as the module takes.
 */
static u64 tdxm_stage_tdmrs(u64 array_pa, unsigned int nr)
{
	size_t bytes = offsetof(struct tdxm_tdmr_info, reserved_areas) +
		       tdxm.cfg.max_reserved_per_tdmr *
		       sizeof(struct tdmr_reserved_area);
	const u64 *array;
	unsigned int i;

	if (!tdxm_pa_is_ram(array_pa, nr * sizeof(u64)))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	array = __va(array_pa);

	for (i = 0; i < nr; i++) {
		if (!IS_ALIGNED(array[i], TDMR_INFO_ALIGNMENT) ||
		    !tdxm_pa_is_ram(array[i], bytes))
			return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
		memset(&tdxm.run.staged[i], 0, sizeof(tdxm.run.staged[i]));
		memcpy(&tdxm.run.staged[i], __va(array[i]), bytes);
	}
	return TDX_SUCCESS;
}

static void tdxm_commit_tdmrs(unsigned int nr)
{
	struct tdxm_run *run = &tdxm.run;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		const struct tdxm_tdmr_info *t = &run->staged[i];

		run->tdmrs[i] = (struct tdxm_tdmr_run) {
			.pub = {
				.base = t->base,
				.size = t->size,
				.pamt_bytes = tdx_model_pamt_bytes(t->size),
				.pamt_given = tdxm_pamt_given(t),
				.init_end = t->base,
			},
		};
		memcpy(run->tdmrs[i].pamt, t->pamt, sizeof(t->pamt));
	}
	run->nr_tdmrs = nr;
}

/**
 * tdxm_sys_config() - TDH.SYS.CONFIG
 * @c: the call
 *
 * Context: Model lock held.
 * Return: The completion status.
 */
u64 tdxm_sys_config(struct tdxm_call *c)
{
	struct tdxm_run *run = &tdxm.run;
	u64 hkid = c->in.r8, status = TDX_SUCCESS, prev_end = 0;
	unsigned int nr = c->in.rdx, i;

	/* F4.1: the state and the LP count come before any operand. */
	if (run->sys_state != TDX_MODEL_SYSINIT_DONE ||
	    !tdxm_all_lps_initialized())
		return TDX_SYS_CONFIG_NOT_PENDING;
	if (!IS_ALIGNED(c->in.rcx, TDMR_ADDR_ARRAY_ALIGNMENT))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	/* The model holds TDX_MAX_TDMRS, whatever more it reports. */
	if (!c->in.rdx || c->in.rdx > min(tdxm.cfg.max_tdmrs, TDX_MAX_TDMRS))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX;
	if ((hkid & ~TDX_SYS_CONFIG_HKID_MASK) ||
	    hkid < run->hkid_min || hkid > run->hkid_max)
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8;
	/* F4.3: version 1 takes add-ons the module has, and R10 = 0. */
	if (c->fn & TDX_LEAF_VERSION_MASK) {
		if (c->in.r9 & ~run->module.features0)
			return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R9;
		if (c->in.r10)
			return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R10;
	}

	/*
	 * F4.2: 1.5.01 reserves the KeyID before the TDMRs are checked and
	 * keeps it if CONFIG fails; 2.0.16 reserves it once all checks pass.
	 */
	if (run->module.hkid_reserved_early)
		__set_bit(hkid, run->hkid_reserved);

	status = tdxm_stage_tdmrs(c->in.rcx, nr);
	for (i = 0; i < nr && !status; i++) {
		status = tdxm_check_tdmr(i, nr, prev_end);
		prev_end = run->staged[i].base + run->staged[i].size;
	}
	if (status)
		return status;
	__set_bit(hkid, run->hkid_reserved);

	tdxm_commit_tdmrs(nr);
	run->addons = c->fn & TDX_LEAF_VERSION_MASK ? c->in.r9 : 0;
	run->sys_state = TDX_MODEL_SYSCONFIG_DONE;
	return TDX_SUCCESS;
}

/**
 * tdxm_tdmr_init() - TDH.SYS.TDMR.INIT
 * @c: the call
 *
 * Each call initializes one chunk, unless it is interrupted before it
 * (see tdx_model_interrupt()); the TDMR keeps its progress either way.
 *
 * Context: Model lock held.
 * Return: The completion status.
 */
u64 tdxm_tdmr_init(struct tdxm_call *c)
{
	struct tdxm_run *run = &tdxm.run;
	struct tdx_model_tdmr *t;
	unsigned int i, work;
	u64 end;

	/* F7.1: RDX is zeroed first. */
	c->out.rdx = 0;
	if (!IS_ALIGNED(c->in.rcx, TDMR_ALIGNMENT))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	for (i = 0; i < run->nr_tdmrs; i++) {
		if (run->tdmrs[i].pub.base == c->in.rcx)
			break;
	}
	if (i == run->nr_tdmrs)
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	if (run->tdmrs[i].busy)
		return TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX;

	t = &run->tdmrs[i].pub;
	end = t->base + t->size;
	if (t->init_end >= end) {
		c->out.rdx = 0;
		return TDX_TDMR_ALREADY_INITIALIZED;
	}

	run->tdmrs[i].busy = true;
	c->tdmr = i;
	/* Interrupted before its chunk: the caller repeats the same call. */
	if (tdxm_interrupted(c, 1, &work)) {
		c->out.rdx = round_down(t->init_end, TDMR_ALIGNMENT);
		return TDX_INTERRUPTED_RESUMABLE;
	}
	t->init_end = min(t->init_end +
			  (u64)tdxm.cfg.tdmr_init_chunk * PAGE_SIZE, end);
	tdxm_private_write_pamts(i);
	c->out.rdx = t->init_end == end ? end :
		     round_down(t->init_end, TDMR_ALIGNMENT);
	return TDX_SUCCESS;
}
