// SPDX-License-Identifier: GPL-2.0
/*
 * TDX module model: the global lifecycle leaves (TDH.SYS.INIT, LP.INIT,
 * KEY.CONFIG, RD, SHUTDOWN and UPDATE).
 */
#define pr_fmt(fmt) "tdx-model: " fmt

#include <linux/bitops.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/topology.h>
#include <asm/e820/api.h>

#include "model_internal.h"

/*
 * Without configured CMRs, the convertible memory is what the firmware
 * reported as RAM: the e820 table as it was before the kernel edited it
 * (memmap=, mem=, its own reservations), page aligned, adjacent entries
 * joined.  Like the BIOS, the model reports few, large CMRs even where
 * the kernel's memory map has many holes.  Memory beyond the 32 CMR slots
 * is left out: the module would not offer it to TDX.
 */
static void tdxm_cmrs_from_firmware(void)
{
	struct tdxm_run *run = &tdxm.run;
	struct tdx_model_cmr *last;
	u32 i;

	for (i = 0; i < e820_table_firmware->nr_entries; i++) {
		const struct e820_entry *e = &e820_table_firmware->entries[i];
		u64 start = PAGE_ALIGN(e->addr);
		u64 end = PAGE_ALIGN_DOWN(e->addr + e->size);

		if (e->type != E820_TYPE_RAM || start >= end)
			continue;
		last = run->nr_cmrs ? &run->cmrs[run->nr_cmrs - 1] : NULL;
		if (last && last->base + last->size == start) {
			last->size = end - last->base;
			continue;
		}
		if (run->nr_cmrs == TDX_MAX_CMRS)
			break;
		run->cmrs[run->nr_cmrs++] = (struct tdx_model_cmr) {
			.base = start,
			.size = end - start,
		};
	}
}

/* CMRs must be non-empty, page aligned, sorted and not overlapping. */
static bool tdxm_cmrs_valid(void)
{
	const struct tdxm_run *run = &tdxm.run;
	u64 prev_end = 0;
	unsigned int i;

	if (!run->nr_cmrs)
		return false;

	for (i = 0; i < run->nr_cmrs; i++) {
		const struct tdx_model_cmr *cmr = &run->cmrs[i];

		if (!cmr->size || !PAGE_ALIGNED(cmr->base) ||
		    !PAGE_ALIGNED(cmr->size) || cmr->base < prev_end)
			return false;
		prev_end = cmr->base + cmr->size;
	}
	return true;
}

static unsigned int tdxm_count_pkgs(void)
{
	unsigned long pkgs = 0;
	int cpu;

	for_each_present_cpu(cpu)
		__set_bit(topology_physical_package_id(cpu) % BITS_PER_LONG,
			  &pkgs);
	return hweight_long(pkgs);
}

/**
 * tdxm_sys_init() - TDH.SYS.INIT
 * @c: the call
 *
 * Context: Model lock held.
 * Return: The completion status.
 */
u64 tdxm_sys_init(struct tdxm_call *c)
{
	const struct tdx_model_config *cfg = &tdxm.cfg;
	struct tdxm_run *run = &tdxm.run;

	/* F2.1: the outputs are zeroed first, whatever follows. */
	c->out.rcx = 0;
	c->out.rdx = 0;
	c->out.r8 = 0;
	c->out.r9 = 0;
	c->out.r10 = 0;

	/* F2.3: version 1 takes a diagnostics setup the model has none of. */
	if ((c->fn & TDX_LEAF_VERSION_MASK) && c->in.r8)
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8;
	if (c->in.rcx)
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	if (run->sys_state != TDX_MODEL_SYSINIT_PENDING)
		return TDX_SYS_INIT_NOT_PENDING;

	/* F2.1: the platform checks the model has; the CMR list is one. */
	if (!run->nr_cmrs)
		tdxm_cmrs_from_firmware();
	if (!tdxm_cmrs_valid())
		return TDX_CMR_LIST_INVALID;
	/* F2.1: SEAMOPS must have the SEAMDB leaves on the INIT LP. */
	if (cpumask_test_cpu(c->cpu, &run->old_seamops))
		return TDX_INCOMPATIBLE_SEAM_CAPABILITIES;
	/* F2.1: the module's own handoff fields against its sigstruct's. */
	if (run->sigstruct_mismatch)
		return TDX_SYS_INCOMPATIBLE_SIGSTRUCT;
	/* F2.1: the stack canary comes from RDRAND. */
	if (tdxm_entropy_fails())
		return TDX_RND_NO_ENTROPY;

	run->num_lps = tdxm_platform_lps();
	run->num_pkgs = cfg->num_pkgs ?: tdxm_count_pkgs();
	run->hkid_min = cfg->mktme_keyids + 1;
	run->hkid_max = cfg->mktme_keyids + cfg->tdx_keyids;
	run->sys_state = TDX_MODEL_SYSINIT_DONE;
	return TDX_SUCCESS;
}

