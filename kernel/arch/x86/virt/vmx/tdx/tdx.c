// SPDX-License-Identifier: GPL-2.0
/*
 * TDX host lifecycle: boot detection, per-CPU enabling and on-demand
 * initialization of the TDX module.
 *
 * Boot only looks at what the BIOS configured and makes no SEAMCALL.  The
 * module is initialized when a user (KVM) first asks for it, because the
 * PAMTs it needs cost about 1/256 of TDX memory and SEAMCALLs need VMX,
 * which KVM owns.  Both per-CPU and global initialization happen once per
 * module lifetime; all state that a runtime update has to reset lives in
 * one structure.
 *
 * CPU hotplug: the module keeps a logical CPU initialized across offline
 * and online, so the per-CPU flag is not cleared on offline and a CPU
 * coming back needs no SEAMCALL.  TDH.SYS.CONFIG requires TDH.SYS.LP.INIT
 * on every logical CPU of the platform, so a CPU that was offline during
 * tdx_enable() makes it fail.  KVM calls tdx_cpu_enable() from its
 * virtualization-enable path, which runs on every CPU that comes online
 * while VMs exist; that keeps every online CPU TDX-capable whenever a TD
 * can run.
 */
#define pr_fmt(fmt) "virt/tdx: " fmt

#include <linux/acpi.h>
#include <linux/bitfield.h>
#include <linux/cleanup.h>
#include <linux/cpu.h>
#include <linux/cpufeature.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/kstrtox.h>
#include <linux/memblock.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/suspend.h>
#include <linux/topology.h>
#include <kunit/visibility.h>
#include <asm/cpu_device_id.h>
#include <asm/intel-family.h>
#include <asm/mce.h>
#include <asm/tdx.h>

#include "seamcall.h"
#include "tdx.h"

/*
 * TDH.SYS.KEY.CONFIG fails transiently when the key unit is busy or
 * short of entropy.  The package is not marked keyed then, so retry.
 */
#define TDX_KEY_CONFIG_TRIES	10

/**
 * struct tdx_module_ctx - Everything the kernel knows about the module
 * @state:	life-cycle state, see enum tdx_module_state
 * @err:	errno of the failed initialization (FAILED and DEAD)
 * @sysinit_done: TDH.SYS.INIT has been attempted
 * @sysinit_err: its result, returned to every later tdx_cpu_enable()
 * @lp_done:	CPUs that completed TDH.SYS.LP.INIT
 * @mem_fixed:	@mem is final: memory hotplug must stay inside it
 * @sysinfo:	global metadata read from the module
 * @mem:	the memory TDX covers
 * @tdmrs:	the TDMRs and PAMTs handed to the module
 * @ext_pages:	first page of the extension pool, or NULL
 * @ext_nr_pages: pages in the pool
 * @ext_given:	TDH.EXT.MEM.ADD has run: the module may own pool pages
 * @addons:	add-on features enabled: wanted, and offered by the module
 * @configured: TDH.SYS.CONFIG has been issued: a failure from now on
 *		is final
 * @keyed:	TDH.SYS.KEY.CONFIG has been issued: the module may have
 *		written the PAMTs and the pool with its private KeyID, and
 *		caches may hold such lines
 *
 * tdx_reset_module() returns all of it to its boot value, freeing what
 * it owns, so that a runtime update can start over.
 */
struct tdx_module_ctx {
	enum tdx_module_state state;
	int err;
	bool sysinit_done;
	int sysinit_err;
	struct cpumask lp_done;
	bool mem_fixed;
	struct tdx_sys_info sysinfo;
	struct tdx_mem_list mem;
	struct tdx_tdmr_list tdmrs;
	struct page *ext_pages;
	unsigned long ext_nr_pages;
	bool ext_given;
	u64 addons;
	bool configured;
	bool keyed;
};

/**
 * struct tdx_host - Module-scope state of the TDX host core
 * @lock:	serializes tdx_enable(), runtime updates and state readers
 * @sysinit_lock: makes TDH.SYS.INIT happen once; taken with IRQs off
 * @first_keyid: first TDX KeyID, the module's global KeyID
 * @nr_keyids:	number of TDX KeyIDs; 0 when the platform has no TDX
 * @guest_keyids: allocator of the KeyIDs after @first_keyid
 * @notifier_registered: the memory hotplug notifier is in place
 * @pages_held:	pages allocated for TDMR arrays and PAMTs, for accounting
 * @addons_wanted: TDX_FEATURES0 bits of add-on features to enable, from
 *		"tdx_addons="
 * @vmx_users:	holders of tdx_vmx_get(): while non-zero, every online CPU
 *		stays in VMX operation
 * @module_used: TDH.SYS.INIT has been issued since boot, so memory may
 *		hold what the module wrote with its KeyID until the platform
 *		is reset; under @sysinit_lock
 * @kexec_images: kexec and crash kernels loaded (tdx_kexec_image_get());
 *		under @sysinit_lock
 * @kexec_refusal_told: the log says why TDX waits for them to go
 * @m:		the resettable module state
 */
struct tdx_host {
	/* Guards @m against concurrent tdx_enable() and updates. */
	struct mutex lock;
	raw_spinlock_t sysinit_lock;
	u32 first_keyid;
	u32 nr_keyids;
	struct ida guest_keyids;
	bool notifier_registered;
	atomic_long_t pages_held;
	u64 addons_wanted;
	unsigned int vmx_users;
	bool module_used;
	unsigned int kexec_images;
	bool kexec_refusal_told;
	struct tdx_module_ctx m;
};

static struct tdx_host tdx = {
	.lock		= __MUTEX_INITIALIZER(tdx.lock),
	.sysinit_lock	= __RAW_SPIN_LOCK_UNLOCKED(tdx.sysinit_lock),
	.guest_keyids	= IDA_INIT(tdx.guest_keyids),
};

static_assert(ARRAY_SIZE(tdx.m.sysinfo.cmr.base) == TDX_MAX_CMRS);

/**
 * tdx_account_pages() - Track pages allocated for the module
 * @nr_pages:	pages allocated (positive) or freed (negative)
 *
 * Context: Any context.
 */
void tdx_account_pages(long nr_pages)
{
	atomic_long_add(nr_pages, &tdx.pages_held);
}

/**
 * tdx_platform_detected() - Whether detection found a TDX host platform
 *
 * Context: Any context.
 * Return: true once tdx_probe_platform() has found TDX KeyIDs.
 */
bool tdx_platform_detected(void)
{
	return READ_ONCE(tdx.nr_keyids) >= 2;
}

/*
 * Report a SEAMCALL that did not do its job and turn its status into an
 * errno.  Some statuses without the error bit still mean failure for the
 * caller; they must not read as success.
 */
static int tdx_call_failed(u64 fn, u64 status,
			   const struct tdx_module_args *args)
{
	tdx_seamcall_err(fn, status, args);
	return tdx_status_to_errno(status) ?: -EIO;
}

/* ----- TDX memory ----- */

static void tdx_mem_append(struct tdx_mem_list *mem, u64 start, u64 end,
			   int nid)
{
	struct tdx_mem_range *last = mem->nr ? &mem->ranges[mem->nr - 1] : NULL;

	/*
	 * x86 keeps the first 1 MiB reserved for good, so it never reaches
	 * the page allocator; CMRs need not cover it.
	 */
	start = max_t(u64, start, SZ_1M);
	if (start >= end)
		return;

	if (last && last->end == start && last->nid == nid) {
		last->end = end;
		return;
	}
	mem->ranges[mem->nr++] = (struct tdx_mem_range) {
		.start = start, .end = end, .nid = nid,
	};
}

/*
 * Every page the page allocator may hand to a TD must be TDX memory, so
 * TDX covers all memblock memory.  Memblock only changes with memory
 * hotplug, which the caller keeps out.
 */
static int tdx_collect_memory(struct tdx_mem_list *mem)
{
	unsigned long start_pfn, end_pfn;
	unsigned int n = 0;
	int i, nid;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid)
		n++;

	mem->nr = 0;
	mem->ranges = kcalloc(n, sizeof(*mem->ranges), GFP_KERNEL);
	if (!mem->ranges)
		return -ENOMEM;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid)
		tdx_mem_append(mem, PFN_PHYS(start_pfn), PFN_PHYS(end_pfn), nid);
	return 0;
}

/* End of the convertible memory that contains @pa, or @pa if none does. */
static u64 tdx_cmr_reach(const struct tdx_sys_info_cmr *cmr, u64 pa)
{
	unsigned int i;

	for (i = 0; i < cmr->num_cmrs; i++) {
		if (cmr->size[i] && pa >= cmr->base[i] &&
		    pa < cmr->base[i] + cmr->size[i])
			return cmr->base[i] + cmr->size[i];
	}
	return pa;
}

