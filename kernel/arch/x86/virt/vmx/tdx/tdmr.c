// SPDX-License-Identifier: GPL-2.0
/*
 * Laying out TDX memory for the TDX module.
 *
 * The module protects memory in Trust Domain Memory Regions (TDMRs):
 * 1 GiB aligned windows of the physical address space.  For each TDMR it
 * keeps a Physical Address Metadata Table (PAMT) that the kernel
 * allocates, with one entry per 4 KiB, 2 MiB and 1 GiB page of the TDMR.
 * Parts of a TDMR that are not TDX memory -- holes in the convertible
 * memory regions (CMRs), and the PAMTs themselves -- are declared as
 * reserved areas.
 *
 * The helpers here take everything as explicit input (a memory list, the
 * module's limits), so that tests can feed them synthetic layouts.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/align.h>
#include <linux/gfp.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/pgtable.h>
#include <linux/printk.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <asm/page.h>

#include "seamcall.h"
#include "tdx.h"

/* The address array handed to TDH.SYS.CONFIG fits in one page. */
static_assert(TDX_MAX_TDMRS * sizeof(u64) <= PAGE_SIZE);

static size_t tdmr_array_bytes(const struct tdx_tdmr_list *list)
{
	return PAGE_ALIGN(list->max * list->entry_bytes);
}

/*
 * The module reads MAX_RESERVED_PER_TDMR reserved areas from each entry,
 * every published one 16 (F1.6), which struct tdmr_info holds.  For a
 * module that takes more, each entry grows so that the module reads
 * zeros past what the kernel fills in.
 */
static size_t tdmr_entry_bytes(unsigned int max_reserved)
{
	size_t bytes = offsetof(struct tdmr_info, reserved_areas) +
		       max_reserved * sizeof(struct tdmr_reserved_area);

	return max(sizeof(struct tdmr_info), ALIGN(bytes, TDMR_INFO_ALIGNMENT));
}

static u64 tdmr_end(const struct tdmr_info *tdmr)
{
	return tdmr->base + tdmr->size;
}

/**
 * tdx_tdmr_list_alloc() - Allocate an empty TDMR list
 * @list:	the list to set up
 * @limits:	the module's TDMR limits (capacity and reserved areas)
 *
 * A module that takes more TDMRs or reserved areas than the kernel can
 * use gets as many as the kernel uses, never a refusal.
 *
 * Context: Process context; may sleep.
 * Return: 0, -EINVAL if the module takes no TDMR, or -ENOMEM.
 */
int tdx_tdmr_list_alloc(struct tdx_tdmr_list *list,
			const struct tdx_sys_info_tdmr *limits)
{
	size_t bytes;

	memset(list, 0, sizeof(*list));
	if (!limits->max_tdmrs)
		return -EINVAL;
	list->max = min_t(unsigned int, limits->max_tdmrs, TDX_MAX_TDMRS);
	list->max_reserved = min_t(unsigned int, limits->max_reserved_per_tdmr,
				   TDX_MAX_RESERVED_PER_TDMR);
	list->entry_bytes = tdmr_entry_bytes(limits->max_reserved_per_tdmr);
	bytes = tdmr_array_bytes(list);

	/* A page-aligned array keeps every entry 512-byte aligned. */
	list->tdmrs = alloc_pages_exact(bytes, GFP_KERNEL | __GFP_ZERO);
	if (!list->tdmrs)
		return -ENOMEM;

	/* So does a page of its own for the array of entry addresses. */
	list->pa_array = (u64 *)get_zeroed_page(GFP_KERNEL);
	if (!list->pa_array) {
		free_pages_exact(list->tdmrs, bytes);
		list->tdmrs = NULL;
		return -ENOMEM;
	}

	tdx_account_pages((bytes >> PAGE_SHIFT) + 1);
	return 0;
}

/**
 * tdx_tdmr_list_free() - Free a TDMR list allocated by tdx_tdmr_list_alloc()
 * @list:	the list; its PAMTs must have been freed already
 *
 * Context: Process context.
 */