/**
 * tdxm_lp_init() - TDH.SYS.LP.INIT
 * @c: the call
 *
 * Context: Model lock held.
 * Return: The completion status.
 */
u64 tdxm_lp_init(struct tdxm_call *c)
{
	struct tdxm_run *run = &tdxm.run;
	unsigned int pkg;

	/* F3.1: RCX, RDX and R8 are zeroed first. */
	c->out.rcx = 0;
	c->out.rdx = 0;
	c->out.r8 = 0;
	if (run->sys_state != TDX_MODEL_SYSINIT_DONE)
		return TDX_SYS_LP_INIT_NOT_PENDING;
	if (cpumask_test_cpu(c->cpu, &run->lp_init))
		return TDX_SYS_LP_INIT_DONE;
	/* F3.1: the LFSR seed from RDRAND, in 1.5 only (F3.2). */
	if (run->module.lp_init_entropy && tdxm_entropy_fails())
		return TDX_RND_NO_ENTROPY;
	/*
	 * F3.1: the LP's SEAM capabilities against the INIT LP's, which had
	 * what the module needs (F2.1).
	 */
	if (cpumask_test_cpu(c->cpu, &run->old_seamops))
		return TDX_INCOMPATIBLE_SEAM_CAPABILITIES;

	pkg = topology_physical_package_id(c->cpu);
	if (pkg >= MODEL_MAX_PKGS)
		return TDX_INVALID_PKG_ID + pkg;

	cpumask_set_cpu(c->cpu, &run->lp_init);
	run->lps_initialized++;
	return TDX_SUCCESS;
}

/**
 * tdxm_all_lps_initialized() - Whether every LP completed TDH.SYS.LP.INIT
 *
 * Context: Model lock held.
 * Return: true if LP.INIT ran on as many LPs as the platform has.
 */
bool tdxm_all_lps_initialized(void)
{
	return tdxm.run.lps_initialized >= tdxm.run.num_lps;
}

/**
 * tdxm_key_config() - TDH.SYS.KEY.CONFIG
 * @c: the call
 *
 * Context: Model lock held.
 * Return: The completion status.
 */
u64 tdxm_key_config(struct tdxm_call *c)
{
	unsigned int pkg = topology_physical_package_id(c->cpu);
	struct tdxm_run *run = &tdxm.run;
	unsigned int i;

	if (run->sys_state != TDX_MODEL_SYSCONFIG_DONE)
		return TDX_SYS_KEY_CONFIG_NOT_PENDING;
	if (test_bit(pkg, &run->pkgs_keyed))
		return TDX_KEY_CONFIGURED;
	/*
	 * F6.1: PCONFIG with a random key: the key unit busy or short of
	 * entropy fails the call and leaves the package unkeyed.
	 */
	if (tdxm_entropy_fails())
		return run->entropy_failures & 1 ?
		       TDX_KEY_GENERATION_FAILED :
		       TDX_OPERAND_BUSY | TDX_OPERAND_ID_KET;

	__set_bit(pkg, &run->pkgs_keyed);
	/* With the key in place the module writes its PAMTs privately. */
	for (i = 0; i < run->nr_tdmrs; i++)
		tdxm_private_write_pamts(i);
	if (bitmap_weight(&run->pkgs_keyed, MODEL_MAX_PKGS) >= run->num_pkgs)
		run->sys_state = TDX_MODEL_SYS_READY;
	return TDX_SUCCESS;
}