/**
 * tdx_check_convertible() - Check that CMRs cover a memory list
 * @mem:	the memory list
 * @cmr:	the convertible memory regions; adjacent ones join up
 *
 * Memory outside CMRs cannot be TDX memory, yet the page allocator could
 * hand it to a TD.  Such a layout is refused rather than worked around.
 *
 * Context: Any context.
 * Return: 0 or -EINVAL, with the first offending range logged.
 */
VISIBLE_IF_KUNIT int tdx_check_convertible(const struct tdx_mem_list *mem,
					   const struct tdx_sys_info_cmr *cmr)
{
	unsigned int i;

	for (i = 0; i < mem->nr; i++) {
		const struct tdx_mem_range *r = &mem->ranges[i];
		u64 pa = r->start, next;

		while (pa < r->end) {
			next = tdx_cmr_reach(cmr, pa);
			if (next == pa) {
				pr_err("memory [%#llx-%#llx) is not convertible\n",
				       pa, r->end);
				return -EINVAL;
			}
			pa = next;
		}
	}
	return 0;
}

static void tdx_free_mem_list(struct tdx_mem_list *mem)
{
	kfree(mem->ranges);
	mem->ranges = NULL;
	mem->nr = 0;
}

/*
 * Build the memory list and make it final.  Readers (the hotplug
 * notifier) run under mem_hotplug_lock held for writing; this holds it
 * for reading, which is enough to exclude them.
 */
static int tdx_fix_memory(struct tdx_module_ctx *m)
{
	int ret;

	get_online_mems();
	ret = tdx_collect_memory(&m->mem);
	if (!ret)
		ret = tdx_check_convertible(&m->mem, &m->sysinfo.cmr);
	if (ret)
		tdx_free_mem_list(&m->mem);
	else
		m->mem_fixed = true;
	put_online_mems();
	return ret;
}

static void tdx_unfix_memory(struct tdx_module_ctx *m)
{
	get_online_mems();
	m->mem_fixed = false;
	tdx_free_mem_list(&m->mem);
	put_online_mems();
}

static bool tdx_mem_covers(const struct tdx_mem_list *mem, u64 start, u64 end)
{
	unsigned int i;

	for (i = 0; i < mem->nr; i++) {
		if (start >= mem->ranges[i].start && end <= mem->ranges[i].end)
			return true;
	}
	return false;
}

/**
 * tdx_memory_notifier() - Keep hot-added memory inside TDX memory
 * @nb:		the notifier block
 * @action:	MEM_* event
 * @arg:	struct memory_notify describing the range
 *
 * Once the module has been given its TDMRs, memory outside them can never
 * become TDX memory; onlining it would let the page allocator hand pages
 * to TDs that the module refuses.
 *
 * Context: Memory hotplug, mem_hotplug_lock held for writing.
 * Return: NOTIFY_BAD to refuse onlining, NOTIFY_OK otherwise.
 */
VISIBLE_IF_KUNIT int tdx_memory_notifier(struct notifier_block *nb,
					 unsigned long action, void *arg)
{
	struct memory_notify *mn = arg;
	u64 start, end;

	if (action != MEM_GOING_ONLINE || !tdx.m.mem_fixed)
		return NOTIFY_OK;

	start = PFN_PHYS(mn->start_pfn);
	end = PFN_PHYS(mn->start_pfn + mn->nr_pages);
	if (tdx_mem_covers(&tdx.m.mem, start, end))
		return NOTIFY_OK;

	pr_warn_ratelimited("refusing to online [%#llx-%#llx): not TDX memory\n",
			    start, end);
	return NOTIFY_BAD;
}

/* ----- Boot detection ----- */

/* The BIOS splits KeyIDs between MKTME and TDX; TDX gets the upper ones. */
static int tdx_detect_keyids(u32 *first, u32 *nr)
{
	u64 part;
	int ret;

	ret = tdx_read_keyid_partitioning(&part);
	if (ret)
		return ret;

	*nr = FIELD_GET(MKTME_KEYID_PART_TDX_MASK, part);
	*first = FIELD_GET(MKTME_KEYID_PART_MKTME_MASK, part) + 1;
	if (!*nr)
		return -ENODEV;
	if (*nr < 2) {
		/* One KeyID for the module and at least one for a guest. */
		pr_info("only %u TDX KeyID; TDX needs two\n", *nr);
		return -ENODEV;
	}
	return 0;
}

/*
 * S3 powers memory down and loses the TDX keys: private memory would come
 * back as garbage.  Turn S3 off rather than TDX, like other platform
 * policies that cannot survive suspend.
 */
static void tdx_disable_s3(void)
{
#ifdef CONFIG_ACPI
	if (acpi_suspend_lowlevel) {
		pr_info("ACPI S3 disabled: TDX keys do not survive it\n");
		acpi_suspend_lowlevel = NULL;
	}
#endif
}

static struct notifier_block tdx_memory_nb = {
	.notifier_call = tdx_memory_notifier,
};

/**
 * tdx_probe_platform() - Find out whether the BIOS enabled TDX
 *
 * Reads the KeyID partitioning (no SEAMCALL), refuses TDX when hibernation
 * is possible, disables ACPI S3 and installs the memory hotplug check.
 *
 * Context: Process context, or early boot.
 * Return: 0 if the platform can be a TDX host, -errno otherwise.
 */
VISIBLE_IF_KUNIT int tdx_probe_platform(void)
{
	u32 first, nr;
	int ret;

	/* 1. TDX needs KeyIDs of its own. */
	ret = tdx_detect_keyids(&first, &nr);
	if (ret)
		return ret;

	/* 2. A hibernation image cannot restore TDX private memory. */
	if (hibernation_available()) {
		pr_err("disabled: hibernation is possible (boot with nohibernate)\n");
		return -EOPNOTSUPP;
	}

	/* 3. Once TDX memory is fixed, new memory must fall inside it. */
	if (!tdx.notifier_registered) {
		ret = register_memory_notifier(&tdx_memory_nb);
		if (ret) {
			pr_err("disabled: memory hotplug notifier failed (%d)\n",
			       ret);
			return ret;
		}
		tdx.notifier_registered = true;
	}

	/* 4. Suspend to RAM loses the keys. */
	tdx_disable_s3();

	tdx.first_keyid = first;
	tdx.nr_keyids = nr;
	pr_info("BIOS enabled TDX: KeyIDs %u-%u\n", first, first + nr - 1);
	return 0;
}

/*
 * CPUs on which a partial write to TDX private memory poisons the line,
 * so that a later read of it raises a machine check: the machine check
 * handler says so, and freed PAMTs are cleared with MOVDIR64B first.
 */
static const struct x86_cpu_id tdx_pw_mce_cpus[] __initconst = {
	X86_MATCH_VFM(INTEL_SAPPHIRERAPIDS_X, NULL),
	X86_MATCH_VFM(INTEL_EMERALDRAPIDS_X, NULL),
	{}
};

/**
 * tdx_init() - Detect TDX at boot
 *
 * Sets X86_FEATURE_TDX_HOST_PLATFORM when the platform can host TDs, and
 * X86_BUG_TDX_PW_MCE on the CPUs with the partial-write erratum.  On
 * other platforms this is silent and changes nothing.
 *
 * Context: Boot CPU identification, early boot.
 */
void __init tdx_init(void)
{
	if (tdx_probe_platform())
		return;
	setup_force_cpu_cap(X86_FEATURE_TDX_HOST_PLATFORM);
	if (x86_match_cpu(tdx_pw_mce_cpus))
		setup_force_cpu_bug(X86_BUG_TDX_PW_MCE);
}

/* ----- Per-CPU enabling ----- */

static int tdx_sys_init(bool first_since_boot)
{
	/* RCX carries attributes; none are defined, all must be 0. */
	struct tdx_module_args args = {};
	u64 status;

	status = seamcall(TDH_SYS_INIT, &args);
	if (!status)
		return 0;
	/*
	 * This kernel's first TDH.SYS.INIT finds the module past it: an
	 * earlier kernel initialized it and started this one with kexec.
	 * The module keeps that kernel's TDMRs and PAMTs, in memory this
	 * kernel now owns, and cannot be initialized again before the
	 * platform is reset (F2.1).  A module a runtime update just
	 * installed cannot be in that state.
	 */
	if (first_since_boot &&
	    tdx_status_code(status) == TDX_SYS_INIT_NOT_PENDING) {
		pr_err("the TDX module was initialized by an earlier kernel (kexec); TDX is unavailable until the platform is reset\n");
		return -EEXIST;
	}
	return tdx_call_failed(TDH_SYS_INIT, status, &args);
}