void tdx_tdmr_list_free(struct tdx_tdmr_list *list)
{
	size_t bytes = tdmr_array_bytes(list);

	if (!list->tdmrs)
		return;

	WARN_ON_ONCE(tdx_pamt_total_pages(list));
	free_page((unsigned long)list->pa_array);
	free_pages_exact(list->tdmrs, bytes);
	tdx_account_pages(-(long)((bytes >> PAGE_SHIFT) + 1));
	memset(list, 0, sizeof(*list));
}

/* Open a new TDMR at @base, or return NULL if the module takes no more. */
static struct tdmr_info *tdmr_open(struct tdx_tdmr_list *list, u64 base,
				   int nid)
{
	struct tdmr_info *tdmr;

	if (list->nr == list->max)
		return NULL;

	tdmr = tdx_tdmr(list, list->nr);
	tdmr->base = base;
	list->nid[list->nr] = nid;
	list->nr++;
	return tdmr;
}

/**
 * tdx_build_tdmrs() - Cover a memory list with TDMRs
 * @list:	an empty list from tdx_tdmr_list_alloc()
 * @mem:	the memory TDX must cover, sorted and non-overlapping
 *
 * Every range is widened to 1 GiB boundaries.  A range that continues the
 * last TDMR on the same node extends it; otherwise a new TDMR starts, so
 * that each TDMR's PAMT can live on the TDMR's own node.  Only base and
 * size are set: PAMTs and reserved areas come later.
 *
 * Context: Any context.
 * Return: 0, -EINVAL for an empty or unsorted memory list, or -ENOSPC if
 * more TDMRs are needed than the module accepts.
 */
int tdx_build_tdmrs(struct tdx_tdmr_list *list, const struct tdx_mem_list *mem)
{
	struct tdmr_info *last = NULL;
	u64 prev_end = 0;
	unsigned int i;

	if (!mem->nr)
		return -EINVAL;

	for (i = 0; i < mem->nr; i++) {
		const struct tdx_mem_range *r = &mem->ranges[i];
		u64 start = ALIGN_DOWN(r->start, TDMR_ALIGNMENT);
		u64 end = ALIGN(r->end, TDMR_ALIGNMENT);

		if (r->start >= r->end || r->start < prev_end)
			return -EINVAL;
		prev_end = r->end;

		if (last) {
			/* The part below the last TDMR's end is covered. */
			start = max(start, tdmr_end(last));
			if (start >= end)
				continue;
			if (start == tdmr_end(last) &&
			    list->nid[list->nr - 1] == r->nid) {
				last->size = end - last->base;
				continue;
			}
		}

		last = tdmr_open(list, start, r->nid);
		if (!last) {
			pr_err("memory layout needs more than %u TDMRs\n",
			       list->max);
			return -ENOSPC;
		}
		last->size = end - start;
	}
	return 0;
}

/* The size of the pages each PAMT level has an entry for. */
static const unsigned int pamt_page_shift[TDMR_PAMT_LEVELS] = {
	[TDMR_PAMT_1G] = PUD_SHIFT,
	[TDMR_PAMT_2M] = PMD_SHIFT,
	[TDMR_PAMT_4K] = PAGE_SHIFT,
};

static u64 pamt_level_bytes(const struct tdmr_info *tdmr,
			    const struct tdx_sys_info_tdmr *limits,
			    enum tdmr_pamt_level level)
{
	u16 entry_size;

	switch (level) {
	case TDMR_PAMT_1G:
		entry_size = limits->pamt_1g_entry_size;
		break;
	case TDMR_PAMT_2M:
		entry_size = limits->pamt_2m_entry_size;
		break;
	default:
		entry_size = limits->pamt_4k_entry_size;
		break;
	}
	return PAGE_ALIGN((tdmr->size >> pamt_page_shift[level]) * entry_size);
}

/**
 * tdx_pamt_bytes() - Size of the PAMT a TDMR needs
 * @tdmr:	the TDMR (base and size set)
 * @limits:	the module's PAMT entry sizes
 *
 * The 4K, 2M and 1G levels each take one entry per page of their size,
 * each level rounded up to 4 KiB.
 *
 * Context: Any context.
 * Return: the size in bytes of all three levels together.
 */
