/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Software model of the TDX module and P-SEAMLDR: its interface for tests
 * and for its debugfs files.
 *
 * While the model is active (tdx_model_start() or "tdx_model=on" on the
 * kernel command line), it is installed on the host code's seam to the
 * hardware (../seam.h): every SEAMCALL is answered by the model, on
 * whatever CPU and in whatever context it is made, and the model answers
 * the MSR reads of boot detection, the cache flushes and the resets of
 * private memory.  It follows the module's state machine and validation
 * rules and returns the statuses of ../abi.h.
 *
 * Images.  The model's P-SEAMLDR takes sigstructs in the real layout
 * (../abi.h, F13.6): SEAMHASH is SHA-384 of the module pages, the
 * signature RSA-3072 with the model's test key (model_key.c), which it
 * trusts in place of Intel's.  The module pages are the model's own: the
 * first starts with struct tdx_model_module_header, what the module will
 * report once loaded.  tdx_model_build_image() makes such an image;
 * tdx_model_sign_image() signs one again after a test changed it.
 */
#ifndef _X86_VIRT_TDX_MODEL_MODEL_H
#define _X86_VIRT_TDX_MODEL_MODEL_H

#include <linux/errno.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <asm/tdx.h>

#include "../abi.h"
#include "../seam.h"

/* The global states of the modelled TDX module, in execution order. */
enum tdx_model_sys_state {
	/* Loaded, waiting for TDH.SYS.INIT. */
	TDX_MODEL_SYSINIT_PENDING,
	/* TDH.SYS.INIT done, LPs being initialized. */
	TDX_MODEL_SYSINIT_DONE,
	/* TDMRs and the global KeyID configured, packages being keyed. */
	TDX_MODEL_SYSCONFIG_DONE,
	/* Fully initialized. */
	TDX_MODEL_SYS_READY,
	/* Shut down for an update; terminal. */
	TDX_MODEL_SYS_SHUTDOWN,
	/* No usable module: never loaded, being replaced or lost. */
	TDX_MODEL_NO_MODULE,
};

/* A convertible memory region. */
struct tdx_model_cmr {
	u64 base;
	u64 size;
};

/*
 * PAMT-4K entries one TDH.SYS.TDMR.INIT initializes: 1024 in TDX 1.5
 * (F7.1), 4096 with dynamic PAMT (F7.2); the source calls the size
 * implementation defined.
 */
#define TDX_MODEL_TDMR_INIT_CHUNK	1024

/* The most extension pool pages a modelled module may ask for. */
#define TDX_MODEL_MAX_EXT_PAGES	8192

/* TDH.SYS leaves that take interface version 1 (F1.2). */
#define TDX_MODEL_V1_SYS_INIT	BIT(0)
#define TDX_MODEL_V1_SYS_CONFIG	BIT(1)
#define TDX_MODEL_V1_SYS_UPDATE	BIT(2)

/*
 * What identifies a TDX module: reported by TDH.SYS.RD and SEAMLDR.INFO.
 * @ext_required and @ext_pool_pages are the EXT_REQUIRED and
 * EXT_MEM_POOL_PAGES metadata fields; they mean something only with
 * TDX_FEATURES0_EXT in @features0.  The last four are rules that differ
 * between module versions:
 * @v1_leaves: TDX_MODEL_V1_* leaves that accept version 1 (F1.2)
 * @hkid_reserved_early: a failing TDH.SYS.CONFIG leaves its KeyID
 *	reserved (1.5.01; 2.0.16 reserves it only on success, F4.2)
 * @shutdown_compat: TDH.SYS.SHUTDOWN takes RCX bit 16 (2.0.14 on; older
 *	versions compare the whole RCX, F9.2, F9.3)
 * @lp_init_entropy: TDH.SYS.LP.INIT seeds from RDRAND and can run out of
 *	entropy (1.5.x; F3.1, F3.2)
 */
struct tdx_model_module {
	u16 major;
	u16 minor;
	u16 update;
	u32 build_date;
	u16 build_num;
	u64 features0;
	u16 module_hv;
	u16 min_update_hv;
	bool no_downgrade;
	u32 num_handoff_pages;
	u8 svn_minor;
	u8 svn_major;
	bool ext_required;
	u32 ext_pool_pages;
	u8 v1_leaves;
	bool hkid_reserved_early;
	bool shutdown_compat;
	bool lp_init_entropy;
};