/*
 * On CPUs with the partial-write erratum a loaded kexec or crash kernel
 * keeps TDX unused (see tdx_kexec_image_get()).  Not recorded as the
 * result of TDH.SYS.INIT: once the kernel is unloaded, TDX can start.
 */
static int tdx_kexec_forbids_use_locked(void)
{
	lockdep_assert_held(&tdx.sysinit_lock);

	if (!tdx.kexec_images || !boot_cpu_has_bug(X86_BUG_TDX_PW_MCE))
		return 0;
	if (!tdx.kexec_refusal_told)
		pr_err("not initializing the TDX module: a kexec or crash kernel is loaded, which this CPU's partial-write erratum makes unsafe once TDX is used; unload it (kexec -u, kexec -p -u) to use TDX\n");
	tdx.kexec_refusal_told = true;
	return -EBUSY;
}

/*
 * TDH.SYS.INIT runs once per module lifetime, on whichever CPU gets here
 * first.  A failure is kept: retrying on every CPU would only repeat it.
 */
static int tdx_sys_init_once(void)
{
	int ret;

	raw_spin_lock(&tdx.sysinit_lock);
	if (tdx.m.sysinit_done) {
		ret = tdx.m.sysinit_err;
		goto out;
	}
	ret = tdx_kexec_forbids_use_locked();
	if (ret)
		goto out;

	tdx.m.sysinit_err = tdx_sys_init(!tdx.module_used);
	tdx.module_used = true;
	tdx.m.sysinit_done = true;
	ret = tdx.m.sysinit_err;
out:
	raw_spin_unlock(&tdx.sysinit_lock);
	return ret;
}

static int tdx_lp_init(void)
{
	struct tdx_module_args args = {};
	u64 status;

	status = seamcall(TDH_SYS_LP_INIT, &args);
	/*
	 * The module keeps an LP initialized for its whole lifetime, also
	 * across CPU offline, so "already done" is success.
	 */
	if (!status || tdx_status_code(status) == TDX_SYS_LP_INIT_DONE)
		return 0;

	return tdx_call_failed(TDH_SYS_LP_INIT, status, &args);
}

/**
 * tdx_cpu_init_module() - TDH.SYS.INIT if needed, then TDH.SYS.LP.INIT here
 *
 * What tdx_cpu_enable() does once it has checked the module state; a
 * runtime update calls it for the new module on every CPU.
 *
 * Context: IRQs disabled; the CPU is in VMX operation.
 * Return: 0 on success, the -errno of the failed SEAMCALL otherwise.
 */
int tdx_cpu_init_module(void)
{
	unsigned int cpu = smp_processor_id();
	int ret;

	lockdep_assert_irqs_disabled();

	if (cpumask_test_cpu(cpu, &tdx.m.lp_done))
		return 0;

	ret = tdx_sys_init_once();
	if (ret)
		return ret;

	ret = tdx_lp_init();
	if (ret)
		return ret;

	cpumask_set_cpu(cpu, &tdx.m.lp_done);
	return 0;
}

/**
 * tdx_cpu_enable() - Make the local CPU able to use the TDX module
 *
 * Does TDH.SYS.LP.INIT on this CPU, preceded by the module's global
 * TDH.SYS.INIT if no CPU has done it yet.  Each CPU does this once per
 * module lifetime; later calls return 0 at once, including after the CPU
 * went offline and came back.  Concurrent calls on different CPUs are safe.
 *
 * Context: IRQs disabled; the CPU must be in VMX operation (KVM did VMXON).
 * Return: 0 on success; -ENODEV if the platform has no TDX or no module is
 * loaded; -EEXIST if an earlier kernel initialized the module and started
 * this one with kexec; -EBUSY while a kexec or crash kernel is loaded on a
 * CPU with the partial-write erratum; the recorded errno if a failed
 * runtime update shut the module down (-ESHUTDOWN) or lost it (-ENODEV),
 * without a SEAMCALL; another -errno if a SEAMCALL failed.
 */
int tdx_cpu_enable(void)
{
	enum tdx_module_state state;

	lockdep_assert_irqs_disabled();

	if (!tdx_platform_detected())
		return -ENODEV;
	/* Lockless: pairs with the release in tdx_set_state(). */
	state = smp_load_acquire(&tdx.m.state);
	if (state == TDX_MODULE_SHUT_DOWN || state == TDX_MODULE_DEAD)
		return READ_ONCE(tdx.m.err);
	return tdx_cpu_init_module();
}
EXPORT_SYMBOL_GPL(tdx_cpu_enable);

/* ----- Global metadata ----- */

static int tdx_sys_rd(u64 id, u64 *val)
{
	struct tdx_module_args args = { .rdx = id };
	int ret;

	ret = seamcall_prerr_ret(TDH_SYS_RD, &args);
	if (!ret)
		*val = args.r8;
	return ret;
}

/*
 * A field not every module has: one without it answers
 * TDX_METADATA_FIELD_ID_INCORRECT, which means 0 here.
 */
static int tdx_sys_rd_optional(u64 id, u64 *val)
{
	struct tdx_module_args args = { .rdx = id };
	u64 status;

	status = seamcall_ret(TDH_SYS_RD, &args);
	if (tdx_status_code(status) == TDX_METADATA_FIELD_ID_INCORRECT) {
		*val = 0;
		return 0;
	}
	if (status)
		return tdx_call_failed(TDH_SYS_RD, status, &args);
	*val = args.r8;
	return 0;
}

/* Bytes of one element, from bits 33:32 of a field ID. */
#define TDX_MD_ELEM_BYTES(id)	(1U << (((id) & MD_FIELD_ID_ELEM_SIZE_MASK) >> 32))

/* Store @val into @dst, which must be as wide as field @id. */
static int tdx_md_store(u64 id, u64 val, void *dst, unsigned int bytes)
{
	if (WARN_ON_ONCE(bytes != TDX_MD_ELEM_BYTES(id)))
		return -EINVAL;

	switch (bytes) {
	case 1:
		*(u8 *)dst = val;
		break;
	case 2:
		*(u16 *)dst = val;
		break;
	case 4:
		*(u32 *)dst = val;
		break;
	default:
		*(u64 *)dst = val;
		break;
	}
	return 0;
}

/* Read field @id into @dst; @optional: a module may not have it. */
static int tdx_md_read(u64 id, void *dst, unsigned int bytes, bool optional)
{
	u64 val;
	int ret;

	ret = optional ? tdx_sys_rd_optional(id, &val) : tdx_sys_rd(id, &val);
	return ret ?: tdx_md_store(id, val, dst, bytes);
}

#define TDX_MD_READ(id, member)	\
	tdx_md_read((id), &(member), sizeof(member), false)
#define TDX_MD_READ_OPTIONAL(id, member)	\
	tdx_md_read((id), &(member), sizeof(member), true)

/*
 * Only for logs and sysfs, so none of it may fail initialization: a
 * module without one of the fields reports 0 there.
 */
static int tdx_read_version(struct tdx_sys_info_version *v)
{
	return TDX_MD_READ_OPTIONAL(MD_FIELD_ID_MAJOR_VERSION, v->major) ?:
	       TDX_MD_READ_OPTIONAL(MD_FIELD_ID_MINOR_VERSION, v->minor) ?:
	       TDX_MD_READ_OPTIONAL(MD_FIELD_ID_UPDATE_VERSION, v->update) ?:
	       TDX_MD_READ_OPTIONAL(MD_FIELD_ID_BUILD_NUM, v->build_num) ?:
	       TDX_MD_READ_OPTIONAL(MD_FIELD_ID_BUILD_DATE, v->build_date);
}

static int tdx_read_identity(struct tdx_sys_info *si)
{
	return tdx_read_version(&si->version) ?:
	       TDX_MD_READ(MD_FIELD_ID_TDX_FEATURES0, si->features0);
}

static int tdx_read_tdmr_limits(struct tdx_sys_info_tdmr *t)
{
	return TDX_MD_READ(MD_FIELD_ID_MAX_TDMRS, t->max_tdmrs) ?:
	       TDX_MD_READ(MD_FIELD_ID_MAX_RESERVED_PER_TDMR,
			   t->max_reserved_per_tdmr) ?:
	       TDX_MD_READ(MD_FIELD_ID_PAMT_4K_ENTRY_SIZE, t->pamt_4k_entry_size) ?:
	       TDX_MD_READ(MD_FIELD_ID_PAMT_2M_ENTRY_SIZE, t->pamt_2m_entry_size) ?:
	       TDX_MD_READ(MD_FIELD_ID_PAMT_1G_ENTRY_SIZE, t->pamt_1g_entry_size);
}

