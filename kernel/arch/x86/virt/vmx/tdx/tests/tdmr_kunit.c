// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of TDMR, PAMT and reserved-area construction.
 *
 * Suite "tdx_tdmr": the TDMRs the host builds for synthetic memory
 * layouts, validated by the model's TDH.SYS.CONFIG, and the PAMTs it
 * allocates and frees.
 */
#include <kunit/test.h>
#include <linux/memblock.h>
#include <linux/pfn.h>
#include <linux/sizes.h>

#include "../model/model.h"
#include "helpers.h"
#include "../seamcall.h"
#include "../tdx.h"

/* The module's limits as the model reports them by default. */
static const struct tdx_sys_info_tdmr tdmr_test_limits = {
	.max_tdmrs		= TDX_MAX_TDMRS,
	.max_reserved_per_tdmr	= TDX_MAX_RESERVED_PER_TDMR,
	.pamt_4k_entry_size	= TDX_PAMT_ENTRY_SIZE,
	.pamt_2m_entry_size	= TDX_PAMT_ENTRY_SIZE,
	.pamt_1g_entry_size	= TDX_PAMT_ENTRY_SIZE,
};

static void tdmr_test_free_list(void *data)
{
	struct tdx_tdmr_list *list = data;

	tdx_free_pamts(list, false);
	tdx_tdmr_list_free(list);
}

static struct tdx_tdmr_list *tdmr_test_list(struct kunit *test,
					    const struct tdx_sys_info_tdmr *limits)
{
	struct tdx_tdmr_list *list;

	list = kunit_kzalloc(test, sizeof(*list), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, list);
	KUNIT_ASSERT_EQ(test, tdx_tdmr_list_alloc(list, limits), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tdmr_test_free_list,
							list), 0);
	return list;
}

/*
 * Place the PAMTs one after another from @pamt_area, as if allocated
 * there, reserve what @cmr does not cover, and configure a model whose
 * firmware reported @cmr.
 */
static int tdmr_test_configure(struct kunit *test, struct tdx_tdmr_list *list,
			       const struct tdx_sys_info_cmr *cmr, u64 pamt_area)
{
	struct tdx_model_config cfg;
	int *results;
	unsigned int i;
	int ret;

	for (i = 0; i < list->nr; i++) {
		tdx_place_pamt(tdx_tdmr(list, i), pamt_area, &tdmr_test_limits);
		pamt_area += tdx_pamt_bytes(tdx_tdmr(list, i), &tdmr_test_limits);
	}
	ret = tdx_set_reserved_areas(list, cmr);
	if (ret)
		return ret;

	tdxt_config(&cfg);
	cfg.nr_cmrs = 0;
	for (i = 0; i < cmr->num_cmrs; i++) {
		if (cmr->size[i])
			cfg.cmrs[cfg.nr_cmrs++] = (struct tdx_model_cmr) {
				cmr->base[i], cmr->size[i] };
	}
	tdxt_begin(test, &cfg);
	results = tdxt_enable_cpus(test);
	tdxt_expect_cpus(test, results, 0);
	return tdx_config_module(list, cfg.mktme_keyids + 1, 0);
}

/* The CMRs of tdxt_config(), which cover every layout of this suite. */
static const struct tdx_sys_info_cmr tdmr_test_cmrs = {
	.num_cmrs = TDX_MAX_CMRS,
	.base = { TDXT_CMR0_BASE, TDXT_CMR1_BASE },
	.size = { TDXT_CMR0_SIZE, TDXT_CMR1_SIZE },
};

#define TDX_RANGE(s, e, n)	{ .start = (s), .end = (e), .nid = (n) }

static void tdmr_test_expect_rsvd(struct kunit *test,
				  const struct tdmr_info *tdmr, unsigned int idx,
				  u64 offset, u64 size)
{
	KUNIT_EXPECT_EQ_MSG(test, tdmr->reserved_areas[idx].offset, offset,
			    "area %u", idx);
	KUNIT_EXPECT_EQ_MSG(test, tdmr->reserved_areas[idx].size, size,
			    "area %u", idx);
}

