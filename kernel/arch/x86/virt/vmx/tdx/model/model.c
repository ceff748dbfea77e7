// SPDX-License-Identifier: GPL-2.0
/*
 * Software model of the TDX module and P-SEAMLDR: configuration, the
 * SEAMCALL dispatcher and the test facilities.  The leaves themselves are
 * in model_sys.c, model_tdmr.c and model_seamldr.c.
 *
 * A call goes through three steps.  Entering takes the model lock, counts
 * the call, applies fault injection, runs the dispatcher checks and the
 * leaf, and marks what the call occupies (the module's global lock, a
 * TDMR, P-SEAMLDR, "inside the module").  Then any injected latency is
 * spent without the model lock, so that other CPUs can observe the call
 * in flight.  Exiting releases what was occupied.  Calls come from any
 * context, including stopper threads and IPIs with interrupts off, so the
 * model never sleeps or allocates and its lock is a raw spinlock.
 */
#define pr_fmt(fmt) "tdx-model: " fmt

#include <linux/bitfield.h>
#include <linux/cpufeature.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/processor.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/topology.h>
#include <asm/msr-index.h>

#include "model_internal.h"

DEFINE_RAW_SPINLOCK(tdxm_lock);
struct tdxm_state tdxm;

/* The physical address width of the module's checks (F5 rule 4). */
#define TDXM_MAX_PA_BITS		52

/* Default identity of the modelled TDX module and P-SEAMLDR. */
#define TDXM_DEF_MKTME_KEYIDS		15
#define TDXM_DEF_TDX_KEYIDS		48
#define TDXM_DEF_VMX_BASIC_REVISION	4
#define TDXM_DEF_SEAMLDR_VERSION	0x00010005
#define TDXM_DEF_SEAMLDR_BUILD_DATE	20240301
#define TDXM_DEF_SEAMLDR_BUILD_NUM	120
#define TDXM_DEF_REMAINING_UPDATES	16
/* 64 MiB, a common SEAMRR size. */
#define TDXM_DEF_SEAM_RANGE_PAGES	16384
#define TDXM_DEF_EXT_POOL_PAGES		2048

/* The release the model runs unless told otherwise. */
#define TDXM_DEF_PROFILE		"1.5.16"

/**
 * struct tdxm_profile - A TDX module release, as the model runs it
 * @name: its version, as "x.y.zz", or what it is
 * @module: what it reports and the version-dependent rules it follows
 *
 * For published releases, TDX_FEATURES0 is Intel's mapping_file.json
 * value; handoff versions 0, no downgrade flag and the handoff page
 * count are its sigstruct's (F9.5, F13.6); the SVN is its sigstruct's.
 * Build date and number are not published; the model reports 0, as a
 * module without the fields would read.  Rules the cited sources show
 * only for a neighbouring version are marked as inferred.
 */
struct tdxm_profile {
	const char *name;
	struct tdx_model_module module;
};

static const struct tdxm_profile tdxm_profiles[] = {
	{ "1.5.01", {
		.major = 1, .minor = 5, .update = 1,
		.features0 = 0xF0FBF,
		.num_handoff_pages = 13,
		.svn_major = 1, .svn_minor = 4,
		/* F1.2, F4.2, F9.1, F3.1: read from this version's source. */
		.hkid_reserved_early = true,
		.lp_init_entropy = true,
	} },
	{ "1.5.16", {
		.major = 1, .minor = 5, .update = 16,
		.features0 = 0x226F3F0FBF,
		.num_handoff_pages = 13,
		.svn_major = 1, .svn_minor = 11,
		/* Inferred from 1.5.01 and 1.5.28 (F9.3: bit 16 from 1.5.28). */
		.hkid_reserved_early = true,
		.lp_init_entropy = true,
	} },
	{ "2.0.08", {
		.major = 2, .minor = 0, .update = 8,
		.features0 = 0x32A71F0FBF,
		.num_handoff_pages = 24,
		.svn_major = 3, .svn_minor = 5,
		/* F1.2: SYS.INIT takes version 1; F9.3: whole-RCX compare. */
		.v1_leaves = TDX_MODEL_V1_SYS_INIT,
		/* Inferred: 2.0.16 is the first to reserve late (F4.2). */
		.hkid_reserved_early = true,
		/* F3.2: no RDRAND in LP.INIT in 2.0. */
	} },
	/*
	 * 2.0.16's rules, read from its source: version 1 of SYS.INIT,
	 * CONFIG and UPDATE (F1.2), the KeyID reserved only by a CONFIG
	 * that succeeds (F4.2), SHUTDOWN bit 16 (F9.2).  Its TDX_FEATURES0
	 * and SVN are not published: 2.0.08's features, minor SVN one up.
	 */
	{ "2.0.16", {
		.major = 2, .minor = 0, .update = 16,
		.features0 = 0x32A71F0FBF,
		.num_handoff_pages = 24,
		.svn_major = 3, .svn_minor = 6,
		.v1_leaves = TDX_MODEL_V1_SYS_INIT | TDX_MODEL_V1_SYS_CONFIG |
			     TDX_MODEL_V1_SYS_UPDATE,
		.shutdown_compat = true,
	} },
	/*
	 * No published module has extensions (F15): 2.0.16 with the
	 * extensions of the posted Linux series, a 2048-page pool.
	 */
	{ "ext", {
		.major = 2, .minor = 0, .update = 16,
		.features0 = 0x32A71F0FBF | TDX_FEATURES0_EXT,
		.num_handoff_pages = 24,
		.svn_major = 3, .svn_minor = 6,
		.ext_required = true,
		.ext_pool_pages = TDXM_DEF_EXT_POOL_PAGES,
		.v1_leaves = TDX_MODEL_V1_SYS_INIT | TDX_MODEL_V1_SYS_CONFIG |
			     TDX_MODEL_V1_SYS_UPDATE,
		.shutdown_compat = true,
	} },
};

static const struct tdx_model_module *tdxm_profile_module(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tdxm_profiles); i++) {
		if (!strcmp(name, tdxm_profiles[i].name))
			return &tdxm_profiles[i].module;
	}
	return NULL;
}

/**
 * tdx_model_default_config() - Fill in the default model configuration
 * @cfg: the configuration to fill in
 *
 * TDX module 1.5.16 as Intel publishes it, 48 TDX KeyIDs after 15 MKTME
 * KeyIDs, CMRs from the firmware's memory map, 16 runtime updates left,
 * on CPUs with the partial-write erratum.
 *
 * Context: Any context.
 */