unsigned long tdx_pamt_bytes(const struct tdmr_info *tdmr,
			     const struct tdx_sys_info_tdmr *limits)
{
	unsigned long bytes = 0;
	int level;

	for (level = 0; level < TDMR_PAMT_LEVELS; level++)
		bytes += pamt_level_bytes(tdmr, limits, level);
	return bytes;
}

/**
 * tdx_place_pamt() - Lay out a TDMR's three PAMT levels from one base
 * @tdmr:	the TDMR (base and size set)
 * @base:	physical address of tdx_pamt_bytes() bytes of memory
 * @limits:	the module's PAMT entry sizes
 *
 * The levels go back to back, 4K level first.
 *
 * Context: Any context.
 */
void tdx_place_pamt(struct tdmr_info *tdmr, u64 base,
		    const struct tdx_sys_info_tdmr *limits)
{
	int level;

	for (level = TDMR_PAMT_4K; level >= TDMR_PAMT_1G; level--) {
		tdmr->pamt[level].base = base;
		tdmr->pamt[level].size = pamt_level_bytes(tdmr, limits, level);
		base += tdmr->pamt[level].size;
	}
}

/*
 * Split TDMR @i in two at a 1 GiB boundary near its middle, so that each
 * half needs about half the PAMT.  The entries after it move up by one;
 * none of them has a PAMT yet.
 */
static bool tdmr_split(struct tdx_tdmr_list *list, unsigned int i)
{
	struct tdmr_info *tdmr = tdx_tdmr(list, i);
	u64 half = ALIGN_DOWN(tdmr->size / 2, TDMR_ALIGNMENT);
	struct tdmr_info *upper;

	if (list->nr == list->max || !half)
		return false;

	memmove(tdx_tdmr(list, i + 1), tdmr,
		(list->nr - i) * list->entry_bytes);
	memmove(&list->nid[i + 1], &list->nid[i],
		(list->nr - i) * sizeof(list->nid[0]));
	list->nr++;

	upper = tdx_tdmr(list, i + 1);
	upper->base = tdmr->base + half;
	upper->size = tdmr->size - half;
	tdmr->size = half;
	return true;
}

/**
 * tdx_alloc_pamts() - Allocate and place the PAMT of every TDMR
 * @list:	TDMRs built by tdx_build_tdmrs()
 * @limits:	the module's PAMT entry sizes
 *
 * Each PAMT is one physically contiguous allocation, preferably on the
 * TDMR's node.  When memory is too fragmented for one, the TDMR is split
 * in two and each half tries again with half the size, as long as the
 * module takes more TDMRs.  On failure nothing stays allocated.
 *
 * Context: Process context; may sleep.
 * Return: 0 or -ENOMEM.
 */
int tdx_alloc_pamts(struct tdx_tdmr_list *list,
		    const struct tdx_sys_info_tdmr *limits)
{
	unsigned int i = 0;

	while (i < list->nr) {
		struct tdmr_info *tdmr = tdx_tdmr(list, i);
		unsigned long nr_pages;
		struct page *page;

		nr_pages = tdx_pamt_bytes(tdmr, limits) >> PAGE_SHIFT;
		/* A NULL nodemask lets the allocation fall back to other nodes. */
		page = alloc_contig_pages(nr_pages, GFP_KERNEL, list->nid[i],
					  NULL);
		/* A fatal signal fails every retry: give up at once. */
		if (!page && !fatal_signal_pending(current) &&
		    tdmr_split(list, i)) {
			pr_info("no %lu KiB of contiguous memory for the PAMT of TDMR %u, splitting it\n",
				nr_pages << (PAGE_SHIFT - 10), i);
			continue;
		}
		if (!page) {
			pr_err("no %lu KiB of contiguous memory for the PAMT of TDMR %u\n",
			       nr_pages << (PAGE_SHIFT - 10), i);
			tdx_free_pamts(list, false);
			return -ENOMEM;
		}
		list->pamt[i] = page;
		list->pamt_pages[i] = nr_pages;
		tdx_account_pages(nr_pages);
		tdx_place_pamt(tdmr, PFN_PHYS(page_to_pfn(page)), limits);
		i++;
	}
	return 0;
}