static int tdx_read_cmrs(struct tdx_sys_info_cmr *cmr)
{
	unsigned int i;
	int ret;

	ret = TDX_MD_READ(MD_FIELD_ID_NUM_CMRS, cmr->num_cmrs);
	if (ret)
		return ret;
	if (cmr->num_cmrs > TDX_MAX_CMRS) {
		pr_err("module reports %u CMRs, more than %u\n",
		       cmr->num_cmrs, TDX_MAX_CMRS);
		return -EINVAL;
	}

	for (i = 0; i < cmr->num_cmrs; i++) {
		ret = TDX_MD_READ(MD_FIELD_ID_CMR_BASE0 + i, cmr->base[i]) ?:
		      TDX_MD_READ(MD_FIELD_ID_CMR_SIZE0 + i, cmr->size[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* Refuse modules the kernel cannot drive. */
static int tdx_check_sysinfo(const struct tdx_sys_info *si)
{
	const struct tdx_sys_info_tdmr *t = &si->tdmr;

	/* Without NO_RBP_MOD the module clobbers RBP, the frame pointer. */
	if (!(si->features0 & TDX_FEATURES0_NO_RBP_MOD)) {
		pr_err("module lacks NO_RBP_MOD; not supported\n");
		return -EOPNOTSUPP;
	}

	/* More TDMRs or reserved areas than the kernel uses are fine. */
	if (!t->max_tdmrs || !t->pamt_4k_entry_size ||
	    !t->pamt_2m_entry_size || !t->pamt_1g_entry_size) {
		pr_err("module reports unusable TDMR limits\n");
		return -EINVAL;
	}
	return 0;
}

static int tdx_read_sysinfo(struct tdx_sys_info *si)
{
	int ret;

	memset(si, 0, sizeof(*si));
	ret = tdx_read_identity(si) ?: tdx_read_tdmr_limits(&si->tdmr) ?:
	      tdx_read_cmrs(&si->cmr);
	if (ret)
		return ret;

	pr_info("TDX module %u.%u.%02u, build %u (%u), features0 %#llx\n",
		si->version.major, si->version.minor, si->version.update,
		si->version.build_num, si->version.build_date, si->features0);

	return tdx_check_sysinfo(si);
}

/*
 * What the extensions need is readable only once the module has been
 * configured with add-on features.  Without add-ons, or on a module
 * without extensions, there is nothing to ask.
 */
static int tdx_read_ext(u64 features0, u64 addons,
			struct tdx_sys_info_ext *ext)
{
	int ret;

	*ext = (struct tdx_sys_info_ext) {};
	if (!addons || !(features0 & TDX_FEATURES0_EXT))
		return 0;

	ret = TDX_MD_READ(MD_FIELD_ID_EXT_REQUIRED, ext->required);
	if (ret || !ext->required)
		return ret;
	return TDX_MD_READ(MD_FIELD_ID_EXT_MEM_POOL_PAGES, ext->mem_pool_pages);
}

/*
 * "tdx_addons=<hex>": the TDX_FEATURES0 bits of add-on features to enable
 * in a module that offers them.  None by default, and TDH.SYS.CONFIG
 * stays at interface version 0.  A module with add-ons may need memory
 * for its extensions, which initialization then gives it.
 */
static int __init tdx_addons_param(char *arg)
{
	return kstrtoull(arg, 16, &tdx.addons_wanted);
}
early_param("tdx_addons", tdx_addons_param);

/* The add-ons to enable in a module that offers @features0. */
static u64 tdx_addons(u64 features0)
{
	u64 missing = tdx.addons_wanted & ~features0;

	if (missing)
		pr_info("add-on features %#llx not offered by the module\n",
			missing);
	return tdx.addons_wanted & features0;
}

/* ----- Handing the configuration to the module ----- */

/**
 * tdx_config_module() - Hand TDMRs and the global KeyID to the module
 * @list:		the TDMRs, with PAMTs and reserved areas
 * @global_keyid:	KeyID the module uses for its own metadata
 * @addons:		TDX_FEATURES0 bits of add-on features to enable
 *
 * Interface version 0, or version 1 with the add-ons in R9 when there
 * are any.
 *
 * Context: Process context, CPU in VMX operation after tdx_cpu_enable().
 * Return: 0 or the -errno of TDH.SYS.CONFIG.
 */
VISIBLE_IF_KUNIT int tdx_config_module(struct tdx_tdmr_list *list,
				       u64 global_keyid, u64 addons)
{
	struct tdx_module_args args = {};
	u64 fn = TDH_SYS_CONFIG, status;
	unsigned int i;

	for (i = 0; i < list->nr; i++)
		list->pa_array[i] = __pa(tdx_tdmr(list, i));

	args.rcx = __pa(list->pa_array);
	args.rdx = list->nr;
	args.r8 = global_keyid;
	if (addons) {
		fn |= TDX_LEAF_VERSION(1);
		args.r9 = addons;
	}
	status = seamcall(fn, &args);
	if (!status)
		return 0;

	if (tdx_status_code(status) == TDX_SYS_CONFIG_NOT_PENDING)
		pr_err("not every logical CPU has run tdx_cpu_enable()\n");
	return tdx_call_failed(fn, status, &args);
}

static bool tdx_key_config_retry(u64 status)
{
	return tdx_status_code(status) == TDX_KEY_GENERATION_FAILED ||
	       tdx_status_code(status) == TDX_OPERAND_BUSY;
}

/* Program this CPU's package key; runs on a CPU of that package. */
static int tdx_key_config_cpu(void *unused)
{
	struct tdx_module_args args = {};
	unsigned int tries = TDX_KEY_CONFIG_TRIES;
	u64 status;

	do {
		status = seamcall(TDH_SYS_KEY_CONFIG, &args);
	} while (tdx_key_config_retry(status) && --tries);

	/* Another CPU of the package got there first: fine. */
	if (!status || tdx_status_code(status) == TDX_KEY_CONFIGURED)
		return 0;

	return tdx_call_failed(TDH_SYS_KEY_CONFIG, status, &args);
}

/*
 * The module needs its key on every package, programmed from one CPU of
 * that package, one package at a time.
 */
static int tdx_config_keys(void)
{
	cpumask_var_t keyed;
	int cpu, ret = 0;

	if (!zalloc_cpumask_var(&keyed, GFP_KERNEL))
		return -ENOMEM;

	for_each_online_cpu(cpu) {
		if (cpumask_test_cpu(cpu, keyed))
			continue;
		ret = smp_call_on_cpu(cpu, tdx_key_config_cpu, NULL, false);
		if (ret)
			break;
		cpumask_or(keyed, keyed, topology_core_cpumask(cpu));
	}

	free_cpumask_var(keyed);
	return ret;
}

/*
 * How long TDH.SYS.TDMR.INIT may go without showing progress: its RDX
 * moves only at 1 GiB boundaries, which a module initializing 4 MiB per
 * call reaches within tens of milliseconds.
 */
#define TDX_TDMR_INIT_STALL_MS	(5 * MSEC_PER_SEC)

/*
 * Each successful TDH.SYS.TDMR.INIT initializes the next chunk of the
 * TDMR's PAMT and the module keeps the TDMR's progress, so an interrupted
 * call is simply repeated (seamcall_repeat()).  How much a chunk is, is
 * the module's business (1024 entries in TDX 1.5, four times as many
 * with dynamic PAMT), and RDX, rounded down to 1 GiB, hides the progress
 * within a gigabyte.  So the loop is bounded by what no module can do
 * less than, one PAMT entry (4 KiB of TDMR) per call, by RDX never going
 * back, and by time without RDX moving.
 */
static int tdx_init_one_tdmr(const struct tdmr_info *tdmr)
{
	u64 end = tdmr->base + tdmr->size, mark = tdmr->base;
	u64 calls = (tdmr->size >> PAGE_SHIFT) + 1;
	unsigned long stall = jiffies + msecs_to_jiffies(TDX_TDMR_INIT_STALL_MS);
	struct seamcall_resumable r = {};
	struct tdx_module_args args;
	u64 status;

	while (calls--) {
		args = (struct tdx_module_args) { .rcx = tdmr->base };
		status = seamcall_repeat(TDH_SYS_TDMR_INIT, &args, &r);
		if (tdx_status_code(status) == TDX_TDMR_ALREADY_INITIALIZED)
			return 0;
		if (status)
			return tdx_call_failed(TDH_SYS_TDMR_INIT, status, &args);
		if (args.rdx >= end)
			return 0;
		if (args.rdx < mark)
			break;
		if (args.rdx > mark) {
			mark = args.rdx;
			stall = jiffies + msecs_to_jiffies(TDX_TDMR_INIT_STALL_MS);
		} else if (time_after(jiffies, stall)) {
			break;
		}
		/*
		 * Process context, between chunks; the interruption loop
		 * inside seamcall_repeat() never sleeps.
		 */
		cond_resched();
	}

	pr_err("TDMR [%#llx-%#llx) not initialized: the module stopped at %#llx\n",
	       tdmr->base, end, args.rdx);
	return -ETIMEDOUT;
}

static int tdx_init_tdmrs(const struct tdx_tdmr_list *list)
{
	unsigned int i;
	int ret;

	for (i = 0; i < list->nr; i++) {
		ret = tdx_init_one_tdmr(tdx_tdmr(list, i));
		if (ret)
			return ret;
	}
	return 0;
}

/* Whether freed PAMTs must be overwritten first (partial-write erratum). */
static bool tdx_pamt_needs_clearing(void)
{
	return boot_cpu_has_bug(X86_BUG_TDX_PW_MCE);
}

/* ----- Extensions ----- */

/* Progress: the first entry of the HPA_LIST_INFO the module returns. */
static u64 tdx_ext_mem_add_mark(const struct tdx_module_args *args)
{
	return FIELD_GET(HPA_LIST_INFO_FIRST_ENTRY, args->rcx);
}

/* The call is made again with the RCX the module returned, and only it. */
static void tdx_ext_mem_add_resume(struct tdx_module_args *args)
{
	*args = (struct tdx_module_args) { .rcx = args->rcx };
}

/**
 * tdx_ext_mem_add() - Give physically contiguous pages to the module
 * @base:	physical address of the first page
 * @nr_pages:	number of 4 KiB pages
 *
 * The pages go in lists of up to TDX_EXT_MEM_ADD_MAX_PAGES addresses, one
 * TDH.EXT.MEM.ADD each, made again with the HPA_LIST_INFO the module
 * returns after an interruption (seamcall_resume()).  Once the first call has been made,
 * the module may own any of the pages, even if a later call fails.
 *
 * Context: Process context; may sleep.  The module is configured and its
 * TDMRs are initialized.
 * Return: 0, -ENOMEM if the list page cannot be allocated, -ETIMEDOUT if
 * the module never finished a call, or the -errno of TDH.EXT.MEM.ADD.
 */
VISIBLE_IF_KUNIT int tdx_ext_mem_add(u64 base, unsigned long nr_pages)
{
	struct seamcall_resumable r = {
		.mark = tdx_ext_mem_add_mark,
		.set_resume = tdx_ext_mem_add_resume,
	};
	struct tdx_module_args args;
	unsigned long done, n, i;
	u64 *list, status;
	int ret = 0;

	list = (u64 *)get_zeroed_page(GFP_KERNEL);
	if (!list)
		return -ENOMEM;

	for (done = 0; done < nr_pages; done += n) {
		n = min_t(unsigned long, nr_pages - done,
			  TDX_EXT_MEM_ADD_MAX_PAGES);
		for (i = 0; i < n; i++)
			list[i] = base + ((done + i) << PAGE_SHIFT);

		args = (struct tdx_module_args) {
			.rcx = __pa(list) |
			       FIELD_PREP(HPA_LIST_INFO_LAST_ENTRY, n - 1),
		};
		status = seamcall_resume(TDH_EXT_MEM_ADD, &args, &r);
		if (status) {
			ret = tdx_call_failed(TDH_EXT_MEM_ADD, status, &args);
			break;
		}
	}

	free_page((unsigned long)list);
	return ret;
}

static u64 tdx_ext_init_mark(const struct tdx_module_args *args)
{
	return args->rdx;
}

/**
 * tdx_ext_init() - Initialize the module's extensions
 *
 * TDH.EXT.INIT keeps its own progress: an interrupted call is repeated
 * as it was made (seamcall_repeat()), RDX showing the progress.
 *
 * Context: Any context in which SEAMCALLs may be made, IRQs off included.
 * Return: 0, -ETIMEDOUT if the module never finished, or the -errno of
 * TDH.EXT.INIT.
 */
VISIBLE_IF_KUNIT int tdx_ext_init(void)
{
	struct seamcall_resumable r = { .mark = tdx_ext_init_mark };
	struct tdx_module_args args = {};
	u64 status;

	status = seamcall_repeat(TDH_EXT_INIT, &args, &r);
	if (status)
		return tdx_call_failed(TDH_EXT_INIT, status, &args);
	return 0;
}

/*
 * One contiguous allocation for the pool the module asked for, made
 * before the keys are programmed so that a lack of memory fails early
 * and cheaply.  Nothing is allocated for a module that does not need
 * extensions.
 */
static int tdx_ext_alloc(struct tdx_module_ctx *m)
{
	unsigned long nr = m->sysinfo.ext.mem_pool_pages;
	struct page *page;

	if (!m->sysinfo.ext.required || !nr)
		return 0;

	page = alloc_contig_pages(nr, GFP_KERNEL, numa_mem_id(), NULL);
	if (!page) {
		pr_err("cannot allocate %lu KiB of extension memory\n",
		       nr << (PAGE_SHIFT - 10));
		return -ENOMEM;
	}
	m->ext_pages = page;
	m->ext_nr_pages = nr;
	tdx_account_pages(nr);
	return 0;
}

/*
 * Only for a module that will never run (see tdx_free_module_memory()),
 * after caches have been written back: pages the module may have written
 * with its private KeyID are reset first, like PAMTs.
 */
static void tdx_ext_free(struct tdx_module_ctx *m)
{
	if (!m->ext_pages)
		return;

	if (m->ext_given && tdx_pamt_needs_clearing())
		tdx_clear_private(page_address(m->ext_pages),
				  m->ext_nr_pages << PAGE_SHIFT);
	free_contig_range(page_to_pfn(m->ext_pages), m->ext_nr_pages);
	tdx_account_pages(-(long)m->ext_nr_pages);
	m->ext_pages = NULL;
	m->ext_nr_pages = 0;
	m->ext_given = false;
}

/*
 * Give the pool to the module and start the extensions.  The memory is
 * never returned: there is no leaf to take it back, the module uses it
 * for as long as it runs, and a runtime update hands it to the next
 * module with the rest of the handoff state.
 */
static int tdx_ext_setup(struct tdx_module_ctx *m)
{
	int ret;

	if (!m->ext_pages)
		return 0;

	m->ext_given = true;
	ret = tdx_ext_mem_add(page_to_phys(m->ext_pages), m->ext_nr_pages);
	if (!ret)
		ret = tdx_ext_init();
	if (ret)
		return ret;

	pr_info("extensions: %lu KiB given\n",
		m->ext_nr_pages << (PAGE_SHIFT - 10));
	return 0;
}

/*
 * Give back the PAMTs and the extension pool of a module that will never
 * use them.  Once a package key has been programmed, any CPU's caches may
 * hold lines of them written with the private KeyID: write those back
 * everywhere first, or a later eviction would land on memory the kernel
 * has reused; then reset the memory where the partial-write erratum
 * requires it.
 */
static void tdx_free_module_memory(struct tdx_module_ctx *m)
{
	bool keyed = m->keyed;

	if (keyed)
		static_call(tdx_seam_flush_caches)();
	tdx_ext_free(m);
	tdx_free_pamts(&m->tdmrs, keyed && tdx_pamt_needs_clearing());
	/* Pairs with the lockless reader in tdx_dump_mce_info(). */
	WRITE_ONCE(m->keyed, false);
}

static void tdx_report_config(const struct tdx_tdmr_list *list)
{
	pr_info("%u TDMRs, PAMT %lu KiB\n", list->nr,
		tdx_pamt_total_pages(list) << (PAGE_SHIFT - 10));
}

/* The steps of module initialization; unwinds completely on failure. */
static int tdx_module_setup(struct tdx_module_ctx *m)
{
	int ret;

	/* 1. Learn what the module is and where convertible memory is. */
	ret = tdx_read_sysinfo(&m->sysinfo);
	if (ret)
		return ret;
	m->addons = tdx_addons(m->sysinfo.features0);

	/* 2. Fix the memory TDX covers; hotplug must stay inside it. */
	ret = tdx_fix_memory(m);
	if (ret)
		return ret;

	/* 3. Cover it with TDMRs, each with a PAMT on its node. */
	ret = tdx_tdmr_list_alloc(&m->tdmrs, &m->sysinfo.tdmr);
	if (ret)
		goto err_unfix_memory;
	ret = tdx_build_tdmrs(&m->tdmrs, &m->mem);
	if (ret)
		goto err_free_tdmrs;
	ret = tdx_alloc_pamts(&m->tdmrs, &m->sysinfo.tdmr);
	if (ret)
		goto err_free_tdmrs;
	ret = tdx_set_reserved_areas(&m->tdmrs, &m->sysinfo.cmr);
	if (ret)
		goto err_free_memory;
	tdx_report_config(&m->tdmrs);

	/*
	 * 4. Hand the TDMRs and the global KeyID to the module.  Whatever
	 * failed before may work another time; from here on it may not.
	 */
	m->configured = true;
	ret = tdx_config_module(&m->tdmrs, tdx.first_keyid, m->addons);
	if (ret)
		goto err_free_memory;

	/* 5. Learn what the extensions need and allocate it. */
	ret = tdx_read_ext(m->sysinfo.features0, m->addons, &m->sysinfo.ext);
	if (ret)
		goto err_free_memory;
	ret = tdx_ext_alloc(m);
	if (ret)
		goto err_free_memory;

	/*
	 * 6. Program the keys.  Dirty cache lines of TDX memory written
	 * without the key must reach memory first, or their write-back
	 * would corrupt what the module writes with it.  From here on, the
	 * module's memory may be private.
	 */
	static_call(tdx_seam_flush_caches)();
	WRITE_ONCE(m->keyed, true);
	ret = tdx_config_keys();
	if (ret)
		goto err_free_memory;

	/* 7. Let the module initialize the PAMTs. */
	ret = tdx_init_tdmrs(&m->tdmrs);
	if (ret)
		goto err_free_memory;

	/* 8. Give the extension pool (initialized TDX memory) and start them. */
	ret = tdx_ext_setup(m);
	if (ret)
		goto err_free_memory;

	return 0;

err_free_memory:
	tdx_free_module_memory(m);
err_free_tdmrs:
	tdx_tdmr_list_free(&m->tdmrs);
err_unfix_memory:
	tdx_unfix_memory(m);
	return ret;
}

/* Every online CPU must have run tdx_cpu_enable() before tdx_enable(). */
static int tdx_check_cpus_ready(void)
{
	unsigned int cpu;

	if (tdx.m.sysinit_done && tdx.m.sysinit_err)
		return tdx.m.sysinit_err;

	for_each_online_cpu(cpu) {
		if (!cpumask_test_cpu(cpu, &tdx.m.lp_done)) {
			pr_err("CPU %u has not run tdx_cpu_enable()\n", cpu);
			return -EINVAL;
		}
	}
	return 0;
}

static void tdx_set_state(enum tdx_module_state state, int err)
{
	lockdep_assert_held(&tdx.lock);

	WRITE_ONCE(tdx.m.err, err);
	/* Pairs with the lockless readers in tdx_cpu_enable() and #MC. */
	smp_store_release(&tdx.m.state, state);
}

/**
 * tdx_enable() - Initialize the TDX module
 *
 * Initializes the module once; concurrent callers wait for the first
 * one.  On failure everything allocated is freed and the module is left
 * alone (no shutdown).  A failure before the module was configured
 * (TDH.SYS.CONFIG), such as a PAMT allocation the memory could not serve
 * at the time, changes nothing in the module: a later call tries again.
 * From TDH.SYS.CONFIG on, a failure is final: the module is unusable
 * until reboot, and every later call returns the same errno.
 *
 * Context: Process context; may sleep.  The caller holds cpus_read_lock()
 * and has run tdx_cpu_enable() on every online CPU.
 * Return: 0 on success; -ENODEV if the platform has no TDX; -EINVAL if an
 * online CPU has not run tdx_cpu_enable(); the error of TDH.SYS.INIT
 * (-EEXIST if an earlier kernel initialized the module, see
 * tdx_cpu_enable()); otherwise the -errno of the step that failed.  Only
 * errors from TDH.SYS.CONFIG on are recorded.
 */
int tdx_enable(void)
{
	int ret;

	lockdep_assert_cpus_held();

	if (!tdx_platform_detected())
		return -ENODEV;

	guard(mutex)(&tdx.lock);

	switch (tdx.m.state) {
	case TDX_MODULE_INITIALIZED:
		return 0;
	case TDX_MODULE_FAILED:
	case TDX_MODULE_SHUT_DOWN:
	case TDX_MODULE_DEAD:
		return tdx.m.err;
	case TDX_MODULE_UNINITIALIZED:
		break;
	}

	ret = tdx_check_cpus_ready();
	if (ret)
		return ret;

	ret = tdx_module_setup(&tdx.m);
	if (ret && !tdx.m.configured) {
		/* Memory short or fragmented, a fatal signal: try again later. */
		pr_err("module initialization failed (%d) before configuring the module\n",
		       ret);
		return ret;
	}
	if (ret) {
		pr_err("module initialization failed (%d); TDX unavailable until reboot\n",
		       ret);
		tdx_set_state(TDX_MODULE_FAILED, ret);
		return ret;
	}

	pr_info("module initialized\n");
	tdx_set_state(TDX_MODULE_INITIALIZED, 0);
	return 0;
}
EXPORT_SYMBOL_GPL(tdx_enable);

/* ----- VMX operation ----- */

/**
 * tdx_vmx_get() - Promise that every online CPU stays in VMX operation
 *
 * SEAMCALLs to P-SEAMLDR and to the module need VMX operation, which KVM
 * owns.  kvm-intel calls this once it keeps every online CPU, and every
 * CPU that comes online, in VMX operation; runtime updates and
 * P-SEAMLDR queries are refused while nobody has.
 *
 * Context: Process context; may sleep.
 */
void tdx_vmx_get(void)
{
	guard(mutex)(&tdx.lock);

	tdx.vmx_users++;
}
EXPORT_SYMBOL_GPL(tdx_vmx_get);

/**
 * tdx_vmx_put() - Withdraw the promise of tdx_vmx_get()
 *
 * Waits for a runtime update or a P-SEAMLDR query in progress, which
 * hold the module lock, so the caller may turn VMX off when this
 * returns.
 *
 * Context: Process context; may sleep.
 */
void tdx_vmx_put(void)
{
	guard(mutex)(&tdx.lock);

	if (!WARN_ON_ONCE(!tdx.vmx_users))
		tdx.vmx_users--;
}
EXPORT_SYMBOL_GPL(tdx_vmx_put);

/**
 * tdx_check_vmx_locked() - Whether SEAMCALLs can work on every CPU
 *
 * Context: Caller holds tdx_module_lock(), which keeps the answer valid
 * until it is dropped.
 * Return: 0 if kvm-intel keeps every CPU in VMX operation, -ENXIO if not.
 */
int tdx_check_vmx_locked(void)
{
	lockdep_assert_held(&tdx.lock);

	if (tdx.vmx_users)
		return 0;
	pr_err("no CPU is kept in VMX operation; load kvm-intel with tdx=1 first\n");
	return -ENXIO;
}

/* ----- kexec ----- */

/**
 * tdx_kexec_image_get() - Account for a kexec or crash kernel being loaded
 *
 * A kernel started by kexec inherits memory the module wrote with its
 * private KeyID.  Flushing caches before the jump (tdx_cpu_flush_cache())
 * keeps stale lines from being written back over it, which is enough on
 * most CPUs.  On CPUs with the partial-write erratum such memory may also
 * hold poison, which raises a machine check in whichever kernel reads it
 * next; a crash kernel reading the old kernel's memory would.  There,
 * TDX and kexec exclude each other: a kernel cannot be loaded once TDX
 * has been used since boot, and TDX is not initialized while one is
 * loaded.
 *
 * Context: Process context: the arch's kexec_load() and kexec_file_load()
 * preparation, once per kernel loaded.
 * Return: 0, and the kernel counts until tdx_kexec_image_put(); or
 * -EOPNOTSUPP if TDX has been used on a CPU with the erratum.
 */
int tdx_kexec_image_get(void)
{
	unsigned long flags;
	int ret = 0;

	raw_spin_lock_irqsave(&tdx.sysinit_lock, flags);
	if (tdx.module_used && boot_cpu_has_bug(X86_BUG_TDX_PW_MCE))
		ret = -EOPNOTSUPP;
	else
		tdx.kexec_images++;
	raw_spin_unlock_irqrestore(&tdx.sysinit_lock, flags);

	if (ret)
		pr_err_ratelimited("kexec refused: TDX has been used, and this CPU's partial-write erratum can leave memory poisoned for the next kernel; reboot to use kexec\n");
	return ret;
}

/**
 * tdx_kexec_image_put() - A kernel counted by tdx_kexec_image_get() is gone
 *
 * Context: Process context.
 */
void tdx_kexec_image_put(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdx.sysinit_lock, flags);
	if (!WARN_ON_ONCE(!tdx.kexec_images))
		tdx.kexec_images--;
	/* With none left, a later refusal says why again. */
	if (!tdx.kexec_images)
		tdx.kexec_refusal_told = false;
	raw_spin_unlock_irqrestore(&tdx.sysinit_lock, flags);
}

/* ----- Services for users of an initialized module ----- */

/**
 * tdx_get_sysinfo() - Global metadata of the initialized TDX module
 *
 * Context: Process context; may sleep.
 * Return: the metadata, valid until a runtime update changes it, or NULL
 * if the module is not initialized.
 */
const struct tdx_sys_info *tdx_get_sysinfo(void)
{
	guard(mutex)(&tdx.lock);

	if (tdx.m.state != TDX_MODULE_INITIALIZED)
		return NULL;
	return &tdx.m.sysinfo;
}
EXPORT_SYMBOL_GPL(tdx_get_sysinfo);

/**
 * tdx_get_version() - Version of the running TDX module
 * @v:		receives the version
 *
 * Unlike tdx_get_sysinfo(), this copies the version under the module
 * lock, so a runtime update cannot change it half-way through, and says
 * why there is no version.
 *
 * Context: Process context; may sleep.
 * Return: 0 on success; -ENODEV without TDX; -ENXIO if tdx_enable() has
 * not run yet; the errno of a failed tdx_enable(), or -ENODEV after a
 * failed runtime update lost the module.
 */
int tdx_get_version(struct tdx_sys_info_version *v)
{
	int ret;

	guard(mutex)(&tdx.lock);

	ret = tdx_module_check_ready_locked();
	if (!ret)
		*v = tdx.m.sysinfo.version;
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_get_version);

/**
 * tdx_guest_keyid_alloc() - Allocate a private KeyID for a TD
 *
 * The first TDX KeyID is the module's global KeyID; the others go to TDs.
 *
 * Context: Process context; may sleep.
 * Return: the KeyID, -ENODEV without TDX, or -ENOSPC if all are in use.
 */
int tdx_guest_keyid_alloc(void)
{
	if (!tdx_platform_detected())
		return -ENODEV;

	return ida_alloc_range(&tdx.guest_keyids, tdx.first_keyid + 1,
			       tdx.first_keyid + tdx.nr_keyids - 1, GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(tdx_guest_keyid_alloc);

/**
 * tdx_guest_keyid_free() - Free a KeyID from tdx_guest_keyid_alloc()
 * @keyid:	the KeyID
 *
 * Context: Any context.
 */
void tdx_guest_keyid_free(unsigned int keyid)
{
	ida_free(&tdx.guest_keyids, keyid);
}
EXPORT_SYMBOL_GPL(tdx_guest_keyid_free);

/**
 * tdx_guest_keyids_in_use() - Whether any TD KeyID is allocated
 *
 * A package that holds a TD's key needs an online CPU to flush and free
 * it; CPU hotplug asks this before letting a package go offline.  The
 * answer is stale at once unless the caller excludes KeyID allocation.
 *
 * Context: Any context.
 * Return: true if tdx_guest_keyid_alloc() handed out a KeyID not yet freed.
 */
bool tdx_guest_keyids_in_use(void)
{
	return !ida_is_empty(&tdx.guest_keyids);
}
EXPORT_SYMBOL_GPL(tdx_guest_keyids_in_use);

/*
 * Ask the module who owns a page; false if it cannot tell.  From #MC: one
 * SEAMCALL, without the retries of the SEAMCALL layer.
 */
static bool tdx_page_is_private(u64 pa)
{
	struct tdx_module_args args = { .rcx = pa };

	if (seamcall_insn(SEAMCALL_REGS_RET, TDH_PHYMEM_PAGE_RDMD, &args))
		return false;
	return args.rcx != TDX_PAMT_PT_NDA && args.rcx != TDX_PAMT_PT_RSVD;
}

/* The extension pool, written privately once given.  Lockless, for #MC. */
static bool tdx_pa_in_ext_pool(u64 pa)
{
	struct page *pool = READ_ONCE(tdx.m.ext_pages);
	u64 start;

	if (!pool)
		return false;
	start = page_to_phys(pool);
	return pa >= start && pa < start + (READ_ONCE(tdx.m.ext_nr_pages) << PAGE_SHIFT);
}

/**
 * tdx_dump_mce_info() - Explain a machine check in TDX private memory
 * @m:	the machine check record
 *
 * On CPUs with the partial-write erratum, a partial write by the kernel
 * to TDX private memory poisons the line and a later read raises #MC.
 * For a memory error with a usable address, tell whether it is such
 * memory.  PAMTs and the extension pool are private from the first
 * TDH.SYS.KEY.CONFIG on, also while initialization is still running and
 * after an update lost the module; other pages only an initialized
 * module can tell about.  Takes no locks; a failing SEAMCALL just means
 * "don't know".
 *
 * Context: Machine check handling.
 * Return: a message to print, or NULL.
 */
const char *tdx_dump_mce_info(struct mce *m)
{
	static const char private[] =
		"TDX private memory error. Possible partial write by the kernel.";
	u64 pa;

	if (!m || !mce_is_memory_error(m) || !mce_usable_address(m))
		return NULL;
	/* Pairs with the WRITE_ONCE()s in tdx_module_setup() and the unwind. */
	if (!READ_ONCE(tdx.m.keyed))
		return NULL;

	/* Drop the KeyID bits above the physical address width. */
	pa = m->addr & GENMASK_ULL(boot_cpu_data.x86_phys_bits - 1, PAGE_SHIFT);
	if (tdx_pa_in_pamt(&tdx.m.tdmrs, pa) || tdx_pa_in_ext_pool(pa))
		return private;
	/* Lockless: pairs with the release in tdx_set_state(). */
	if (smp_load_acquire(&tdx.m.state) == TDX_MODULE_INITIALIZED &&
	    tdx_page_is_private(pa))
		return private;
	return NULL;
}

/* ----- State shared with the runtime update code ----- */

/**
 * tdx_module_lock() - Take the lock that serializes module state changes
 *
 * Context: Process context; may sleep.
 */
void tdx_module_lock(void)
{
	mutex_lock(&tdx.lock);
}

/**
 * tdx_module_unlock() - Release the lock taken by tdx_module_lock()
 *
 * Context: Process context.
 */
void tdx_module_unlock(void)
{
	mutex_unlock(&tdx.lock);
}

/**
 * tdx_reset_cpu_state() - Forget global and per-CPU module initialization
 *
 * After TDH.SYS.SHUTDOWN a new module needs TDH.SYS.INIT and
 * TDH.SYS.LP.INIT again; this makes tdx_cpu_enable() redo them.
 *
 * Context: Any context; no CPU may be inside tdx_cpu_enable().
 */
void tdx_reset_cpu_state(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tdx.sysinit_lock, flags);
	tdx.m.sysinit_done = false;
	tdx.m.sysinit_err = 0;
	cpumask_clear(&tdx.m.lp_done);
	raw_spin_unlock_irqrestore(&tdx.sysinit_lock, flags);
}

/**
 * tdx_set_module_state_locked() - Record what a runtime update did
 * @state:	TDX_MODULE_INITIALIZED after a successful update,
 *		TDX_MODULE_SHUT_DOWN or TDX_MODULE_DEAD after a failed one
 * @err:	0, or the errno later tdx_enable() and tdx_cpu_enable() return
 *
 * Context: Caller holds tdx_module_lock().
 */
void tdx_set_module_state_locked(enum tdx_module_state state, int err)
{
	tdx_set_state(state, err);
}

/**
 * tdx_module_state_locked() - The module's life-cycle state
 *
 * Context: Caller holds tdx_module_lock().
 * Return: the state.
 */
enum tdx_module_state tdx_module_state_locked(void)
{
	lockdep_assert_held(&tdx.lock);

	return tdx.m.state;
}

/**
 * tdx_module_check_ready_locked() - Whether the module is initialized
 *
 * Context: Caller holds tdx_module_lock().
 * Return: 0 if the module is initialized and usable; -ENODEV if the
 * platform has no TDX; -ENXIO if tdx_enable() has not run yet; the errno
 * recorded when tdx_enable() failed or when the module was lost.
 */
int tdx_module_check_ready_locked(void)
{
	lockdep_assert_held(&tdx.lock);

	if (!tdx_platform_detected())
		return -ENODEV;

	switch (tdx.m.state) {
	case TDX_MODULE_INITIALIZED:
		return 0;
	case TDX_MODULE_UNINITIALIZED:
		return -ENXIO;
	case TDX_MODULE_FAILED:
	case TDX_MODULE_SHUT_DOWN:
	case TDX_MODULE_DEAD:
		break;
	}
	return tdx.m.err;
}

/**
 * tdx_sysinfo_locked() - Global metadata, for a holder of the module lock
 *
 * Context: Caller holds tdx_module_lock() and has checked that the module
 * is initialized.
 * Return: the metadata read by tdx_enable().
 */
const struct tdx_sys_info *tdx_sysinfo_locked(void)
{
	lockdep_assert_held(&tdx.lock);

	return &tdx.m.sysinfo;
}

/**
 * tdx_refresh_sysinfo_locked() - Re-read the metadata of a new module
 *
 * A runtime update may bring a module with other features, limits and
 * version; everything later users (KVM, sysfs, the next update) rely on
 * is read again.  The TDMRs and the CMRs were handed over unchanged.
 *
 * Context: Process context.  Caller holds tdx_module_lock(); the new
 * module is initialized on this CPU.
 * Return: 0, or the -errno of TDH.SYS.RD (the old values are kept).
 */
int tdx_refresh_sysinfo_locked(void)
{
	struct tdx_sys_info *si = &tdx.m.sysinfo;
	struct tdx_sys_info fresh = {};
	int ret;

	lockdep_assert_held(&tdx.lock);

	ret = tdx_read_identity(&fresh) ?: tdx_read_tdmr_limits(&fresh.tdmr);
	if (ret)
		return ret;

	if (!(fresh.features0 & TDX_FEATURES0_NO_RBP_MOD))
		pr_warn("the new module lacks NO_RBP_MOD\n");
	si->version = fresh.version;
	si->features0 = fresh.features0;
	si->tdmr = fresh.tdmr;
	return 0;
}

/**
 * tdx_read_handoff_locked() - Read what the running module hands over
 * @h:		receives the handoff parameters
 *
 * Only a runtime update needs them, so tdx_enable() does not read them:
 * they cannot fail initialization.
 *
 * Context: Process context.  Caller holds tdx_module_lock(); the module
 * is initialized on this CPU.
 * Return: 0, or the -errno of TDH.SYS.RD.
 */
int tdx_read_handoff_locked(struct tdx_sys_info_handoff *h)
{
	lockdep_assert_held(&tdx.lock);

	memset(h, 0, sizeof(*h));
	return TDX_MD_READ(MD_FIELD_ID_MODULE_HV, h->module_hv) ?:
	       TDX_MD_READ(MD_FIELD_ID_MIN_UPDATE_HV, h->min_update_hv) ?:
	       TDX_MD_READ(MD_FIELD_ID_NO_DOWNGRADE, h->no_downgrade) ?:
	       TDX_MD_READ(MD_FIELD_ID_NUM_HANDOFF_PAGES, h->num_handoff_pages);
}

/**
 * tdx_ext_pages_given_locked() - Size of the extension pool given
 *
 * Context: Caller holds tdx_module_lock().
 * Return: the pages the module got with TDH.EXT.MEM.ADD, 0 if none.
 */
static unsigned long tdx_ext_pages_given_locked(void)
{
	lockdep_assert_held(&tdx.lock);

	return tdx.m.ext_given ? tdx.m.ext_nr_pages : 0;
}

/**
 * tdx_ext_after_update_locked() - Start the extensions of a new module
 *
 * A runtime update hands the extension pool to the new module, whose
 * extensions need TDH.EXT.INIT again.  The new module's needs are read
 * from its metadata: an update image does not say, so this is the first
 * time the kernel can tell.  If they cannot be met, the new module runs
 * on without extensions: TDs do not need them.
 *
 * Context: Process context.  Caller holds tdx_module_lock(); the new
 * module is initialized.
 * Return: 0 with the extensions running or not needed; -ENOBUFS if the
 * new module needs more extension memory than it was given; -ETIMEDOUT
 * or the -errno of TDH.SYS.RD or TDH.EXT.INIT.  After a failure the
 * extensions are off.
 */
int tdx_ext_after_update_locked(void)
{
	unsigned long given = tdx_ext_pages_given_locked();
	struct tdx_sys_info_ext ext;
	int ret;

	lockdep_assert_held(&tdx.lock);

	ret = tdx_read_ext(tdx.m.sysinfo.features0, tdx.m.addons, &ext);
	if (!ret && ext.required && ext.mem_pool_pages > given) {
		pr_err("the new module needs %u extension pages, %lu were given\n",
		       ext.mem_pool_pages, given);
		ret = -ENOBUFS;
	} else if (!ret && ext.required) {
		ret = tdx_ext_init();
	}
	tdx.m.sysinfo.ext = ret ? (struct tdx_sys_info_ext) {} : ext;
	return ret;
}

/**
 * tdx_addons_locked() - The add-on features the module runs with
 *
 * A runtime update enables the same ones in the new module.
 *
 * Context: Caller holds tdx_module_lock().
 * Return: their TDX_FEATURES0 bits, 0 if none.
 */
u64 tdx_addons_locked(void)
{
	lockdep_assert_held(&tdx.lock);

	return tdx.m.addons;
}

/**
 * tdx_pages_held() - Pages held for TDMR arrays, PAMTs and extensions
 *
 * What TDX costs in memory besides the TDX module's own: the core
 * allocates nothing before the first tdx_enable().
 *
 * Context: Any context.
 * Return: the number of pages currently allocated.
 */
long tdx_pages_held(void)
{
	return atomic_long_read(&tdx.pages_held);
}

#ifdef CONFIG_TDX_KUNIT_HELPERS
/**
 * tdx_module_state() - Read the module state, for tests
 * @err:	set to the recorded errno
 *
 * Context: Process context; may sleep.
 * Return: the state.
 */
enum tdx_module_state tdx_module_state(int *err)
{
	guard(mutex)(&tdx.lock);

	*err = tdx.m.err;
	return tdx.m.state;
}

/**
 * tdx_core_tdmrs() - The TDMR list handed to the module, for tests
 *
 * Context: Any context; valid while the module stays initialized.
 * Return: the list.
 */
const struct tdx_tdmr_list *tdx_core_tdmrs(void)
{
	return &tdx.m.tdmrs;
}

/**
 * tdx_ext_pool() - The extension pool, for tests
 * @base:	receives the physical address of its first page, 0 if none
 *
 * Context: Process context; may sleep.
 * Return: the number of pages in the pool, given or not.
 */
unsigned long tdx_ext_pool(u64 *base)
{
	guard(mutex)(&tdx.lock);

	*base = tdx.m.ext_pages ? page_to_phys(tdx.m.ext_pages) : 0;
	return tdx.m.ext_nr_pages;
}

/**
 * tdx_set_addons_for_test() - Ask for add-on features, as "tdx_addons=" does
 * @addons:	TDX_FEATURES0 bits; tdx_reset_for_test() sets none again
 *
 * Context: Process context; may sleep.  Before tdx_enable().
 */
void tdx_set_addons_for_test(u64 addons)
{
	guard(mutex)(&tdx.lock);

	tdx.addons_wanted = addons;
}

/**
 * tdx_reset_for_test() - Return the core to its state before detection
 *
 * Frees the extension pool, PAMTs, TDMRs and the memory list, forgets
 * the module state, the per-CPU initialization and the detected KeyIDs.
 * The memory notifier stays registered.
 *
 * Context: Process context; may sleep.  No guest KeyID may be allocated.
 */
void tdx_reset_for_test(void)
{
	struct tdx_module_ctx *m = &tdx.m;

	guard(mutex)(&tdx.lock);

	/* The module is reset with the core, so the pool can come back. */
	if (m->tdmrs.tdmrs) {
		tdx_free_module_memory(m);
		tdx_tdmr_list_free(&m->tdmrs);
	}
	tdx_unfix_memory(m);
	tdx_reset_cpu_state();
	m->configured = false;
	m->addons = 0;
	tdx.addons_wanted = 0;
	tdx_set_state(TDX_MODULE_UNINITIALIZED, 0);
	memset(&m->sysinfo, 0, sizeof(m->sysinfo));
	tdx.first_keyid = 0;
	tdx.nr_keyids = 0;
	/* A test that loads kernels puts them before it ends. */
	WARN_ON_ONCE(tdx.kexec_images);
	tdx.module_used = false;
}
#endif /* CONFIG_TDX_KUNIT_HELPERS */