/* The global metadata fields, in the order TDH.SYS.RD walks them. */
struct tdxm_field {
	u64 id;
	unsigned int count;
};

static const struct tdxm_field tdxm_fields[] = {
	{ MD_FIELD_ID_NUM_PKGS, 1 },
	{ MD_FIELD_ID_MINOR_VERSION, 1 },
	{ MD_FIELD_ID_MAJOR_VERSION, 1 },
	{ MD_FIELD_ID_UPDATE_VERSION, 1 },
	{ MD_FIELD_ID_BUILD_DATE, 1 },
	{ MD_FIELD_ID_BUILD_NUM, 1 },
	{ MD_FIELD_ID_TDX_FEATURES0, 1 },
	{ MD_FIELD_ID_NUM_CMRS, 1 },
	{ MD_FIELD_ID_CMR_BASE0, TDX_MAX_CMRS },
	{ MD_FIELD_ID_CMR_SIZE0, TDX_MAX_CMRS },
	{ MD_FIELD_ID_MAX_TDMRS, 1 },
	{ MD_FIELD_ID_MAX_RESERVED_PER_TDMR, 1 },
	{ MD_FIELD_ID_PAMT_4K_ENTRY_SIZE, 1 },
	{ MD_FIELD_ID_PAMT_2M_ENTRY_SIZE, 1 },
	{ MD_FIELD_ID_PAMT_1G_ENTRY_SIZE, 1 },
	{ MD_FIELD_ID_PAMT_PAGE_BITMAP_ENTRY_BITS, 1 },
	{ MD_FIELD_ID_MODULE_HV, 1 },
	{ MD_FIELD_ID_MIN_UPDATE_HV, 1 },
	{ MD_FIELD_ID_NO_DOWNGRADE, 1 },
	{ MD_FIELD_ID_NUM_HANDOFF_PAGES, 1 },
	{ MD_FIELD_ID_EXT_REQUIRED, 1 },
	{ MD_FIELD_ID_EXT_MEM_POOL_PAGES, 1 },
};

/* Lookups ignore the element size and the non-architectural bit. */
static u64 tdxm_field_key(u64 id)
{
	return id & ~(MD_FIELD_ID_ELEM_SIZE_MASK | MD_FIELD_ID_NON_ARCH);
}

/* Find @id; sets *@elem to the element index for array fields. */
static const struct tdxm_field *tdxm_find_field(u64 id, unsigned int *elem)
{
	u64 key = tdxm_field_key(id);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tdxm_fields); i++) {
		u64 first = tdxm_field_key(tdxm_fields[i].id);

		if (key >= first && key < first + tdxm_fields[i].count) {
			*elem = key - first;
			return &tdxm_fields[i];
		}
	}
	return NULL;
}

static bool tdxm_field_present(const struct tdxm_field *f);

/* The next element, or the first of the next field this module has. */
static u64 tdxm_next_field(const struct tdxm_field *f, unsigned int elem)
{
	if (elem + 1 < f->count)
		return f->id + elem + 1;
	for (f++; f < tdxm_fields + ARRAY_SIZE(tdxm_fields); f++) {
		if (tdxm_field_present(f))
			return f->id;
	}
	return MD_FIELD_ID_NONE;
}

/*
 * Fields not every module has: the extension class (0x31) comes with
 * TDX_FEATURES0_EXT, the dynamic PAMT fields with TDX_FEATURES0 bit 36
 * (F12.2, F12.3).
 */
static bool tdxm_field_present(const struct tdxm_field *f)
{
	u64 features0 = tdxm.run.module.features0;

	switch (f->id) {
	case MD_FIELD_ID_EXT_REQUIRED:
	case MD_FIELD_ID_EXT_MEM_POOL_PAGES:
		return features0 & TDX_FEATURES0_EXT;
	case MD_FIELD_ID_PAMT_PAGE_BITMAP_ENTRY_BITS:
		return features0 & TDX_FEATURES0_DYNAMIC_PAMT;
	default:
		return true;
	}
}