/*
 * Memory with the PCI hole below 4 GiB: two TDMRs; the hole is reserved
 * because it is a hole in the CMRs too.  The first MiB is convertible,
 * so it needs no area although the kernel does not use it.
 */
static void tdx_tdmr_hole_below_4g(struct kunit *test)
{
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_2G + SZ_512M, 0),
		TDX_RANGE(SZ_4G, SZ_8G, 0),
	};
	struct tdx_sys_info_cmr cmr = {
		.num_cmrs = TDX_MAX_CMRS,
		.base = { 0, SZ_4G, TDXT_PAMT_AREA },
		.size = { SZ_2G + SZ_512M, SZ_4G, SZ_1G },
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list = tdmr_test_list(test, &tdmr_test_limits);
	struct tdmr_info *t0, *t1;

	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, list->nr, 2);
	t0 = tdx_tdmr(list, 0);
	t1 = tdx_tdmr(list, 1);
	KUNIT_EXPECT_EQ(test, t0->base, 0);
	KUNIT_EXPECT_EQ(test, t0->size, 3ULL * SZ_1G);
	KUNIT_EXPECT_EQ(test, t1->base, SZ_4G);
	KUNIT_EXPECT_EQ(test, t1->size, SZ_4G);

	KUNIT_EXPECT_EQ(test, tdmr_test_configure(test, list, &cmr, TDXT_PAMT_AREA), 0);
	tdmr_test_expect_rsvd(test, t0, 0, SZ_2G + SZ_512M, SZ_512M);
	tdmr_test_expect_rsvd(test, t0, 1, 0, 0);
	tdmr_test_expect_rsvd(test, t1, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSCONFIG_DONE);
}

/* PAMTs inside TDMR memory are reserved, merged with a touching hole. */
static void tdx_tdmr_pamt_inside(struct kunit *test)
{
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_2G, 0),
		TDX_RANGE(SZ_2G + SZ_16M, SZ_4G, 0),
	};
	struct tdx_sys_info_cmr cmr = {
		.num_cmrs = TDX_MAX_CMRS,
		.base = { 0, SZ_2G + SZ_16M },
		.size = { SZ_2G, SZ_2G - SZ_16M },
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list = tdmr_test_list(test, &tdmr_test_limits);
	struct tdmr_info *t = tdx_tdmr(list, 0);
	u64 pamt;

	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, list->nr, 1);
	pamt = tdx_pamt_bytes(t, &tdmr_test_limits);

	/* The PAMT right after the hole: one area covers both. */
	KUNIT_EXPECT_EQ(test, tdmr_test_configure(test, list, &cmr, SZ_2G + SZ_16M), 0);
	tdmr_test_expect_rsvd(test, t, 0, SZ_2G, SZ_16M + pamt);
	tdmr_test_expect_rsvd(test, t, 1, 0, 0);
}

/* Adjacent memory of two nodes: a TDMR per node, each PAMT on its node. */
static void tdx_tdmr_split_by_node(struct kunit *test)
{
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_4G, 0),
		TDX_RANGE(SZ_4G, SZ_8G, 1),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list = tdmr_test_list(test, &tdmr_test_limits);

	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, list->nr, 2);
	KUNIT_EXPECT_EQ(test, list->nid[0], 0);
	KUNIT_EXPECT_EQ(test, list->nid[1], 1);
	KUNIT_EXPECT_EQ(test, tdx_tdmr(list, 1)->base, SZ_4G);
	KUNIT_EXPECT_EQ(test, tdmr_test_configure(test, list, &tdmr_test_cmrs,
						  TDXT_PAMT_AREA), 0);
}