/**
 * tdx_clear_private() - Overwrite memory the module wrote privately
 * @va:		start, 64-byte aligned
 * @bytes:	length, a multiple of 64
 *
 * On CPUs with the partial-write erratum, memory the module wrote with a
 * private KeyID must be overwritten in whole cache lines before the kernel
 * uses it again, or a later partial write can raise a machine check.
 *
 * Context: Any context.
 */
void tdx_clear_private(void *va, unsigned long bytes)
{
	static_call(tdx_seam_clear_private)(va, bytes);
}

/**
 * tdx_free_pamts() - Free the PAMTs a TDMR list owns
 * @list:		the TDMR list
 * @clear_private:	overwrite the memory first, see tdx_clear_private()
 *
 * PAMT fields of the TDMRs are cleared too.  PAMTs the list does not own
 * (placed by tdx_place_pamt() on memory of the caller) are only forgotten.
 *
 * Context: Process context.
 */
void tdx_free_pamts(struct tdx_tdmr_list *list, bool clear_private)
{
	unsigned int i;

	for (i = 0; i < list->nr; i++) {
		struct tdmr_info *tdmr = tdx_tdmr(list, i);
		unsigned long nr_pages = list->pamt_pages[i];
		struct page *page = list->pamt[i];

		if (page) {
			if (clear_private)
				tdx_clear_private(page_address(page),
						  nr_pages << PAGE_SHIFT);
			free_contig_range(page_to_pfn(page), nr_pages);
			tdx_account_pages(-(long)nr_pages);
		}
		list->pamt[i] = NULL;
		list->pamt_pages[i] = 0;
		memset(tdmr->pamt, 0, sizeof(tdmr->pamt));
	}
}

/**
 * tdx_pamt_total_pages() - Pages of PAMT a TDMR list owns
 * @list:	the TDMR list
 *
 * Context: Any context.
 * Return: the number of pages.
 */
unsigned long tdx_pamt_total_pages(const struct tdx_tdmr_list *list)
{
	unsigned long total = 0;
	unsigned int i;

	for (i = 0; i < list->nr; i++)
		total += list->pamt_pages[i];
	return total;
}

/**
 * tdx_pa_in_pamt() - Check whether an address belongs to an owned PAMT
 * @list:	the TDMR list
 * @pa:		physical address
 *
 * Takes no locks, for the machine-check path.
 *
 * Context: Any context.
 * Return: true if @pa is inside one of the PAMTs of @list.
 */
bool tdx_pa_in_pamt(const struct tdx_tdmr_list *list, u64 pa)
{
	unsigned int i;

	for (i = 0; i < list->nr; i++) {
		u64 start;

		if (!list->pamt[i])
			continue;
		start = PFN_PHYS(page_to_pfn(list->pamt[i]));
		if (pa >= start && pa < start + (list->pamt_pages[i] << PAGE_SHIFT))
			return true;
	}
	return false;
}

static unsigned int tdmr_nr_reserved(const struct tdmr_info *tdmr,
				     unsigned int max)
{
	unsigned int nr = 0;

	while (nr < max && tdmr->reserved_areas[nr].size)
		nr++;
	return nr;
}

/*
 * Reserve [@start, @end) of @tdmr, clamped to the TDMR.  The areas stay
 * sorted by offset; an area that overlaps or touches existing ones is
 * merged with them, which also keeps the count down.
 */