/*
 * Extension metadata is valid only once the module has been configured
 * with add-on features (F12.3, F15.3).
 */
static bool tdxm_configured(void)
{
	return tdxm.run.addons &&
	       (tdxm.run.sys_state == TDX_MODEL_SYSCONFIG_DONE ||
		tdxm.run.sys_state == TDX_MODEL_SYS_READY);
}

static u64 tdxm_read_field(const struct tdxm_field *f, unsigned int elem,
			   u64 *val)
{
	const struct tdx_model_config *cfg = &tdxm.cfg;
	const struct tdxm_run *run = &tdxm.run;
	const struct tdx_model_module *mod = &run->module;

	switch (f->id) {
	case MD_FIELD_ID_NUM_PKGS:
		*val = run->num_pkgs;
		break;
	case MD_FIELD_ID_MINOR_VERSION:
		*val = mod->minor;
		break;
	case MD_FIELD_ID_MAJOR_VERSION:
		*val = mod->major;
		break;
	case MD_FIELD_ID_UPDATE_VERSION:
		*val = mod->update;
		break;
	case MD_FIELD_ID_BUILD_DATE:
		*val = mod->build_date;
		break;
	case MD_FIELD_ID_BUILD_NUM:
		*val = mod->build_num;
		break;
	case MD_FIELD_ID_TDX_FEATURES0:
		*val = mod->features0;
		break;
	case MD_FIELD_ID_NUM_CMRS:
		*val = TDX_MAX_CMRS;
		break;
	case MD_FIELD_ID_CMR_BASE0:
		*val = run->cmrs[elem].base;
		break;
	case MD_FIELD_ID_CMR_SIZE0:
		*val = run->cmrs[elem].size;
		break;
	case MD_FIELD_ID_MAX_TDMRS:
		*val = cfg->max_tdmrs;
		break;
	case MD_FIELD_ID_MAX_RESERVED_PER_TDMR:
		*val = cfg->max_reserved_per_tdmr;
		break;
	case MD_FIELD_ID_PAMT_4K_ENTRY_SIZE:
	case MD_FIELD_ID_PAMT_2M_ENTRY_SIZE:
	case MD_FIELD_ID_PAMT_1G_ENTRY_SIZE:
		*val = cfg->pamt_entry_size;
		break;
	case MD_FIELD_ID_PAMT_PAGE_BITMAP_ENTRY_BITS:
		*val = 1;
		break;
	case MD_FIELD_ID_MODULE_HV:
		*val = mod->module_hv;
		break;
	case MD_FIELD_ID_MIN_UPDATE_HV:
		*val = mod->min_update_hv;
		break;
	case MD_FIELD_ID_NO_DOWNGRADE:
		*val = mod->no_downgrade;
		break;
	case MD_FIELD_ID_NUM_HANDOFF_PAGES:
		*val = mod->num_handoff_pages;
		break;
	case MD_FIELD_ID_EXT_REQUIRED:
		if (!tdxm_configured())
			return TDX_METADATA_FIELD_NOT_READABLE;
		*val = mod->ext_required;
		break;
	case MD_FIELD_ID_EXT_MEM_POOL_PAGES:
		if (!tdxm_configured())
			return TDX_METADATA_FIELD_NOT_READABLE;
		*val = mod->ext_pool_pages;
		break;
	default:
		return TDX_METADATA_FIELD_ID_INCORRECT;
	}
	return TDX_SUCCESS;
}

/**
 * tdxm_sys_rd() - TDH.SYS.RD
 * @c: the call
 *
 * Context: Model lock held.
 * Return: The completion status.
 */