/**
 * struct tdx_model_config - The platform and modules the model presents
 * @module: the TDX module loaded at start
 * @module_loaded: whether a module is loaded at start
 * @mktme_keyids: MKTME KeyIDs reported by IA32_MKTME_KEYID_PARTITIONING
 * @tdx_keyids: TDX KeyIDs reported by IA32_MKTME_KEYID_PARTITIONING
 * @vmx_basic: value reported for IA32_VMX_BASIC
 * @num_lps: logical processors the module expects; 0: num_present_cpus()
 * @num_pkgs: packages the module expects; 0: counted from the topology
 * @nr_cmrs: entries used in @cmrs; 0: the firmware's RAM, read at TDH.SYS.INIT
 * @cmrs: convertible memory regions, sorted, not overlapping, 4K aligned
 * @max_tdmrs: MAX_TDMRS the module reports; it holds at most 64
 * @max_reserved_per_tdmr: reserved areas per TDMR the module reports and
 *			   reads from each TDMR_INFO (at most 32)
 * @pamt_entry_size: bytes per PAMT entry, all page sizes
 * @tdmr_init_chunk: PAMT-4K entries per TDH.SYS.TDMR.INIT; 0: none, the
 *		     module never finishes
 * @seamldr_version: P-SEAMLDR version
 * @seamldr_major: P-SEAMLDR major version
 * @seamldr_minor: P-SEAMLDR minor version
 * @seamldr_update: P-SEAMLDR update version
 * @seamldr_build_date: P-SEAMLDR build date
 * @seamldr_build_num: P-SEAMLDR build number
 * @num_remaining_updates: runtime updates P-SEAMLDR still allows
 * @seam_range_pages: size of the SEAM range P-SEAMLDR loads modules into
 * @debug_platform: IA32_SGX_DEBUG_MODE lets P-SEAMLDR load debug-signed
 *		    modules; production platforms do not
 * @pw_mce_erratum: the CPUs have the partial-write erratum
 *		    (X86_BUG_TDX_PW_MCE), as Sapphire and Emerald Rapids do
 * @initialized_before: the module was initialized by the kernel that
 *			started this one with kexec (see model_kexec.c)
 * @entropy_fail_percent: chance that a call which draws random numbers
 *			  (TDH.SYS.INIT, LP.INIT where F3.2 has it,
 *			  KEY.CONFIG) finds RDRAND empty, as hardware may
 *			  at any time
 */
struct tdx_model_config {
	struct tdx_model_module module;
	bool module_loaded;
	u32 mktme_keyids;
	u32 tdx_keyids;
	u64 vmx_basic;
	unsigned int num_lps;
	unsigned int num_pkgs;
	unsigned int nr_cmrs;
	struct tdx_model_cmr cmrs[TDX_MAX_CMRS];
	u32 max_tdmrs;
	u32 max_reserved_per_tdmr;
	u32 pamt_entry_size;
	u32 tdmr_init_chunk;
	u32 seamldr_version;
	u16 seamldr_major;
	u16 seamldr_minor;
	u16 seamldr_update;
	u32 seamldr_build_date;
	u16 seamldr_build_num;
	u32 num_remaining_updates;
	u32 seam_range_pages;
	bool debug_platform;
	bool pw_mce_erratum;
	bool initialized_before;
	unsigned int entropy_fail_percent;
};

/* "TDXMODUL" in little-endian byte order. */
#define TDX_MODEL_MODULE_MAGIC		0x4c55444f4d584454ULL

/**
 * struct tdx_model_module_header - The start of a model module image
 * @magic: TDX_MODEL_MODULE_MAGIC; P-SEAMLDR cannot load the module without
 * @module: what the module reports once loaded.  Its SVN is taken from
 *	the sigstruct; its handoff fields must match the sigstruct's or the
 *	module refuses TDH.SYS.INIT (F2.1, F13.5).
 */
struct tdx_model_module_header {
	u64 magic;
	struct tdx_model_module module;
};

/* Fault injection: match a call on any CPU. */
#define TDX_MODEL_ANY_CPU	(-1)
/* Number of fault injections that can be armed at once. */
#define TDX_MODEL_MAX_FAULTS	8
/* Written to output registers of a call failed by fault injection. */
#define TDX_MODEL_POISON	0x5a5a5a5a5a5a5a5aULL

/**
 * struct tdx_model_tdmr - A TDMR as the model has configured it
 * @base: physical base address
 * @size: size in bytes
 * @pamt_bytes: PAMT the TDMR needs, from tdx_model_pamt_bytes()
 * @pamt_given: PAMT the kernel gave it: the sum of its three PAMT sizes
 * @init_end: end of the part TDH.SYS.TDMR.INIT has initialized
 */
struct tdx_model_tdmr {
	u64 base;
	u64 size;
	u64 pamt_bytes;
	u64 pamt_given;
	u64 init_end;
};

/**
 * struct tdx_model_ext - The extension state of the modelled module
 * @nr_pages: pages TDH.EXT.MEM.ADD has given, all distinct
 * @min_pa: lowest of them (0 if none)
 * @max_pa: highest of them (0 if none)
 * @pa_sum: sum of their physical addresses
 * @init_done: pool pages TDH.EXT.INIT has initialized so far
 * @initialized: TDH.EXT.INIT has completed for the current module
 * @add_pending: an interrupted TDH.EXT.MEM.ADD waits to be resumed
 */