void tdx_model_default_config(struct tdx_model_config *cfg)
{
	*cfg = (struct tdx_model_config) {
		.module = *tdxm_profile_module(TDXM_DEF_PROFILE),
		.module_loaded = true,
		.mktme_keyids = TDXM_DEF_MKTME_KEYIDS,
		.tdx_keyids = TDXM_DEF_TDX_KEYIDS,
		.vmx_basic = VMX_BASIC_SEAMRET_PRESERVES_VMCS |
			     TDXM_DEF_VMX_BASIC_REVISION,
		.max_tdmrs = TDX_MAX_TDMRS,
		.max_reserved_per_tdmr = TDX_MAX_RESERVED_PER_TDMR,
		.pamt_entry_size = TDX_PAMT_ENTRY_SIZE,
		.tdmr_init_chunk = TDX_MODEL_TDMR_INIT_CHUNK,
		.seamldr_version = TDXM_DEF_SEAMLDR_VERSION,
		.seamldr_major = 1,
		.seamldr_minor = 5,
		.seamldr_build_date = TDXM_DEF_SEAMLDR_BUILD_DATE,
		.seamldr_build_num = TDXM_DEF_SEAMLDR_BUILD_NUM,
		.num_remaining_updates = TDXM_DEF_REMAINING_UPDATES,
		.seam_range_pages = TDXM_DEF_SEAM_RANGE_PAGES,
		.pw_mce_erratum = true,
	};
}

/**
 * tdx_model_profile_config() - The default configuration, with a
 *				module release
 * @cfg: the configuration to fill in
 * @name: the release, as "x.y.zz" or "ext" (see tdx_model_profile_name()),
 *	  or "default" for the default one, 1.5.16
 *
 * Context: Any context.
 * Return: 0, or -ENOENT for an unknown release.
 */
int tdx_model_profile_config(struct tdx_model_config *cfg, const char *name)
{
	const struct tdx_model_module *module;

	tdx_model_default_config(cfg);
	if (!strcmp(name, "default"))
		return 0;
	module = tdxm_profile_module(name);
	if (!module)
		return -ENOENT;
	cfg->module = *module;
	return 0;
}

/**
 * tdx_model_profile_name() - The published releases the model can run
 * @i: index, from 0
 *
 * Context: Any context.
 * Return: the name of release @i, or NULL past the last.
 */
const char *tdx_model_profile_name(unsigned int i)
{
	return i < ARRAY_SIZE(tdxm_profiles) ? tdxm_profiles[i].name : NULL;
}

/*
 * The module's idea of the physical address width is the constant 52,
 * not the CPU's MAXPHYADDR; the KeyID takes the bits below it that
 * number every KeyID (F2.2, F5 rule 4).
 */
static u64 tdxm_pa_limit(const struct tdx_model_config *cfg)
{
	unsigned int keyid_bits = fls(cfg->mktme_keyids + cfg->tdx_keyids);

	return BIT_ULL(TDXM_MAX_PA_BITS - keyid_bits);
}

static void tdxm_reset_locked(void)
{
	const struct tdx_model_config *cfg = &tdxm.cfg;
	struct tdxm_run *run = &tdxm.run;

	lockdep_assert_held(&tdxm_lock);

	memset(run, 0, sizeof(*run));
	run->module = cfg->module;
	run->sys_state = cfg->module_loaded ? TDX_MODEL_SYSINIT_PENDING :
					      TDX_MODEL_NO_MODULE;
	run->lock_owner = -1;
	run->seamldr_cpu = -1;
	run->hold_leaf = -1;
	run->late_cpu = -1;
	run->pa_limit = tdxm_pa_limit(cfg);
	run->nr_cmrs = cfg->nr_cmrs;
	memcpy(run->cmrs, cfg->cmrs, sizeof(run->cmrs));
	run->remaining_updates = cfg->num_remaining_updates;
	if (cfg->module_loaded && cfg->initialized_before)
		tdxm_inherit_locked();
}

static bool tdxm_config_valid(const struct tdx_model_config *cfg)
{
	return cfg->nr_cmrs <= TDX_MAX_CMRS &&
	       cfg->max_tdmrs &&
	       cfg->max_reserved_per_tdmr <= MODEL_MAX_RESERVED &&
	       cfg->pamt_entry_size &&
	       cfg->module.ext_pool_pages <= TDX_MODEL_MAX_EXT_PAGES &&
	       cfg->mktme_keyids + cfg->tdx_keyids < MODEL_MAX_HKIDS;
}

/* ----- The model on the seam ----- */

static u64 tdxm_seamcall(u64 fn, struct tdx_module_args *args)
{
	return tdx_model_seamcall(SEAMCALL_REGS_NONE, fn, args);
}

static u64 tdxm_seamcall_ret(u64 fn, struct tdx_module_args *args)
{
	return tdx_model_seamcall(SEAMCALL_REGS_RET, fn, args);
}

static u64 tdxm_seamcall_saved_ret(u64 fn, struct tdx_module_args *args)
{
	return tdx_model_seamcall(SEAMCALL_REGS_SAVED_RET, fn, args);
}

/* The platform's MSRs come from the configuration, others from the CPU. */
static int tdxm_read_msr(u32 msr, u64 *val)
{
	switch (msr) {
	case MSR_IA32_MKTME_KEYID_PARTITIONING:
		*val = tdx_model_keyid_partitioning();
		return 0;
	case MSR_IA32_VMX_BASIC:
		*val = tdxm.cfg.vmx_basic;
		return 0;
	case MSR_IA32_SGX_DEBUG_MODE:
		*val = tdxm.cfg.debug_platform ? SGX_DEBUG_MODE_DEBUG_ALLOWED : 0;
		return 0;
	default:
		return tdx_hw_read_msr(msr, val);
	}
}

