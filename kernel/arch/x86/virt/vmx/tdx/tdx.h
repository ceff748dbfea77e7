/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface of the TDX host core: the module state that a runtime
 * update has to reset, and the memory-layout helpers (tdmr.c) that turn a
 * list of memory ranges into TDMRs with PAMTs.
 */
#ifndef _X86_VIRT_TDX_TDX_H
#define _X86_VIRT_TDX_TDX_H

#include <linux/notifier.h>
#include <linux/types.h>
#include <asm/tdx_host.h>

#include "abi.h"

/* Life cycle of the TDX module as the kernel sees it, in order. */
enum tdx_module_state {
	TDX_MODULE_UNINITIALIZED,	/* tdx_enable() has not run yet */
	TDX_MODULE_INITIALIZED,		/* ready to run TDs */
	TDX_MODULE_FAILED,		/* tdx_enable() failed; errno kept */
	/*
	 * Shut down by a runtime update whose install P-SEAMLDR refused
	 * without harm: the old module is back, shut down, and its handoff
	 * data kept; another update can still take the TDs over.
	 */
	TDX_MODULE_SHUT_DOWN,
	TDX_MODULE_DEAD,		/* lost by a failed runtime update */
};

/**
 * struct tdx_mem_range - A range of memory that TDX has to cover
 * @start:	physical start address, 4 KiB aligned
 * @end:	physical end address (exclusive), 4 KiB aligned
 * @nid:	NUMA node the memory belongs to
 */
struct tdx_mem_range {
	u64 start;
	u64 end;
	int nid;
};

/**
 * struct tdx_mem_list - All memory TDX covers, sorted and non-overlapping
 * @ranges:	the ranges, in ascending address order
 * @nr:		number of entries in @ranges
 */
struct tdx_mem_list {
	struct tdx_mem_range *ranges;
	unsigned int nr;
};

/**
 * struct tdx_tdmr_list - TDMRs being built for TDH.SYS.CONFIG
 * @tdmrs:	@max TDMR_INFO entries of @entry_bytes each, in one
 *		page-aligned allocation; see tdx_tdmr()
 * @pa_array:	page holding the physical addresses of the used entries
 * @entry_bytes: size of one entry: the module reads as many reserved
 *		areas as it reports it takes (MAX_RESERVED_PER_TDMR)
 * @nr:		entries of @tdmrs in use
 * @max:	capacity of @tdmrs: the module's MAX_TDMRS, at most
 *		TDX_MAX_TDMRS
 * @max_reserved: reserved areas the kernel fills in per TDMR: the
 *		module's MAX_RESERVED_PER_TDMR, at most what struct
 *		tdmr_info holds
 * @nid:	node whose memory backs each TDMR's PAMT
 * @pamt:	first page of each TDMR's PAMT allocation, if the list owns it
 * @pamt_pages:	pages in each TDMR's PAMT allocation
 */
struct tdx_tdmr_list {
	struct tdmr_info *tdmrs;
	u64 *pa_array;
	size_t entry_bytes;
	unsigned int nr;
	unsigned int max;
	unsigned int max_reserved;
	int nid[TDX_MAX_TDMRS];
	struct page *pamt[TDX_MAX_TDMRS];
	unsigned long pamt_pages[TDX_MAX_TDMRS];
};

/**
 * struct tdx_sys_info_handoff - What a runtime update can hand over
 * @module_hv:		handoff version the running module writes
 * @min_update_hv:	oldest handoff version the running module accepts
 * @no_downgrade:	non-zero if an update must keep @module_hv
 * @num_handoff_pages:	pages the module needs for its handoff data
 */
struct tdx_sys_info_handoff {
	u16 module_hv;
	u16 min_update_hv;
	u8 no_downgrade;
	u16 num_handoff_pages;
};

/**
 * tdx_tdmr() - An entry of a TDMR list
 * @list:	the list
 * @i:		index of the entry, below @list->max
 *
 * Return: the entry.
 */
static inline struct tdmr_info *tdx_tdmr(const struct tdx_tdmr_list *list,
					 unsigned int i)
{
	return (void *)list->tdmrs + i * list->entry_bytes;
}

/* tdx.c: state shared with the runtime update code. */
bool tdx_platform_detected(void);
void tdx_module_lock(void);
void tdx_module_unlock(void);
void tdx_reset_cpu_state(void);
int tdx_cpu_init_module(void);
void tdx_set_module_state_locked(enum tdx_module_state state, int err);
enum tdx_module_state tdx_module_state_locked(void);
void tdx_account_pages(long nr_pages);
int tdx_check_vmx_locked(void);
int tdx_module_check_ready_locked(void);
const struct tdx_sys_info *tdx_sysinfo_locked(void);
int tdx_refresh_sysinfo_locked(void);
int tdx_read_handoff_locked(struct tdx_sys_info_handoff *h);
u64 tdx_addons_locked(void);
int tdx_ext_after_update_locked(void);

/* seamldr.c: runtime update, for callers holding the hotplug lock. */
int tdx_module_update_cpuslocked(const void *image, size_t len);
int tdx_module_update_image_cpuslocked(const struct seamldr_image *img);

/* tdmr.c: TDMR and PAMT construction. */
int tdx_tdmr_list_alloc(struct tdx_tdmr_list *list,
			const struct tdx_sys_info_tdmr *limits);
void tdx_tdmr_list_free(struct tdx_tdmr_list *list);
int tdx_build_tdmrs(struct tdx_tdmr_list *list,
		    const struct tdx_mem_list *mem);
unsigned long tdx_pamt_bytes(const struct tdmr_info *tdmr,
			     const struct tdx_sys_info_tdmr *limits);
void tdx_place_pamt(struct tdmr_info *tdmr, u64 base,
		    const struct tdx_sys_info_tdmr *limits);
int tdx_alloc_pamts(struct tdx_tdmr_list *list,
		    const struct tdx_sys_info_tdmr *limits);
void tdx_free_pamts(struct tdx_tdmr_list *list, bool clear_private);
int tdx_set_reserved_areas(struct tdx_tdmr_list *list,
			   const struct tdx_sys_info_cmr *cmr);
unsigned long tdx_pamt_total_pages(const struct tdx_tdmr_list *list);
void tdx_clear_private(void *va, unsigned long bytes);
bool tdx_pa_in_pamt(const struct tdx_tdmr_list *list, u64 pa);

#if IS_ENABLED(CONFIG_KUNIT)
/* Internal helpers that the KUnit tests drive directly. */
int tdx_probe_platform(void);
int tdx_check_convertible(const struct tdx_mem_list *mem,
			  const struct tdx_sys_info_cmr *cmr);
int tdx_memory_notifier(struct notifier_block *nb, unsigned long action,
			void *arg);
int tdx_config_module(struct tdx_tdmr_list *list, u64 global_keyid,
		      u64 addons);
int tdx_ext_mem_add(u64 base, unsigned long nr_pages);
int tdx_ext_init(void);
#endif

long tdx_pages_held(void);

#ifdef CONFIG_TDX_KUNIT_HELPERS
/* Test-only views and reset of the core state. */
enum tdx_module_state tdx_module_state(int *err);
const struct tdx_tdmr_list *tdx_core_tdmrs(void);
unsigned long tdx_ext_pool(u64 *base);
void tdx_set_addons_for_test(u64 addons);
void tdx_reset_for_test(void);
#endif

#endif /* _X86_VIRT_TDX_TDX_H */