struct tdx_model_ext {
	unsigned int nr_pages;
	u64 min_pa;
	u64 max_pa;
	u64 pa_sum;
	unsigned int init_done;
	bool initialized;
	bool add_pending;
};

/**
 * struct tdx_model_trace_entry - One call recorded by the model's trace
 * @fn: RAX of the call, the leaf and its interface version
 * @rcx: RCX on input
 * @rdx: RDX on input
 * @cpu: the CPU that made it
 * @status: what the model returned, injected failures included
 */
struct tdx_model_trace_entry {
	u64 fn;
	u64 rcx;
	u64 rdx;
	int cpu;
	u64 status;
};

/*
 * How long a CPU stopped for an update waits for the others while the
 * model is installed: the virtual CPUs of an emulator can be left
 * unscheduled for a good part of a second.
 */
#define TDX_MODEL_STOP_WAIT_NS	(3 * NSEC_PER_SEC)

void tdx_model_default_config(struct tdx_model_config *cfg);
int tdx_model_profile_config(struct tdx_model_config *cfg, const char *name);
const char *tdx_model_profile_name(unsigned int i);
u64 tdx_model_entropy_failures(void);
void tdx_model_set_entropy_fail(unsigned int percent);
int tdx_model_start(const struct tdx_model_config *cfg);
void tdx_model_stop(void);
void tdx_model_reset(void);
bool tdx_model_is_active(void);

u64 tdx_model_seamcall(enum seamcall_regs regs, u64 fn,
		       struct tdx_module_args *args);
u64 tdx_model_keyid_partitioning(void);
unsigned long tdx_model_cache_flushes(void);
unsigned long tdx_model_cpu_flushes(int cpu);
bool tdx_model_cpu_cache_dirty(int cpu);
unsigned int tdx_model_unmarked_calls(void);

int tdx_model_inject(u64 fn, int cpu, unsigned int nth, unsigned int count,
		     u64 status);
void tdx_model_set_latency(u64 fn, unsigned int ns);
void tdx_model_hold(u64 fn);
void tdx_model_release(void);
void tdx_model_set_compat_sensitive(bool busy);
void tdx_model_set_vmx(int cpu, bool on);
void tdx_model_set_old_microcode(int cpu, bool old);
bool tdx_model_cpu_in_vmx(int cpu);
u64 tdx_model_vmx_faults(void);
void tdx_model_make_late(int cpu, u64 ns);
void tdx_model_set_install_time(u64 ns);
void tdx_model_seamldr_no_entropy(unsigned int count);
int tdx_model_interrupt(u64 fn, unsigned int nth, unsigned int count,
			unsigned int work);
void tdx_model_interrupt_random(u64 seed, unsigned int percent);

void tdx_model_clear_faults(void);
void tdx_model_trace_start(struct tdx_model_trace_entry *buf,
			   unsigned int max);
unsigned int tdx_model_trace_stop(void);

u64 tdx_model_leaf_calls(u64 fn);
u64 tdx_model_cpu_calls(int cpu);
u64 tdx_model_busy_ns(void);
u64 tdx_model_leaf_busy_ns(u64 fn);
unsigned int tdx_model_violations(void);
unsigned int tdx_model_private_violations(void);
u64 tdx_model_private_bytes(u64 *dirty);
bool tdx_model_cpu_inside(int cpu);

enum tdx_model_sys_state tdx_model_sys_state(void);
bool tdx_model_lp_initialized(int cpu);
unsigned int tdx_model_pkgs_keyed(void);
bool tdx_model_hkid_reserved(unsigned int hkid);
unsigned int tdx_model_nr_tdmrs(void);
int tdx_model_get_tdmr(unsigned int idx, struct tdx_model_tdmr *tdmr);
u64 tdx_model_pamt_bytes(u64 tdmr_size);
void tdx_model_get_module(struct tdx_model_module *module);
void tdx_model_next_module(struct tdx_model_module *next);
u32 tdx_model_remaining_updates(void);
void tdx_model_get_ext(struct tdx_model_ext *ext);

void tdx_model_fill_sigstruct(struct seam_sigstruct *sig,
			      const struct tdx_model_module *module);
int tdx_model_sign(struct seam_sigstruct *sig, void * const *pages,
		   unsigned int nr_pages);
int tdx_model_build_image(void *buf, const struct tdx_model_module *module,
			  unsigned int nr_module_pages);
int tdx_model_sign_image(void *image);
int tdx_model_image_to_blob(void *image);
void tdx_model_blob_fix_checksum(void *image);
struct seam_sigstruct *tdx_model_image_sigstruct(void *image);
struct tdx_model_module_header *tdx_model_image_module(void *image);

#endif /* _X86_VIRT_TDX_MODEL_MODEL_H */