static void tdxm_flush_caches(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm.run.cache_flushes++;
	cpumask_clear(&tdxm.run.cache_dirty);
	tdxm_private_flush();
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/*
 * The model does not really write with a private KeyID, and QEMU need
 * not implement MOVDIR64B: plain zeros show that the host reset the
 * memory, and the model records that it did (model_private.c).
 */
static void tdxm_clear_private(void *va, unsigned long bytes)
{
	unsigned long flags;

	memset(va, 0, bytes);
	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm_private_reset(__pa(va), bytes);
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/* A CPU made late by tdx_model_make_late() stalls here, once. */
static bool tdxm_cpu_in_vmx(void)
{
	int cpu = smp_processor_id();
	u64 end;

	if (READ_ONCE(tdxm.run.late_cpu) == cpu) {
		WRITE_ONCE(tdxm.run.late_cpu, -1);
		end = ktime_get_ns() + READ_ONCE(tdxm.run.late_ns);
		while (ktime_get_ns() < end)
			cpu_relax();
	}
	return tdx_model_cpu_in_vmx(cpu);
}

static const struct tdx_seam_ops tdxm_seam_ops = {
	.seamcall		= tdxm_seamcall,
	.seamcall_ret		= tdxm_seamcall_ret,
	.seamcall_saved_ret	= tdxm_seamcall_saved_ret,
	.read_msr		= tdxm_read_msr,
	.flush_caches		= tdxm_flush_caches,
	.flush_cpu_cache	= tdxm_flush_cpu_cache,
	.clear_private		= tdxm_clear_private,
	.cpu_in_vmx		= tdxm_cpu_in_vmx,
	.stop_wait_ns		= TDX_MODEL_STOP_WAIT_NS,
	.signing_key_hash	= tdxm_test_key_hash,
};

/*
 * The CPU bug the host code checks for the partial-write erratum.  The
 * host reads it with boot_cpu_has_bug(), never through alternatives, so
 * the bit may come and go at runtime; clear_cpu_bug() would warn that
 * alternatives are patched, hence the plain bit operation.
 */
static void tdxm_set_pw_bug(bool on)
{
	unsigned long *caps = (unsigned long *)boot_cpu_data.x86_capability;

	if (on && !boot_cpu_has_bug(X86_BUG_TDX_PW_MCE)) {
		set_bit(X86_BUG_TDX_PW_MCE, caps);
		tdxm.set_pw_bug = true;
	} else if (!on && tdxm.set_pw_bug) {
		clear_bit(X86_BUG_TDX_PW_MCE, caps);
		tdxm.set_pw_bug = false;
	}
}

/**
 * tdx_model_start() - Reset the model to a configuration and activate it
 * @cfg: the configuration, or NULL for tdx_model_default_config()
 *
 * From now on every SEAMCALL the host code makes reaches the model.
 * Calling it while the model is active resets the model.
 *
 * Context: Process context; may sleep.  No SEAMCALL may be in flight, and
 * the caller must not hold the CPU hotplug lock.
 * Return: 0 on success, -EINVAL if @cfg is out of range.
 */
int tdx_model_start(const struct tdx_model_config *cfg)
{
	unsigned long flags;

	if (cfg && !tdxm_config_valid(cfg))
		return -EINVAL;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	if (cfg)
		tdxm.cfg = *cfg;
	else
		tdx_model_default_config(&tdxm.cfg);
	tdxm_reset_locked();
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);

	tdxm_set_pw_bug(tdxm.cfg.pw_mce_erratum);
	if (!tdxm.active)
		tdx_seam_install(&tdxm_seam_ops);
	tdxm.active = true;
	return 0;
}

/**
 * tdx_model_stop() - Deactivate the model
 *
 * The hardware is back behind the seam.  The model's state is kept for
 * inspection until the next tdx_model_start().
 *
 * Context: Process context; may sleep.  No SEAMCALL may be in flight, and
 * the caller must not hold the CPU hotplug lock.
 */
void tdx_model_stop(void)
{
	if (tdxm.active)
		tdx_seam_install(NULL);
	tdxm.active = false;
	tdxm_set_pw_bug(false);
}

/**
 * tdx_model_is_active() - Whether the model is installed on the seam
 *
 * Context: Any context.
 * Return: true between tdx_model_start() and tdx_model_stop().
 */
bool tdx_model_is_active(void)
{
	return READ_ONCE(tdxm.active);
}

/**
 * tdx_model_reset() - Reset the model to the configuration it started with
 *
 * Context: Any context.  No SEAMCALL may be in flight.
 */
void tdx_model_reset(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm_reset_locked();
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/*
 * "tdx_model=on" activates the model with the default configuration
 * before boot detection runs, "tdx_model=1.5.16" (any name of
 * tdx_model_profile_name()) with that published release.  The platform
 * facts that are not known this early (present CPUs, the memory map) are
 * read when the module needs them, at TDH.SYS.INIT.  No CPU is in VMX
 * operation until the bring-up (model_debugfs.c) does what kvm-intel's
 * VMXON would.
 *
 * Options may follow, separated by commas: "no_pw_erratum" emulates CPUs
 * without the partial-write erratum, "initialized" a module an earlier
 * kernel initialized before it started this one with kexec.  For
 * example "tdx_model=1.5.16,no_pw_erratum,initialized".
 */
static int __init tdx_model_option(const char *opt)
{
	if (!strcmp(opt, "no_pw_erratum"))
		tdxm.cfg.pw_mce_erratum = false;
	else if (!strcmp(opt, "initialized"))
		tdxm.cfg.initialized_before = true;
	else
		return -EINVAL;
	return 0;
}

static int __init tdx_model_param(char *arg)
{
	char *profile, *opt;

	if (!arg)
		return -EINVAL;
	profile = strsep(&arg, ",");
	if (tdx_model_profile_config(&tdxm.cfg, strcmp(profile, "on") ? profile : "default"))
		return -EINVAL;
	while ((opt = strsep(&arg, ",")))
		if (tdx_model_option(opt))
			return -EINVAL;

	tdx_model_reset();
	/* No VMX before kvm-intel, or the bring-up that stands in for it. */
	cpumask_setall(&tdxm.run.vmx_off);
	/* Boot CPU identification starts over from the forced bits. */
	if (tdxm.cfg.pw_mce_erratum)
		setup_force_cpu_bug(X86_BUG_TDX_PW_MCE);
	tdx_seam_install(&tdxm_seam_ops);
	tdxm.active = true;
	pr_info("SEAMCALLs are answered by the software model (TDX module %u.%u.%02u%s%s)\n",
		tdxm.cfg.module.major, tdxm.cfg.module.minor,
		tdxm.cfg.module.update,
		tdxm.cfg.pw_mce_erratum ? "" : ", CPUs without the partial-write erratum",
		tdxm.cfg.initialized_before ? ", initialized by an earlier kernel" : "");
	return 0;
}
early_param("tdx_model", tdx_model_param);

/**
 * tdxm_pa_is_ram() - Check that the model may read or write a range
 * @pa: physical address
 * @len: length in bytes
 *
 * The kernel under test hands the model physical addresses.  A bad one
 * must produce an error status, not a fault inside the model.
 *
 * Context: Any context.
 * Return: true if every page of the range is RAM in the direct map.
 */
bool tdxm_pa_is_ram(u64 pa, u64 len)
{
	u64 end = pa + len, page;

	if (!len || end < pa)
		return false;

	for (page = PFN_PHYS(PHYS_PFN(pa)); page < end; page += PAGE_SIZE) {
		if (!pfn_valid(PHYS_PFN(page)) || !memblock_is_map_memory(page))
			return false;
	}
	return true;
}

/**
 * tdxm_platform_lps() - Number of logical processors of the platform
 *
 * Context: Any context.
 * Return: The configured count, or the present CPUs by default.
 */
unsigned int tdxm_platform_lps(void)
{
	return tdxm.cfg.num_lps ?: num_present_cpus();
}

/* The index of a leaf in the per-leaf arrays, or -1 if not tracked. */
static int tdxm_leaf_index(u64 fn)
{
	u64 leaf;

	if (fn & SEAMLDR_LEAF_BIT) {
		leaf = fn & ~SEAMLDR_LEAF_BIT;
		return leaf < MODEL_NR_SEAMLDR_LEAVES ?
		       MODEL_NR_TDX_LEAVES + leaf : -1;
	}
	leaf = fn & TDX_LEAF_MASK;
	return leaf < MODEL_NR_TDX_LEAVES ? leaf : -1;
}

static bool tdxm_fault_matches(struct tdxm_fault *f, int leaf, int cpu)
{
	if (!f->count || f->leaf != leaf)
		return false;
	if (f->cpu != TDX_MODEL_ANY_CPU && f->cpu != cpu)
		return false;
	if (f->skip) {
		f->skip--;
		return false;
	}
	f->count--;
	return true;
}

/* Apply fault injection; the first armed fault that fires wins. */
static bool tdxm_inject(int leaf, int cpu, u64 *status)
{
	struct tdxm_fault *f;
	bool hit = false;

	for (f = tdxm.run.faults; f < tdxm.run.faults + TDX_MODEL_MAX_FAULTS; f++) {
		if (tdxm_fault_matches(f, leaf, cpu) && !hit) {
			*status = f->status;
			hit = true;
		}
	}
	return hit;
}

/* Dispatcher properties of a TDX module leaf. */
struct tdxm_leaf {
	u64 (*handler)(struct tdxm_call *c);
	enum tdxm_lock_use lock;
	bool before_ready;
	bool ext;
};

/* A known leaf whose behaviour the model does not implement. */
static u64 tdxm_not_modelled(struct tdxm_call *c)
{
	return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX;
}

static u64 tdxm_lp_shutdown(struct tdxm_call *c)
{
	return TDX_SUCCESS;
}

static const struct tdxm_leaf tdxm_leaves[] = {
	[TDH_SYS_KEY_CONFIG]	= { tdxm_key_config, MODEL_LOCK_EXCL, true },
	[TDH_SYS_INFO]		= { tdxm_not_modelled, MODEL_LOCK_NONE, true },
	[TDH_SYS_INIT]		= { tdxm_sys_init, MODEL_LOCK_EXCL, true },
	[TDH_SYS_RD]		= { tdxm_sys_rd, MODEL_LOCK_NONE, true },
	[TDH_SYS_LP_INIT]	= { tdxm_lp_init, MODEL_LOCK_SHARED, true },
	[TDH_SYS_TDMR_INIT]	= { tdxm_tdmr_init, MODEL_LOCK_NONE, false },
	[TDH_SYS_RDALL]		= { tdxm_not_modelled, MODEL_LOCK_NONE, true },
	[TDH_SYS_LP_SHUTDOWN]	= { tdxm_lp_shutdown, MODEL_LOCK_NONE, true },
	[TDH_SYS_CONFIG]	= { tdxm_sys_config, MODEL_LOCK_EXCL, true },
	[TDH_SYS_SHUTDOWN]	= { tdxm_sys_shutdown, MODEL_LOCK_EXCL, false },
	[TDH_SYS_UPDATE]	= { tdxm_sys_update, MODEL_LOCK_EXCL, true },
	[TDH_EXT_INIT]		= { tdxm_ext_init, MODEL_LOCK_EXCL, false, true },
	[TDH_EXT_MEM_ADD]	= { tdxm_ext_mem_add, MODEL_LOCK_EXCL, false, true },
};

/* The module's global lock is acquired once, never waited for. */
static bool tdxm_trylock(struct tdxm_call *c, enum tdxm_lock_use use)
{
	struct tdxm_run *run = &tdxm.run;

	switch (use) {
	case MODEL_LOCK_NONE:
		return true;
	case MODEL_LOCK_SHARED:
		if (run->lock_owner >= 0)
			return false;
		run->lock_sharers++;
		break;
	case MODEL_LOCK_EXCL:
		if (run->lock_owner >= 0 || run->lock_sharers)
			return false;
		run->lock_owner = c->cpu;
		break;
	}
	c->lock = use;
	return true;
}

/*
 * Interface versions: every TDH.SYS leaf takes only 0 in 1.5.01; later
 * modules take version 1 on some, and their handlers refuse anything
 * above (F1.2).
 */
static bool tdxm_version_ok(u64 leaf, u64 version)
{
	u8 v1 = tdxm.run.module.v1_leaves;

	if (!version)
		return true;
	if (version > 1)
		return false;
	switch (leaf) {
	case TDH_SYS_INIT:
		return v1 & TDX_MODEL_V1_SYS_INIT;
	case TDH_SYS_CONFIG:
		return v1 & TDX_MODEL_V1_SYS_CONFIG;
	case TDH_SYS_UPDATE:
		return v1 & TDX_MODEL_V1_SYS_UPDATE;
	default:
		return false;
	}
}

/*
 * Only these leaves look at the calling LP's own LP.INIT (F1.5); the
 * others fail through the global state when an LP is missing.
 */
static bool tdxm_needs_lp_init(u64 leaf)
{
	return leaf == TDH_SYS_RD || leaf == TDH_SYS_RDALL ||
	       leaf == TDH_SYS_INFO;
}

/* The TDX module's dispatcher checks, in the module's order. */
static u64 tdxm_tdx_call(struct tdxm_call *c)
{
	const struct tdxm_leaf *desc = NULL;
	struct tdxm_run *run = &tdxm.run;
	u64 leaf = c->fn & TDX_LEAF_MASK;

	if (run->sys_state == TDX_MODEL_NO_MODULE)
		return TDX_SEAMCALL_VMFAILINVALID;

	cpumask_set_cpu(c->cpu, &run->inside);
	c->inside = true;

	if (leaf < ARRAY_SIZE(tdxm_leaves) && tdxm_leaves[leaf].handler)
		desc = &tdxm_leaves[leaf];
	/* Modules without extensions do not know their leaves. */
	if (desc && desc->ext && !(run->module.features0 & TDX_FEATURES0_EXT))
		desc = NULL;

	if (c->fn & ~(TDX_LEAF_MASK | TDX_LEAF_VERSION_MASK))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX;
	if (desc && !tdxm_version_ok(leaf, FIELD_GET(TDX_LEAF_VERSION_MASK, c->fn)))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX;
	if (run->sys_state == TDX_MODEL_SYS_SHUTDOWN &&
	    leaf != TDH_SYS_LP_SHUTDOWN)
		return TDX_SYS_SHUTDOWN;
	if (run->sys_state != TDX_MODEL_SYS_READY &&
	    !(desc && desc->before_ready))
		return TDX_SYS_NOT_READY;
	if (!desc)
		return TDX_OPERAND_INVALID;
	if (tdxm_needs_lp_init(leaf) && !cpumask_test_cpu(c->cpu, &run->lp_init))
		return TDX_SYS_LP_INIT_NOT_DONE;
	if (!tdxm_trylock(c, desc->lock))
		return TDX_SYS_BUSY;

	return desc->handler(c);
}

static u64 tdxm_seamldr_call(struct tdxm_call *c)
{
	struct tdxm_run *run = &tdxm.run;

	/*
	 * Real hardware fails a second entry with VMfailInvalid, but the
	 * kernel must never try: count it so that tests notice.
	 */
	if (run->seamldr_cpu >= 0) {
		run->violations++;
		return TDX_SEAMCALL_VMFAILINVALID;
	}
	run->seamldr_cpu = c->cpu;
	c->seamldr = true;

	switch (c->fn) {
	case P_SEAMLDR_INFO:
		return tdxm_seamldr_info(c);
	case P_SEAMLDR_INSTALL:
		return tdxm_seamldr_install(c);
	default:
		/* F13.1; the host calls no other leaf. */
		return SEAMLDR_EBADPARAM;
	}
}

static u64 tdxm_enter(struct tdxm_call *c, unsigned int *delay_ns,
		      bool *hold)
{
	struct tdxm_run *run = &tdxm.run;
	int leaf = tdxm_leaf_index(c->fn);
	u64 status;

	lockdep_assert_held(&tdxm_lock);

	/* Outside VMX operation the instruction itself faults. */
	if (cpumask_test_cpu(c->cpu, &run->vmx_off)) {
		run->vmx_faults++;
		return TDX_SEAMCALL_UD;
	}

	run->cpu_calls[c->cpu]++;
	if (leaf >= 0) {
		run->leaf_calls[leaf]++;
		*delay_ns = run->latency_ns[leaf];
		if (tdxm_inject(leaf, c->cpu, &status)) {
			memset(&c->out, TDX_MODEL_POISON & 0xff, sizeof(c->out));
			return status;
		}
	}

	if (c->fn & SEAMLDR_LEAF_BIT)
		status = tdxm_seamldr_call(c);
	else
		status = tdxm_tdx_call(c);

	/* Only a call that got in can be held there, and only one. */
	if (leaf >= 0 && leaf == run->hold_leaf && (c->inside || c->seamldr)) {
		run->hold_leaf = -1;
		*hold = true;
	}
	return status;
}

static void tdxm_exit(struct tdxm_call *c)
{
	struct tdxm_run *run = &tdxm.run;

	lockdep_assert_held(&tdxm_lock);

	if (c->lock == MODEL_LOCK_EXCL)
		run->lock_owner = -1;
	else if (c->lock == MODEL_LOCK_SHARED)
		run->lock_sharers--;
	if (c->tdmr >= 0)
		run->tdmrs[c->tdmr].busy = false;
	if (c->seamldr)
		run->seamldr_cpu = -1;
	if (c->inside)
		cpumask_clear_cpu(c->cpu, &run->inside);
}

static void tdxm_delay(u64 ns, bool hold)
{
	u64 end;

	/*
	 * Wall time, not udelay(): a calibrated delay loop can run much
	 * longer than it claims in a virtual machine, and measurements
	 * compare elapsed time against the latencies set here.
	 */
	if (ns) {
		end = ktime_get_ns() + ns;
		while (ktime_get_ns() < end)
			cpu_relax();
	}

	/*
	 * A held call stays in flight until the test releases it.  The flag
	 * is polled without the model lock, which is what lets the test
	 * take the lock meanwhile.  The wait is bounded in wall time so
	 * that a broken test cannot hang a CPU with interrupts off forever.
	 */
	if (!hold)
		return;
	end = ktime_get_ns() + MODEL_HOLD_MAX_NS;
	while (!READ_ONCE(tdxm.run.hold_released) && ktime_get_ns() < end)
		cpu_relax();
}

/* Record a finished call if a test is tracing. */
static void tdxm_trace(const struct tdxm_call *c, u64 status)
{
	struct tdxm_run *run = &tdxm.run;
	unsigned int i;

	lockdep_assert_held(&tdxm_lock);

	if (!run->trace)
		return;
	i = run->trace_len;
	if (i < run->trace_max)
		run->trace[i] = (struct tdx_model_trace_entry) {
			.fn = c->fn,
			.rcx = c->in.rcx,
			.rdx = c->in.rdx,
			.cpu = c->cpu,
			.status = status,
		};
	if (i < UINT_MAX)
		run->trace_len = i + 1;
}

/* Store the outputs the way the assembly entry point would. */
static void tdxm_write_back(enum seamcall_regs regs, u64 status,
			    const struct tdx_module_args *out,
			    struct tdx_module_args *args)
{
	/* A failed SEAMCALL instruction writes nothing back. */
	if (status == TDX_SEAMCALL_VMFAILINVALID ||
	    status == TDX_SEAMCALL_GP || status == TDX_SEAMCALL_UD)
		return;

	if (regs == SEAMCALL_REGS_SAVED_RET) {
		*args = *out;
	} else if (regs == SEAMCALL_REGS_RET) {
		args->rcx = out->rcx;
		args->rdx = out->rdx;
		args->r8 = out->r8;
		args->r9 = out->r9;
		args->r10 = out->r10;
		args->r11 = out->r11;
	}
}

/**
 * tdx_model_seamcall() - Answer a SEAMCALL in place of the CPU
 * @regs: which output registers the entry point the caller would have
 *	  used writes back to @args
 * @fn: RAX of the SEAMCALL
 * @args: the registers
 *
 * Context: Any context, including hard IRQ and interrupts disabled.
 * Return: The completion status, as the SEAMCALL would have returned it.
 */
u64 tdx_model_seamcall(enum seamcall_regs regs, u64 fn,
		       struct tdx_module_args *args)
{
	struct tdxm_call c = {
		.fn = fn,
		.in = *args,
		.out = *args,
		.tdmr = -1,
	};
	int leaf = tdxm_leaf_index(fn);
	unsigned int delay_ns = 0;
	unsigned long flags;
	bool hold = false;
	u64 status, start;

	start = ktime_get_ns();
	raw_spin_lock_irqsave(&tdxm_lock, flags);
	c.cpu = smp_processor_id();
	tdxm_cache_note_call(c.cpu);
	status = tdxm_enter(&c, &delay_ns, &hold);
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);

	tdxm_delay(delay_ns + c.work_ns, hold);

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm_exit(&c);
	tdxm_trace(&c, status);
	start = ktime_get_ns() - start;
	tdxm.run.busy_ns += start;
	if (leaf >= 0)
		tdxm.run.leaf_busy_ns[leaf] += start;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);

	tdxm_write_back(regs, status, &c.out, args);
	return status;
}