/* More separated regions than the module takes TDMRs: -ENOSPC. */
static void tdx_tdmr_too_many_regions(struct kunit *test)
{
	struct tdx_sys_info_tdmr limits = tdmr_test_limits;
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_1G, 0),
		TDX_RANGE(SZ_2G, SZ_2G + SZ_1G, 0),
		TDX_RANGE(SZ_4G, SZ_4G + SZ_1G, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list;

	limits.max_tdmrs = 2;
	list = tdmr_test_list(test, &limits);
	KUNIT_EXPECT_EQ(test, tdx_build_tdmrs(list, &mem), -ENOSPC);

	/* With one TDMR more, it fits. */
	limits.max_tdmrs = 3;
	list = tdmr_test_list(test, &limits);
	KUNIT_EXPECT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_EXPECT_EQ(test, list->nr, 3);
}

/*
 * The memory map of an Emerald Rapids host: many usable ranges below
 * 2 GiB (the firmware keeps pieces of it), all inside one CMR.  The
 * holes between them are convertible and need no reserved area.
 */
static void tdx_tdmr_memblock_holes(struct kunit *test)
{
	unsigned int nr = 2 * TDX_MAX_RESERVED_PER_TDMR, i;
	struct tdx_tdmr_list *list;
	struct tdx_mem_range *r;
	struct tdx_mem_list mem;

	r = kunit_kcalloc(test, nr, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	/* 16 MiB ranges from 1 MiB with 16 MiB holes in between. */
	for (i = 0; i < nr; i++)
		r[i] = (struct tdx_mem_range)TDX_RANGE(SZ_1M + 2 * i * SZ_16M,
						       SZ_1M + (2 * i + 1) * SZ_16M, 0);
	mem = (struct tdx_mem_list) { r, nr };

	list = tdmr_test_list(test, &tdmr_test_limits);
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, list->nr, 1);
	KUNIT_EXPECT_EQ(test, tdx_check_convertible(&mem, &tdmr_test_cmrs), 0);
	KUNIT_EXPECT_EQ(test, tdmr_test_configure(test, list, &tdmr_test_cmrs,
						  TDXT_PAMT_AREA), 0);
	tdmr_test_expect_rsvd(test, tdx_tdmr(list, 0), 0, 0, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSCONFIG_DONE);
}

/* Convertible memory with more holes than reserved areas: -E2BIG. */
static void tdx_tdmr_too_many_holes(struct kunit *test)
{
	unsigned int nr = TDX_MAX_RESERVED_PER_TDMR + 1, i;
	struct tdx_sys_info_cmr *cmr;
	struct tdx_tdmr_list *list;
	struct tdx_mem_range r[] = {
		TDX_RANGE(0, SZ_16M, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };

	cmr = kunit_kzalloc(test, sizeof(*cmr), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cmr);
	/*
	 * 16 MiB CMRs from 0 with 16 MiB holes in between, all in the
	 * first GiB: each CMR adds one hole after it.
	 */
	cmr->num_cmrs = TDX_MAX_CMRS;
	for (i = 0; i < nr; i++) {
		cmr->base[i] = 2 * i * SZ_16M;
		cmr->size[i] = SZ_16M;
	}
	cmr->base[nr] = TDXT_PAMT_AREA;
	cmr->size[nr] = SZ_1G;

	list = tdmr_test_list(test, &tdmr_test_limits);
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, list->nr, 1);
	KUNIT_EXPECT_EQ(test, tdx_set_reserved_areas(list, cmr), -E2BIG);

	/* One CMR fewer needs exactly 16 areas, which the model takes. */
	cmr->base[nr - 1] = TDXT_PAMT_AREA;
	cmr->size[nr - 1] = SZ_1G;
	cmr->size[nr] = 0;
	list = tdmr_test_list(test, &tdmr_test_limits);
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_EXPECT_EQ(test, tdmr_test_configure(test, list, cmr, TDXT_PAMT_AREA), 0);
	/* The last area is the tail of the TDMR after the last CMR. */
	tdmr_test_expect_rsvd(test, tdx_tdmr(list, 0), TDX_MAX_RESERVED_PER_TDMR - 1,
			      31 * SZ_16M, SZ_1G - 31 * SZ_16M);
}