u64 tdxm_sys_rd(struct tdxm_call *c)
{
	const struct tdxm_field *f;
	unsigned int elem;
	u64 status, val;

	/* F8.1: on any failure RDX reads -1 and R8 0. */
	c->out.rdx = MD_FIELD_ID_NONE;
	c->out.r8 = 0;
	f = tdxm_find_field(c->in.rdx, &elem);
	if (!f || !tdxm_field_present(f))
		return TDX_METADATA_FIELD_ID_INCORRECT;

	status = tdxm_read_field(f, elem, &val);
	if (status)
		return status;

	c->out.r8 = val;
	c->out.rdx = tdxm_next_field(f, elem);
	return TDX_SUCCESS;
}

/*
 * The handoff version must be one the current module can write.  Modules
 * that support update compatibility take bit 16 as a request to refuse
 * while compatibility-sensitive work is in progress; older ones compare
 * the whole register.
 */
static bool tdxm_handoff_version_ok(u64 hv)
{
	const struct tdx_model_module *mod = &tdxm.run.module;

	if (hv < mod->min_update_hv || hv > mod->module_hv)
		return false;
	return !mod->no_downgrade || hv == mod->module_hv;
}

/**
 * tdxm_sys_shutdown() - TDH.SYS.SHUTDOWN
 * @c: the call
 *
 * Context: Model lock held.
 * Return: The completion status.
 */
u64 tdxm_sys_shutdown(struct tdxm_call *c)
{
	struct tdxm_run *run = &tdxm.run;
	bool avoid_compat = false;
	u64 hv = c->in.rcx;

	/* F9.2, F9.3: a matter of the module's version, not of bit 47. */
	if (run->module.shutdown_compat) {
		avoid_compat = hv & TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE;
		hv &= ~TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE;
	}
	if (!tdxm_handoff_version_ok(hv))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;

	if (cpumask_any_but(&run->inside, c->cpu) < nr_cpu_ids)
		return TDX_SYS_BUSY;
	if (avoid_compat && run->compat_sensitive)
		return TDX_UPDATE_COMPAT_SENSITIVE;

	run->handoff_valid = true;
	run->handoff_hv = hv;
	run->sys_state = TDX_MODEL_SYS_SHUTDOWN;
	return TDX_SUCCESS;
}

/**
 * tdxm_sys_update() - TDH.SYS.UPDATE
 * @c: the call
 *
 * The TDMRs, their initialization and the package keys come back from
 * the handoff data, so the module is ready without CONFIG, KEY.CONFIG or
 * TDMR.INIT.  So do the extension pages, but not the extensions: the new
 * module needs TDH.EXT.INIT.
 *
 * Context: Model lock held.
 * Return: The completion status.
 */
u64 tdxm_sys_update(struct tdxm_call *c)
{
	const struct tdx_model_module *mod = &tdxm.run.module;
	struct tdxm_run *run = &tdxm.run;
	unsigned int i;

	if (run->sys_state != TDX_MODEL_SYSINIT_DONE ||
	    !tdxm_all_lps_initialized())
		return TDX_SYS_STATE_INCORRECT;
	if (!run->handoff_valid || run->handoff_hv < mod->min_update_hv ||
	    run->handoff_hv > mod->module_hv)
		return TDX_SYS_INVALID_HANDOFF;
	/* F10.2: version 1 takes the add-ons, checked after the handoff. */
	if (c->fn & TDX_LEAF_VERSION_MASK) {
		if (c->in.r9 & ~mod->features0)
			return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R9;
		if (c->in.r10)
			return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R10;
	}
	run->addons = c->fn & TDX_LEAF_VERSION_MASK ? c->in.r9 : 0;

	for (i = 0; i < run->nr_tdmrs; i++) {
		struct tdx_model_tdmr *t = &run->tdmrs[i].pub;

		t->init_end = t->base + t->size;
	}
	bitmap_set(&run->pkgs_keyed, 0, min(run->num_pkgs, MODEL_MAX_PKGS));
	/* The pool comes across; the new module's extensions need starting. */
	run->ext_ready = false;
	run->ext_init_done = 0;
	run->ext_add.pending = false;
	run->handoff_valid = false;
	run->sys_state = TDX_MODEL_SYS_READY;
	return TDX_SUCCESS;
}