/**
 * tdx_model_keyid_partitioning() - The modelled IA32_MKTME_KEYID_PARTITIONING
 *
 * Context: Any context.
 * Return: TDX KeyIDs in bits 63:32, MKTME KeyIDs in bits 31:0.
 */
u64 tdx_model_keyid_partitioning(void)
{
	return FIELD_PREP(MKTME_KEYID_PART_TDX_MASK, tdxm.cfg.tdx_keyids) |
	       FIELD_PREP(MKTME_KEYID_PART_MKTME_MASK, tdxm.cfg.mktme_keyids);
}

/**
 * tdx_model_inject() - Make some calls of a leaf fail
 * @fn: the leaf (RAX; the interface version is ignored)
 * @cpu: the CPU whose calls count, or TDX_MODEL_ANY_CPU
 * @nth: the first matching call to fail, counting from 1
 * @count: how many consecutive matching calls fail
 * @status: what the failing calls return
 *
 * A failing call changes no model state.  Its output registers are
 * filled with TDX_MODEL_POISON unless @status is one of the SEAMCALL
 * instruction failures, which write nothing back.
 *
 * Context: Any context.
 * Return: 0 on success, -EINVAL for a bad argument, -ENOSPC if
 * TDX_MODEL_MAX_FAULTS injections are already armed.
 */