static int tdmr_reserve(struct tdmr_info *tdmr, unsigned int max, u64 start,
			u64 end)
{
	struct tdmr_reserved_area *ra = tdmr->reserved_areas;
	unsigned int nr = tdmr_nr_reserved(tdmr, max);
	unsigned int i, j;
	u64 off, off_end;

	start = max(start, tdmr->base);
	end = min(end, tdmr_end(tdmr));
	if (start >= end)
		return 0;
	off = start - tdmr->base;
	off_end = end - tdmr->base;

	/* Skip the areas that end before the new one begins. */
	for (i = 0; i < nr && ra[i].offset + ra[i].size < off; i++)
		;

	if (i < nr && ra[i].offset <= off_end) {
		/* Grow area i over the new one and any areas it now reaches. */
		off = min(off, ra[i].offset);
		for (j = i; j < nr && ra[j].offset <= off_end; j++)
			off_end = max(off_end, ra[j].offset + ra[j].size);
		ra[i].offset = off;
		ra[i].size = off_end - off;
		memmove(&ra[i + 1], &ra[j], (nr - j) * sizeof(*ra));
		memset(&ra[nr - (j - i - 1)], 0, (j - i - 1) * sizeof(*ra));
		return 0;
	}

	if (nr == max)
		return -E2BIG;
	memmove(&ra[i + 1], &ra[i], (nr - i) * sizeof(*ra));
	ra[i].offset = off;
	ra[i].size = off_end - off;
	return 0;
}

/*
 * Reserve the parts of @tdmr that are not convertible.  Memory the kernel
 * does not use but the module may convert (firmware tables, memmap=
 * carve-outs, holes between memblock ranges) needs no area: it is TDX
 * memory the page allocator never hands out.  Real memory maps have many
 * such holes below 4 GiB and only a few holes in the CMRs, which the
 * module reports sorted.
 */
static int tdmr_reserve_cmr_holes(struct tdmr_info *tdmr, unsigned int max,
				  const struct tdx_sys_info_cmr *cmr)
{
	u64 covered = tdmr->base;
	unsigned int i;
	int ret;

	for (i = 0; i < cmr->num_cmrs && covered < tdmr_end(tdmr); i++) {
		u64 start = cmr->base[i], end = start + cmr->size[i];

		if (!cmr->size[i] || end <= covered)
			continue;
		if (start > covered) {
			ret = tdmr_reserve(tdmr, max, covered, start);
			if (ret)
				return ret;
		}
		covered = end;
	}
	return tdmr_reserve(tdmr, max, covered, tdmr_end(tdmr));
}

/* Reserve the parts of @tdmr where any TDMR's PAMT lives. */
static int tdmr_reserve_pamts(struct tdmr_info *tdmr, unsigned int max,
			      const struct tdx_tdmr_list *list)
{
	unsigned int i;
	int ret;

	for (i = 0; i < list->nr; i++) {
		const struct tdmr_info *owner = tdx_tdmr(list, i);
		const struct tdmr_pamt_area *first = &owner->pamt[TDMR_PAMT_4K];
		const struct tdmr_pamt_area *last = &owner->pamt[TDMR_PAMT_1G];

		/* tdx_place_pamt() lays the three levels out back to back. */
		if (!first->size)
			continue;
		ret = tdmr_reserve(tdmr, max, first->base, last->base + last->size);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * tdx_set_reserved_areas() - Declare what in each TDMR is not TDX memory
 * @list:	TDMRs with their PAMTs placed
 * @cmr:	the convertible memory regions, sorted
 *
 * What is reserved: the holes in convertible memory and the PAMTs.
 * The memory the TDMRs were built from must lie in the CMRs (see
 * tdx_check_convertible()).
 *
 * Context: Any context.
 * Return: 0, or -E2BIG if a TDMR needs more reserved areas than the
 * module accepts.
 */
int tdx_set_reserved_areas(struct tdx_tdmr_list *list,
			   const struct tdx_sys_info_cmr *cmr)
{
	unsigned int i;
	int ret;

	for (i = 0; i < list->nr; i++) {
		struct tdmr_info *tdmr = tdx_tdmr(list, i);

		memset(tdmr->reserved_areas, 0, sizeof(tdmr->reserved_areas));
		ret = tdmr_reserve_cmr_holes(tdmr, list->max_reserved, cmr);
		if (!ret)
			ret = tdmr_reserve_pamts(tdmr, list->max_reserved, list);
		if (ret) {
			pr_err("TDMR %u [%#llx-%#llx) needs more than %u reserved areas\n",
			       i, tdmr->base, tdmr_end(tdmr), list->max_reserved);
			return ret;
		}
	}
	return 0;
}