/* A PAMT outside convertible memory fails the model's validation. */
static void tdx_tdmr_pamt_outside_cmrs(struct kunit *test)
{
	struct tdx_sys_info_tdmr limits = tdmr_test_limits;
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_1G, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list;

	list = tdmr_test_list(test, &limits);
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_EXPECT_EQ(test, tdmr_test_configure(test, list, &tdmr_test_cmrs,
						  TDXT_CMR_END + SZ_1G), -EIO);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_DONE);
}

/* Unsorted, overlapping or empty memory lists are refused. */
static void tdx_tdmr_bad_input(struct kunit *test)
{
	struct tdx_mem_range unsorted[] = {
		TDX_RANGE(SZ_4G, SZ_8G, 0),
		TDX_RANGE(SZ_1M, SZ_1G, 0),
	};
	struct tdx_mem_list mem = { unsorted, ARRAY_SIZE(unsorted) };
	struct tdx_mem_list empty = { NULL, 0 };
	struct tdx_sys_info_tdmr limits = tdmr_test_limits;
	struct tdx_tdmr_list *list = tdmr_test_list(test, &tdmr_test_limits);
	struct tdx_tdmr_list other;

	KUNIT_EXPECT_EQ(test, tdx_build_tdmrs(list, &mem), -EINVAL);
	list->nr = 0;
	KUNIT_EXPECT_EQ(test, tdx_build_tdmrs(list, &empty), -EINVAL);

	limits.max_tdmrs = 0;
	KUNIT_EXPECT_EQ(test, tdx_tdmr_list_alloc(&other, &limits), -EINVAL);
}

/*
 * A module that takes more TDMRs and reserved areas than the kernel
 * uses: the kernel uses what it can, and each TDMR_INFO entry is as long
 * as the module reads it, zeros past the kernel's 16 areas.
 */
static void tdx_tdmr_future_limits(struct kunit *test)
{
	struct tdx_sys_info_tdmr limits = tdmr_test_limits;
	struct tdx_tdmr_list *list;
	const u8 *tail;
	size_t used;

	limits.max_tdmrs = 2 * TDX_MAX_TDMRS;
	limits.max_reserved_per_tdmr = 2 * TDX_MAX_RESERVED_PER_TDMR;
	list = tdmr_test_list(test, &limits);
	KUNIT_EXPECT_EQ(test, list->max, TDX_MAX_TDMRS);
	KUNIT_EXPECT_EQ(test, list->max_reserved, TDX_MAX_RESERVED_PER_TDMR);
	used = offsetof(struct tdmr_info, reserved_areas) +
	       limits.max_reserved_per_tdmr * sizeof(struct tdmr_reserved_area);
	KUNIT_EXPECT_GE(test, list->entry_bytes, used);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(list->entry_bytes, TDMR_INFO_ALIGNMENT));
	tail = (const u8 *)tdx_tdmr(list, 0) + sizeof(struct tdmr_info);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(tail, 0, list->entry_bytes -
					     sizeof(struct tdmr_info)));
}

/* CMRs must cover memory above 1 MiB; adjacent CMRs join up. */
static void tdx_tdmr_convertible(struct kunit *test)
{
	struct tdx_sys_info_cmr cmr = {
		.num_cmrs = 3,
		.base = { 0, SZ_2G, SZ_8G },
		.size = { SZ_2G, SZ_2G, SZ_1G },
	};
	struct tdx_mem_range ok[] = {
		TDX_RANGE(SZ_1M, SZ_4G, 0),
		TDX_RANGE(SZ_8G, SZ_8G + SZ_1G, 0),
	};
	struct tdx_mem_range bad[] = {
		TDX_RANGE(SZ_1M, SZ_4G + SZ_4K, 0),
	};
	struct tdx_mem_list mem_ok = { ok, ARRAY_SIZE(ok) };
	struct tdx_mem_list mem_bad = { bad, ARRAY_SIZE(bad) };

	KUNIT_EXPECT_EQ(test, tdx_check_convertible(&mem_ok, &cmr), 0);
	KUNIT_EXPECT_EQ(test, tdx_check_convertible(&mem_bad, &cmr), -EINVAL);
}