int tdx_model_inject(u64 fn, int cpu, unsigned int nth, unsigned int count,
		     u64 status)
{
	int leaf = tdxm_leaf_index(fn);
	struct tdxm_fault *f;
	unsigned long flags;
	int ret = -ENOSPC;

	if (leaf < 0 || !nth || !count)
		return -EINVAL;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	for (f = tdxm.run.faults; f < tdxm.run.faults + TDX_MODEL_MAX_FAULTS; f++) {
		if (f->count)
			continue;
		*f = (struct tdxm_fault) {
			.leaf = leaf,
			.cpu = cpu,
			.skip = nth - 1,
			.count = count,
			.status = status,
		};
		ret = 0;
		break;
	}
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);

	return ret;
}

/**
 * tdx_model_clear_faults() - Disarm every fault injection
 *
 * For a test that arms a fault which may not fire and goes on without a
 * reset.
 *
 * Context: Any context.
 */
void tdx_model_clear_faults(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	memset(tdxm.run.faults, 0, sizeof(tdxm.run.faults));
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/**
 * tdx_model_trace_start() - Record every call from now on
 * @buf: where the calls go, in the order they finish
 * @max: entries @buf holds
 *
 * Every SEAMCALL the model answers, P-SEAMLDR calls and injected
 * failures included, is recorded until tdx_model_trace_stop() or the
 * next reset.  Calls beyond @max are counted, not recorded.  A test
 * learns from a trace which calls a kernel path makes without listing
 * them itself.
 *
 * Context: Any context.  @buf must stay valid until tracing stops.
 */
void tdx_model_trace_start(struct tdx_model_trace_entry *buf, unsigned int max)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm.run.trace = buf;
	tdxm.run.trace_max = buf ? max : 0;
	tdxm.run.trace_len = 0;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/**
 * tdx_model_trace_stop() - Stop recording calls
 *
 * Context: Any context.
 * Return: The number of calls seen since tdx_model_trace_start(); more
 * than the buffer holds if it overflowed.
 */
unsigned int tdx_model_trace_stop(void)
{
	unsigned long flags;
	unsigned int len;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	len = tdxm.run.trace_len;
	tdxm.run.trace = NULL;
	tdxm.run.trace_max = 0;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);

	return len;
}

/**
 * tdx_model_set_latency() - Make every call of a leaf take longer
 * @fn: the leaf
 * @ns: busy-wait added to each call, 0 to remove it
 *
 * The delay is spent after the leaf has run and before it releases what
 * it occupies, so that other CPUs see the call in flight.
 *
 * Context: Any context.
 */
void tdx_model_set_latency(u64 fn, unsigned int ns)
{
	int leaf = tdxm_leaf_index(fn);
	unsigned long flags;

	if (leaf < 0)
		return;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm.run.latency_ns[leaf] = ns;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/**
 * tdx_model_hold() - Keep the next call of a leaf in flight until released
 * @fn: the leaf
 *
 * The next call of @fn that gets past the dispatcher checks stays in
 * flight, occupying what it occupies, until the test calls
 * tdx_model_release() (or for MODEL_HOLD_MAX_NS at most).  Unlike
 * tdx_model_set_latency() this does not depend on how fast the test
 * itself runs.
 *
 * Context: Any context.
 */
void tdx_model_hold(u64 fn)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm.run.hold_leaf = tdxm_leaf_index(fn);
	tdxm.run.hold_released = false;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/**
 * tdx_model_release() - Let the call held by tdx_model_hold() finish
 *
 * Context: Any context.
 */
void tdx_model_release(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm.run.hold_leaf = -1;
	WRITE_ONCE(tdxm.run.hold_released, true);
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/**
 * tdx_model_set_compat_sensitive() - Pretend a TD build or migration runs
 * @busy: whether a compatibility-sensitive operation is in progress
 *
 * Context: Any context.
 */
void tdx_model_set_compat_sensitive(bool busy)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm.run.compat_sensitive = busy;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/* Put @cpu, or every CPU for TDX_MODEL_ANY_CPU, in @mask or take it out. */
static void tdxm_assign_cpus(struct cpumask *mask, int cpu, bool set)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	if (cpu == TDX_MODEL_ANY_CPU && set)
		cpumask_setall(mask);
	else if (cpu == TDX_MODEL_ANY_CPU)
		cpumask_clear(mask);
	else if (set)
		cpumask_set_cpu(cpu, mask);
	else
		cpumask_clear_cpu(cpu, mask);
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/**
 * tdx_model_set_vmx() - Take logical processors in or out of VMX operation
 * @cpu: the CPU, or TDX_MODEL_ANY_CPU for all of them
 * @on: whether SEAMCALL works there
 *
 * Every CPU starts in VMX operation, as kvm-intel keeps them while TDX
 * is on.  Outside of it SEAMCALL raises #UD, as after a VMXOFF.
 *
 * Context: Any context.
 */
void tdx_model_set_vmx(int cpu, bool on)
{
	tdxm_assign_cpus(&tdxm.run.vmx_off, cpu, !on);
}

/**
 * tdx_model_set_old_microcode() - Give logical processors microcode too old
 *				   for the module
 * @cpu: the CPU, or TDX_MODEL_ANY_CPU for all of them
 * @old: whether SEAMOPS lacks the SEAMDB leaves there
 *
 * The module relies on the SEAMDB leaves of SEAMOPS, which come with the
 * microcode.  TDH.SYS.INIT refuses an LP without them (F2.1), and
 * TDH.SYS.LP.INIT an LP whose SEAM capabilities differ from those of the
 * LP that did TDH.SYS.INIT (F3.1), both with
 * TDX_INCOMPATIBLE_SEAM_CAPABILITIES.  Every CPU starts with microcode the
 * module accepts.
 *
 * Context: Any context.
 */
void tdx_model_set_old_microcode(int cpu, bool old)
{
	tdxm_assign_cpus(&tdxm.run.old_seamops, cpu, old);
}

/**
 * tdx_model_cpu_in_vmx() - Whether a logical processor is in VMX operation
 * @cpu: the CPU
 *
 * Context: Any context.
 * Return: false after tdx_model_set_vmx() took it out.
 */
bool tdx_model_cpu_in_vmx(int cpu)
{
	return !cpumask_test_cpu(cpu, &tdxm.run.vmx_off);
}

/**
 * tdx_model_vmx_faults() - SEAMCALLs made outside VMX operation
 *
 * Context: Any context.
 * Return: how many raised #UD since the last reset.
 */
u64 tdx_model_vmx_faults(void)
{
	unsigned long flags;
	u64 n;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	n = tdxm.run.vmx_faults;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
	return n;
}

/**
 * tdx_model_make_late() - Hold a CPU up, as a descheduled vCPU is
 * @cpu: the CPU
 * @ns: how long its next check of VMX operation through the seam takes
 *
 * The host checks VMX operation on every CPU when they all stop for a
 * runtime update; this makes one of them arrive late.
 *
 * Context: Any context.
 */
void tdx_model_make_late(int cpu, u64 ns)
{
	WRITE_ONCE(tdxm.run.late_ns, ns);
	WRITE_ONCE(tdxm.run.late_cpu, cpu);
}

/**
 * tdx_model_set_install_time() - How long the last SEAMLDR.INSTALL works
 * @ns: wall time the last LP of a round spends validating, copying and
 *	hashing the new module, on top of any latency of the leaf
 *
 * Context: Any context.
 */
void tdx_model_set_install_time(u64 ns)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm.run.install_ns = ns;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/**
 * tdx_model_seamldr_no_entropy() - Run P-SEAMLDR's RDRAND dry
 * @count: how many of the next last-LP SEAMLDR.INSTALL calls find no
 *	   entropy when they set up the new module's memory (F13.5)
 *
 * Context: Any context.
 */
void tdx_model_seamldr_no_entropy(unsigned int count)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm.run.seamldr_no_entropy = count;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/**
 * tdx_model_interrupt() - Make some calls of a resumable leaf stop early
 * @fn: the leaf: TDH.SYS.TDMR.INIT, TDH.EXT.MEM.ADD or TDH.EXT.INIT
 * @nth: the first call to interrupt, counting from 1 the calls of @fn
 *	 that pass their checks and have work left
 * @count: how many consecutive such calls to interrupt
 * @work: units of work each interrupted call does before it stops:
 *	  pages for the extension leaves; TDH.SYS.TDMR.INIT does its one
 *	  chunk per call or nothing.  A call with no more than @work left
 *	  completes, but counts.
 *
 * An interrupted call returns TDX_INTERRUPTED_RESUMABLE with the outputs
 * its leaf's convention defines (see abi.h); the work it did stays done.
 * As with tdx_model_inject(), every armed slot of the leaf counts each
 * call and the first slot that fires decides.
 *
 * Context: Any context.
 * Return: 0 on success, -EINVAL for a bad argument, -ENOSPC if
 * MODEL_MAX_INTERRUPTS interruptions are already armed.
 */
int tdx_model_interrupt(u64 fn, unsigned int nth, unsigned int count,
			unsigned int work)
{
	int leaf = tdxm_leaf_index(fn);
	struct tdxm_interrupt *in;
	unsigned long flags;
	int ret = -ENOSPC;

	if (leaf < 0 || !nth || !count)
		return -EINVAL;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	for (in = tdxm.run.interrupts;
	     in < tdxm.run.interrupts + MODEL_MAX_INTERRUPTS; in++) {
		if (in->count)
			continue;
		*in = (struct tdxm_interrupt) {
			.leaf = leaf,
			.skip = nth - 1,
			.count = count,
			.work = work,
		};
		ret = 0;
		break;
	}
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);

	return ret;
}

/**
 * tdx_model_interrupt_random() - Interrupt resumable leaves at random
 * @seed: seed of the generator; the same seed gives the same sequence
 * @percent: chance, 0 to 100, that a resumable call is interrupted; 0
 *	     turns random interruptions off
 *
 * An interrupted call does a random part of its remaining work, possibly
 * none, before it stops.
 *
 * Context: Any context.
 */
void tdx_model_interrupt_random(u64 seed, unsigned int percent)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	/* xorshift must not start at zero. */
	tdxm.run.rand_state = seed ?: 1;
	tdxm.run.rand_percent = min(percent, 100U);
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

static u64 tdxm_random(void)
{
	u64 x = tdxm.run.rand_state ?: 1;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	tdxm.run.rand_state = x;
	return x;
}

/**
 * tdxm_entropy_fails() - Whether this draw of random numbers fails
 *
 * At the configured rate, so that the host's retries are exercised
 * without a test asking for each failure.
 *
 * Context: Model lock held.
 * Return: true if RDRAND came back empty.
 */
bool tdxm_entropy_fails(void)
{
	unsigned int percent = tdxm.cfg.entropy_fail_percent;

	if (!percent || tdxm_random() % 100 >= percent)
		return false;
	tdxm.run.entropy_failures++;
	return true;
}

/**
 * tdx_model_set_entropy_fail() - Change how often RDRAND comes back empty
 * @percent: the chance per draw, 0 to 100 (see tdxm_entropy_fails())
 *
 * Context: Any context.
 */
void tdx_model_set_entropy_fail(unsigned int percent)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	tdxm.cfg.entropy_fail_percent = min(percent, 100U);
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/**
 * tdx_model_entropy_failures() - Random-number failures the model made
 *
 * Context: Any context.
 * Return: how many calls failed for entropy since the last reset, at
 * the configured rate.
 */
u64 tdx_model_entropy_failures(void)
{
	unsigned long flags;
	u64 n;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	n = tdxm.run.entropy_failures;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
	return n;
}

/**
 * tdxm_interrupted() - Whether a resumable call stops early, and where
 * @c: the call, past its checks
 * @remaining: units of work it has left, at least 1
 * @work: receives the units to do before stopping, less than @remaining
 *
 * Armed interruptions come first, then random ones.
 *
 * Context: Model lock held.
 * Return: true if the call must stop after *@work units.
 */
bool tdxm_interrupted(struct tdxm_call *c, unsigned int remaining,
		      unsigned int *work)
{
	int leaf = tdxm_leaf_index(c->fn);
	struct tdxm_interrupt *in;
	struct tdxm_run *run = &tdxm.run;
	bool hit = false;

	/* Like fault injection: every armed slot counts, the first one wins. */
	for (in = run->interrupts; in < run->interrupts + MODEL_MAX_INTERRUPTS;
	     in++) {
		if (!in->count || in->leaf != leaf)
			continue;
		if (in->skip) {
			in->skip--;
			continue;
		}
		in->count--;
		if (!hit) {
			*work = in->work;
			hit = true;
		}
	}
	if (hit)
		return *work < remaining;

	if (run->rand_percent && tdxm_random() % 100 < run->rand_percent) {
		*work = tdxm_random() % remaining;
		return true;
	}
	return false;
}

/*
 * The accessors below read one value each.  They take the model lock so
 * that a value is never read half-updated.
 */
#define TDXM_READ(expr)						\
({								\
	unsigned long __flags;					\
	typeof(expr) __val;					\
								\
	raw_spin_lock_irqsave(&tdxm_lock, __flags);		\
	__val = (expr);						\
	raw_spin_unlock_irqrestore(&tdxm_lock, __flags);	\
	__val;							\
})

/**
 * tdx_model_leaf_calls() - Calls of a leaf since the last reset
 * @fn: the leaf
 *
 * Context: Any context.
 * Return: The number of calls on all CPUs, injected failures included.
 */
u64 tdx_model_leaf_calls(u64 fn)
{
	int leaf = tdxm_leaf_index(fn);

	return leaf < 0 ? 0 : TDXM_READ(tdxm.run.leaf_calls[leaf]);
}

/**
 * tdx_model_busy_ns() - Time spent answering calls since the last reset
 *
 * The time of the module's own work, which the kernel cannot shorten:
 * from the entry of each call to its exit, latencies included, summed
 * over all CPUs.
 *
 * Context: Any context.
 * Return: The time in nanoseconds.
 */
u64 tdx_model_busy_ns(void)
{
	return TDXM_READ(tdxm.run.busy_ns);
}

/**
 * tdx_model_leaf_busy_ns() - Time spent answering one leaf since the last reset
 * @fn: the leaf
 *
 * Context: Any context.
 * Return: The time in nanoseconds, summed over all CPUs.
 */
u64 tdx_model_leaf_busy_ns(u64 fn)
{
	int leaf = tdxm_leaf_index(fn);

	return leaf < 0 ? 0 : TDXM_READ(tdxm.run.leaf_busy_ns[leaf]);
}

/**
 * tdx_model_cpu_calls() - Calls made on one CPU since the last reset
 * @cpu: the CPU
 *
 * Context: Any context.
 * Return: The number of calls of any leaf made on @cpu.
 */
u64 tdx_model_cpu_calls(int cpu)
{
	return TDXM_READ(tdxm.run.cpu_calls[cpu]);
}

/**
 * tdx_model_violations() - Calling rules broken since the last reset
 *
 * Counts what real hardware would punish unpredictably, such as a second
 * logical processor entering P-SEAMLDR while another is inside.
 *
 * Context: Any context.
 * Return: The number of violations.
 */
unsigned int tdx_model_violations(void)
{
	return TDXM_READ(tdxm.run.violations);
}

/**
 * tdx_model_cache_flushes() - Cache flushes on all CPUs since the last reset
 *
 * Context: Any context.
 * Return: how often the host flushed the caches through the seam.
 */
unsigned long tdx_model_cache_flushes(void)
{
	return TDXM_READ(tdxm.run.cache_flushes);
}

/**
 * tdx_model_cpu_inside() - Whether a CPU is inside the module or P-SEAMLDR
 * @cpu: the CPU
 *
 * Context: Any context.
 * Return: true while a call made on @cpu is in flight.
 */
bool tdx_model_cpu_inside(int cpu)
{
	return TDXM_READ(cpumask_test_cpu(cpu, &tdxm.run.inside) ||
			 tdxm.run.seamldr_cpu == cpu);
}

/**
 * tdx_model_sys_state() - The module's global state
 *
 * Context: Any context.
 * Return: The state, TDX_MODEL_NO_MODULE if no module is usable.
 */
enum tdx_model_sys_state tdx_model_sys_state(void)
{
	return TDXM_READ(tdxm.run.sys_state);
}

/**
 * tdx_model_lp_initialized() - Whether a CPU completed TDH.SYS.LP.INIT
 * @cpu: the CPU
 *
 * Context: Any context.
 * Return: true if the current module has initialized @cpu.
 */
bool tdx_model_lp_initialized(int cpu)
{
	return TDXM_READ(cpumask_test_cpu(cpu, &tdxm.run.lp_init));
}

/**
 * tdx_model_pkgs_keyed() - Packages that completed TDH.SYS.KEY.CONFIG
 *
 * Context: Any context.
 * Return: The number of packages.
 */
unsigned int tdx_model_pkgs_keyed(void)
{
	return TDXM_READ(bitmap_weight(&tdxm.run.pkgs_keyed, MODEL_MAX_PKGS));
}

/**
 * tdx_model_hkid_reserved() - Whether the module has reserved a KeyID
 * @hkid: the KeyID
 *
 * Context: Any context.
 * Return: true if @hkid is reserved.
 */
bool tdx_model_hkid_reserved(unsigned int hkid)
{
	if (hkid >= MODEL_MAX_HKIDS)
		return false;
	return TDXM_READ(test_bit(hkid, tdxm.run.hkid_reserved));
}

/**
 * tdx_model_nr_tdmrs() - Number of TDMRs configured by TDH.SYS.CONFIG
 *
 * Context: Any context.
 * Return: The number of TDMRs.
 */
unsigned int tdx_model_nr_tdmrs(void)
{
	return TDXM_READ(tdxm.run.nr_tdmrs);
}

/**
 * tdx_model_get_tdmr() - Read back a configured TDMR
 * @idx: its index in the TDMR array given to TDH.SYS.CONFIG
 * @tdmr: receives the TDMR
 *
 * Context: Any context.
 * Return: 0 on success, -ENOENT if there is no such TDMR.
 */
int tdx_model_get_tdmr(unsigned int idx, struct tdx_model_tdmr *tdmr)
{
	unsigned long flags;
	int ret = -ENOENT;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	if (idx < tdxm.run.nr_tdmrs) {
		*tdmr = tdxm.run.tdmrs[idx].pub;
		ret = 0;
	}
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);

	return ret;
}