/* Real PAMT allocation: sized per TDMR, freed to the last page. */
static void tdx_tdmr_pamt_alloc(struct kunit *test)
{
	struct tdx_mem_range r[] = {
		TDX_RANGE(SZ_1M, SZ_2G, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list;
	const struct tdmr_pamt_area *pamt;
	long held = tdx_pages_held();
	unsigned long expect;

	/* With the model active, clearing PAMTs writes plain zeros. */
	tdxt_start(test, NULL);
	list = tdmr_test_list(test, &tdmr_test_limits);
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, tdx_alloc_pamts(list, &tdmr_test_limits), 0);

	expect = tdx_model_pamt_bytes(SZ_2G) >> PAGE_SHIFT;
	KUNIT_EXPECT_EQ(test, tdx_pamt_total_pages(list), expect);
	pamt = tdx_tdmr(list, 0)->pamt;
	KUNIT_EXPECT_TRUE(test, tdx_pa_in_pamt(list, pamt[TDMR_PAMT_1G].base));
	KUNIT_EXPECT_FALSE(test, tdx_pa_in_pamt(list, pamt[TDMR_PAMT_4K].base +
						(expect << PAGE_SHIFT)));

	tdx_free_pamts(list, true);
	KUNIT_EXPECT_EQ(test, tdx_pamt_total_pages(list), 0);
	KUNIT_EXPECT_EQ(test, tdx_tdmr(list, 0)->pamt[TDMR_PAMT_4K].size, 0);
	tdx_tdmr_list_free(list);
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), held);
}

/*
 * Whether memory is too fragmented for one allocation of @nr_pages: a
 * failure because of holes in the memory map stays a failure.
 */
static bool tdmr_test_no_contig(unsigned long nr_pages)
{
	struct page *page;

	page = alloc_contig_pages(nr_pages, GFP_KERNEL, numa_mem_id(), NULL);
	if (!page)
		return true;
	free_contig_range(page_to_pfn(page), nr_pages);
	return false;
}

/*
 * A PAMT larger than any contiguous free range: the TDMR is split in
 * halves until every part's PAMT fits, within the module's TDMR budget.
 * The KUnit VM's memory map is carved every 64 MiB (scripts/lib.sh), so
 * the 513 MiB PAMT of 128 GiB cannot be one allocation.
 */