/**
 * tdx_model_get_module() - Identity of the current (or last) module
 * @module: receives the identity
 *
 * Context: Any context.
 */
void tdx_model_get_module(struct tdx_model_module *module)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	*module = tdxm.run.module;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}

/**
 * tdx_model_next_module() - Identity of an update of the current module
 * @next: receives the current module's identity with its update version,
 *        build number and minor SVN raised by one
 *
 * Context: Any context.
 */
void tdx_model_next_module(struct tdx_model_module *next)
{
	tdx_model_get_module(next);
	next->update++;
	next->build_num++;
	next->svn_minor++;
}

/**
 * tdx_model_remaining_updates() - Runtime updates P-SEAMLDR still allows
 *
 * Context: Any context.
 * Return: The count.
 */
u32 tdx_model_remaining_updates(void)
{
	return TDXM_READ(tdxm.run.remaining_updates);
}

/**
 * tdx_model_get_ext() - The extension state of the module
 * @ext: receives the state
 *
 * Context: Any context.
 */
void tdx_model_get_ext(struct tdx_model_ext *ext)
{
	const struct tdxm_run *run = &tdxm.run;
	unsigned long flags;
	unsigned int i;

	memset(ext, 0, sizeof(*ext));
	raw_spin_lock_irqsave(&tdxm_lock, flags);
	for (i = 0; i < run->ext_nr; i++) {
		u64 pa = run->ext_pages[i];

		ext->min_pa = i ? min(ext->min_pa, pa) : pa;
		ext->max_pa = max(ext->max_pa, pa);
		ext->pa_sum += pa;
	}
	ext->nr_pages = run->ext_nr;
	ext->init_done = run->ext_init_done;
	ext->initialized = run->ext_ready;
	ext->add_pending = run->ext_add.pending;
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
}