static void tdx_tdmr_pamt_split(struct kunit *test)
{
	struct tdx_mem_range r[] = {
		TDX_RANGE(0, SZ_128G, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	const struct tdx_sys_info_cmr cmr = {
		.num_cmrs = 1, .base = { 0 }, .size = { SZ_128G },
	};
	unsigned long whole, parts = 0;
	struct tdx_tdmr_list *list;
	u64 next = 0;
	unsigned int i;

	tdxt_start(test, NULL);
	list = tdmr_test_list(test, &tdmr_test_limits);
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	KUNIT_ASSERT_EQ(test, list->nr, 1);
	whole = tdx_pamt_bytes(tdx_tdmr(list, 0), &tdmr_test_limits) >> PAGE_SHIFT;
	if (!tdmr_test_no_contig(whole))
		kunit_skip(test, "%lu contiguous pages are free", whole);

	KUNIT_ASSERT_EQ(test, tdx_alloc_pamts(list, &tdmr_test_limits), 0);
	KUNIT_EXPECT_GT(test, list->nr, 1);
	for (i = 0; i < list->nr; i++) {
		const struct tdmr_info *tdmr = tdx_tdmr(list, i);

		KUNIT_EXPECT_EQ_MSG(test, tdmr->base, next, "TDMR %u", i);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(tdmr->size, TDMR_ALIGNMENT));
		KUNIT_EXPECT_EQ_MSG(test, list->pamt_pages[i],
				    tdx_pamt_bytes(tdmr, &tdmr_test_limits) >> PAGE_SHIFT,
				    "TDMR %u", i);
		KUNIT_EXPECT_EQ(test, list->nid[i], 0);
		next = tdmr->base + tdmr->size;
		parts += list->pamt_pages[i];
	}
	KUNIT_EXPECT_EQ(test, next, SZ_128G);
	KUNIT_EXPECT_EQ(test, tdx_pamt_total_pages(list), parts);

	/* The extra PAMTs merge into few reserved areas. */
	KUNIT_EXPECT_EQ(test, tdx_set_reserved_areas(list, &cmr), 0);
}

/* The same PAMT with a module that takes one TDMR: -ENOMEM, nothing held. */
static void tdx_tdmr_pamt_no_split(struct kunit *test)
{
	struct tdx_sys_info_tdmr limits = tdmr_test_limits;
	struct tdx_mem_range r[] = {
		TDX_RANGE(0, SZ_128G, 0),
	};
	struct tdx_mem_list mem = { r, ARRAY_SIZE(r) };
	struct tdx_tdmr_list *list;
	long held;

	tdxt_start(test, NULL);
	limits.max_tdmrs = 1;
	list = tdmr_test_list(test, &limits);
	held = tdx_pages_held();
	KUNIT_ASSERT_EQ(test, tdx_build_tdmrs(list, &mem), 0);
	if (!tdmr_test_no_contig(tdx_pamt_bytes(tdx_tdmr(list, 0), &limits) >>
				 PAGE_SHIFT))
		kunit_skip(test, "memory is not fragmented");

	KUNIT_EXPECT_EQ(test, tdx_alloc_pamts(list, &limits), -ENOMEM);
	KUNIT_EXPECT_EQ(test, list->nr, 1);
	KUNIT_EXPECT_EQ(test, tdx_pamt_total_pages(list), 0);
	KUNIT_EXPECT_EQ(test, tdx_pages_held(), held);
}

static struct kunit_case tdx_tdmr_cases[] = {
	KUNIT_CASE(tdx_tdmr_hole_below_4g),
	KUNIT_CASE(tdx_tdmr_pamt_inside),
	KUNIT_CASE(tdx_tdmr_split_by_node),
	KUNIT_CASE(tdx_tdmr_too_many_regions),
	KUNIT_CASE(tdx_tdmr_memblock_holes),
	KUNIT_CASE(tdx_tdmr_too_many_holes),
	KUNIT_CASE(tdx_tdmr_pamt_outside_cmrs),
	KUNIT_CASE(tdx_tdmr_bad_input),
	KUNIT_CASE(tdx_tdmr_future_limits),
	KUNIT_CASE(tdx_tdmr_convertible),
	KUNIT_CASE(tdx_tdmr_pamt_alloc),
	KUNIT_CASE(tdx_tdmr_pamt_split),
	KUNIT_CASE(tdx_tdmr_pamt_no_split),
	TDXT_LEAK_CASE,
	{}
};

static struct kunit_suite tdx_tdmr_suite = {
	.name = "tdx_tdmr",
	.suite_init = tdxt_leak_window_open,
	.init = tdxt_case_init,
	.exit = tdxt_case_exit,
	.test_cases = tdx_tdmr_cases,
};

kunit_test_suite(tdx_tdmr_suite);

MODULE_DESCRIPTION("KUnit tests for TDMR and PAMT construction");
MODULE_LICENSE("GPL");
