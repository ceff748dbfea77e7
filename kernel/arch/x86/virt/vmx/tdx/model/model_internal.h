/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the TDX module model shared by its source files.
 */
#ifndef _X86_VIRT_TDX_MODEL_MODEL_INTERNAL_H
#define _X86_VIRT_TDX_MODEL_MODEL_INTERNAL_H

#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/spinlock.h>
#include <linux/time64.h>

#include "model.h"
#include "../seam.h"

/* TDX leaves below this number are counted, delayed and injectable. */
#define MODEL_NR_TDX_LEAVES	128
/* P-SEAMLDR leaves follow the TDX leaves in the per-leaf arrays. */
#define MODEL_NR_SEAMLDR_LEAVES	8
#define MODEL_NR_LEAVES		(MODEL_NR_TDX_LEAVES + MODEL_NR_SEAMLDR_LEAVES)

/* TDH.SYS.LP.INIT refuses LPs in packages numbered this or higher. */
#define MODEL_MAX_PKGS		8
/* A held call gives up waiting for tdx_model_release() after this long. */
#define MODEL_HOLD_MAX_NS	(10 * NSEC_PER_SEC)

/* KeyIDs tracked for the "reserved HKID" quirk of TDH.SYS.CONFIG. */
#define MODEL_MAX_HKIDS		1024

/*
 * Reserved areas a modelled module may take per TDMR: 16 in every
 * published one (F1.6), up to this many in a configured future one.
 */
#define MODEL_MAX_RESERVED	32

/*
 * TDMR_INFO as the module reads it: laid out as struct tdmr_info, with as
 * many reserved areas as the module takes.
 */
struct tdxm_tdmr_info {
	u64 base;
	u64 size;
	struct tdmr_pamt_area pamt[TDMR_PAMT_LEVELS];
	struct tdmr_reserved_area reserved_areas[MODEL_MAX_RESERVED];
};

static_assert(offsetof(struct tdxm_tdmr_info, pamt) ==
	      offsetof(struct tdmr_info, pamt));
static_assert(offsetof(struct tdxm_tdmr_info, reserved_areas) ==
	      offsetof(struct tdmr_info, reserved_areas));

/* Ranges of privately written memory the model follows: PAMTs, pools. */
#define MODEL_MAX_PRIVATE	(TDX_MAX_TDMRS * TDMR_PAMT_LEVELS + 64)

/* Interruption injections that can be armed at once. */
#define MODEL_MAX_INTERRUPTS	4

/* How a leaf uses the module's global lock. */
enum tdxm_lock_use {
	MODEL_LOCK_NONE,
	MODEL_LOCK_SHARED,
	MODEL_LOCK_EXCL,
};

/**
 * struct tdxm_call - One SEAMCALL in flight
 * @cpu: the logical processor making it
 * @fn: RAX
 * @in: the input registers
 * @out: the output registers, initially a copy of @in
 * @lock: how the module's global lock was taken, to release it on exit
 * @tdmr: index of the TDMR this call holds busy, or -1
 * @seamldr: whether this call occupies P-SEAMLDR
 * @inside: whether this call counts as inside the TDX module
 * @work_ns: time the leaf takes on top of any injected latency
 */
struct tdxm_call {
	int cpu;
	u64 fn;
	struct tdx_module_args in;
	struct tdx_module_args out;
	enum tdxm_lock_use lock;
	int tdmr;
	bool seamldr;
	bool inside;
	u64 work_ns;
};

/**
 * struct tdxm_fault - An armed fault injection
 * @leaf: leaf index (see tdxm_leaf_index())
 * @cpu: the CPU whose calls match, or TDX_MODEL_ANY_CPU
 * @skip: matching calls still to let through before failing
 * @count: matching calls still to fail; 0 when the slot is free
 * @status: the status returned by failed calls
 */
struct tdxm_fault {
	int leaf;
	int cpu;
	unsigned int skip;
	unsigned int count;
	u64 status;
};

/**
 * struct tdxm_interrupt - An armed interruption of a resumable leaf
 * @leaf: leaf index (see tdxm_leaf_index())
 * @skip: calls of the leaf still to let through
 * @count: calls still to interrupt; 0 when the slot is free
 * @work: units of work an interrupted call does before it stops
 */
struct tdxm_interrupt {
	int leaf;
	unsigned int skip;
	unsigned int count;
	unsigned int work;
};

/**
 * struct tdxm_ext_add - An interrupted TDH.EXT.MEM.ADD
 * @pending: the call was interrupted and not made again yet
 * @list_pa: its page list
 * @last: its last entry
 * @next: the entry it continues at
 */
struct tdxm_ext_add {
	bool pending;
	u64 list_pa;
	u64 last;
	u64 next;
};

/**
 * struct tdxm_tdmr_run - A configured TDMR
 * @pub: what tests may see
 * @pamt: its PAMT areas, as TDMR_INFO gave them
 * @busy: a TDH.SYS.TDMR.INIT on this TDMR is in flight
 */
struct tdxm_tdmr_run {
	struct tdx_model_tdmr pub;
	struct tdmr_pamt_area pamt[TDMR_PAMT_LEVELS];
	bool busy;
};

/**
 * struct tdxm_private - Memory the module wrote with its private KeyID
 * @pa: physical address
 * @len: length in bytes
 * @dirty: caches may hold lines of it; no flush on all CPUs since
 * @reset: the host reset all of it after it was flushed
 */
struct tdxm_private {
	u64 pa;
	u64 len;
	bool dirty;
	bool reset;
};

/**
 * struct tdxm_run - Everything a reset clears
 * @module: identity of the current (or last) TDX module
 * @sys_state: global state of the module
 * @num_lps: LPs the module expects, recorded at TDH.SYS.INIT
 * @num_pkgs: packages the module expects, recorded at TDH.SYS.INIT
 * @lps_initialized: number of LPs that completed TDH.SYS.LP.INIT
 * @lp_init: LPs that completed TDH.SYS.LP.INIT
 * @inside: LPs currently inside a TDX module SEAMCALL
 * @pkgs_keyed: packages that completed TDH.SYS.KEY.CONFIG, one bit each
 * @hkid_min: first private HKID
 * @hkid_max: last private HKID
 * @hkid_reserved: HKIDs the module has reserved
 * @addons: add-on features TDH.SYS.CONFIG or UPDATE version 1 enabled
 * @lock_owner: CPU holding the module's global lock exclusively, or -1
 * @lock_sharers: number of shared holders of the global lock
 * @pa_limit: first physical address beyond the usable address width
 * @nr_cmrs: number of valid entries in @cmrs
 * @cmrs: convertible memory regions in effect
 * @nr_tdmrs: number of configured TDMRs
 * @tdmrs: the configured TDMRs
 * @staged: TDMR_INFO copies being validated by TDH.SYS.CONFIG
 * @handoff_valid: TDH.SYS.SHUTDOWN wrote handoff data
 * @handoff_hv: the handoff version of that data
 * @compat_sensitive: a compatibility-sensitive operation is in progress
 * @remaining_updates: runtime updates P-SEAMLDR still allows
 * @installed: LPs that ran SEAMLDR.INSTALL in the current round
 * @install_from: state of the module the current round replaces, put
 *	back by a recoverable failure (F13.5)
 * @install_ns: time the last LP of a round takes to install
 * @seamldr_no_entropy: last-LP installs still to find RDRAND empty
 * @lp_fms: CPUID.1.EAX of each LP that ran SEAMLDR.INSTALL
 * @sigstruct_mismatch: the loaded module's own handoff fields differ from
 *	its sigstruct's; it refuses TDH.SYS.INIT (F2.1)
 * @vmx_off: LPs not in VMX operation: SEAMCALL raises #UD there
 * @old_seamops: LPs whose microcode's SEAMOPS lacks the SEAMDB leaves the
 *	module needs (F2.1, F3.1)
 * @vmx_faults: SEAMCALLs made on such LPs
 * @late_cpu: the CPU whose next VMX check stalls, or -1
 * @late_ns: how long it stalls
 * @seamldr_cpu: the CPU inside P-SEAMLDR, or -1
 * @faults: armed fault injections
 * @latency_ns: busy-wait added to each leaf
 * @hold_leaf: leaf index whose next call waits for tdx_model_release(), or -1
 * @hold_released: tdx_model_release() was called
 * @leaf_calls: calls per leaf
 * @cpu_calls: calls per CPU
 * @busy_ns: wall time spent answering calls, on all CPUs added up
 * @leaf_busy_ns: the same per leaf
 * @violations: calling rules the kernel broke (concurrent P-SEAMLDR entry,
 *	a resume that does not continue the interrupted call, abandoning
 *	an interrupted call)
 * @cache_flushes: cache flushes on all CPUs the host made through the seam
 * @cpu_flushes: flushes of its own caches each CPU made through the seam
 * @cache_dirty: CPUs that made a SEAMCALL since they last flushed
 * @unmarked_calls: SEAMCALLs on a CPU the host had not marked as possibly
 *	holding private cache lines (also counted in @violations)
 * @private: memory the module wrote privately, see model_private.c
 * @nr_private: entries in @private
 * @private_violations: such memory the host freed before flushing caches
 *	or, with the partial-write erratum, before resetting it
 * @interrupts: armed interruptions
 * @rand_state: state of the generator of random interruptions
 * @rand_percent: chance of a random interruption per resumable call
 * @entropy_failures: calls failed by tdxm_entropy_fails()
 * @ext_pages: pages given by TDH.EXT.MEM.ADD, in the order given
 * @ext_nr: entries in @ext_pages
 * @ext_init_done: pool pages TDH.EXT.INIT has initialized
 * @ext_ready: TDH.EXT.INIT completed for the current module
 * @ext_add: an interrupted TDH.EXT.MEM.ADD
 * @trace: buffer recording every call while tracing, or NULL
 * @trace_max: entries @trace holds
 * @trace_len: calls seen while tracing, also those past @trace_max
 */
struct tdxm_run {
	struct tdx_model_module module;
	enum tdx_model_sys_state sys_state;
	unsigned int num_lps;
	unsigned int num_pkgs;
	unsigned int lps_initialized;
	struct cpumask lp_init;
	struct cpumask inside;
	unsigned long pkgs_keyed;
	unsigned int hkid_min;
	unsigned int hkid_max;
	DECLARE_BITMAP(hkid_reserved, MODEL_MAX_HKIDS);
	u64 addons;
	int lock_owner;
	unsigned int lock_sharers;
	u64 pa_limit;
	unsigned int nr_cmrs;
	struct tdx_model_cmr cmrs[TDX_MAX_CMRS];
	unsigned int nr_tdmrs;
	struct tdxm_tdmr_run tdmrs[TDX_MAX_TDMRS];
	struct tdxm_tdmr_info staged[TDX_MAX_TDMRS];
	bool handoff_valid;
	u16 handoff_hv;
	bool compat_sensitive;
	u32 remaining_updates;
	struct cpumask installed;
	enum tdx_model_sys_state install_from;
	u64 install_ns;
	unsigned int seamldr_no_entropy;
	u32 lp_fms[NR_CPUS];
	bool sigstruct_mismatch;
	struct cpumask vmx_off;
	struct cpumask old_seamops;
	u64 vmx_faults;
	int late_cpu;
	u64 late_ns;
	int seamldr_cpu;
	struct tdxm_fault faults[TDX_MODEL_MAX_FAULTS];
	unsigned int latency_ns[MODEL_NR_LEAVES];
	int hold_leaf;
	bool hold_released;
	u64 leaf_calls[MODEL_NR_LEAVES];
	u64 cpu_calls[NR_CPUS];
	u64 busy_ns;
	u64 leaf_busy_ns[MODEL_NR_LEAVES];
	unsigned int violations;
	unsigned long cache_flushes;
	unsigned long cpu_flushes[NR_CPUS];
	struct cpumask cache_dirty;
	unsigned int unmarked_calls;
	struct tdxm_private private[MODEL_MAX_PRIVATE];
	unsigned int nr_private;
	unsigned int private_violations;
	struct tdxm_interrupt interrupts[MODEL_MAX_INTERRUPTS];
	u64 rand_state;
	unsigned int rand_percent;
	u64 entropy_failures;
	u64 ext_pages[TDX_MODEL_MAX_EXT_PAGES];
	unsigned int ext_nr;
	unsigned int ext_init_done;
	bool ext_ready;
	struct tdxm_ext_add ext_add;
	struct tdx_model_trace_entry *trace;
	unsigned int trace_max;
	unsigned int trace_len;
};

/**
 * struct tdxm_state - The whole model
 * @cfg: the configuration given at start, kept across resets
 * @run: the state a reset recreates from @cfg
 * @active: the model is installed on the seam
 * @set_pw_bug: the model set X86_BUG_TDX_PW_MCE and clears it when it stops
 */
struct tdxm_state {
	struct tdx_model_config cfg;
	struct tdxm_run run;
	bool active;
	bool set_pw_bug;
};

/* All of it is protected by tdxm_lock. */
extern struct tdxm_state tdxm;
extern raw_spinlock_t tdxm_lock;

bool tdxm_pa_is_ram(u64 pa, u64 len);
bool tdxm_entropy_fails(void);
unsigned int tdxm_platform_lps(void);
bool tdxm_all_lps_initialized(void);

u64 tdxm_sys_init(struct tdxm_call *c);
u64 tdxm_lp_init(struct tdxm_call *c);
u64 tdxm_key_config(struct tdxm_call *c);
u64 tdxm_sys_rd(struct tdxm_call *c);
u64 tdxm_sys_shutdown(struct tdxm_call *c);
u64 tdxm_sys_update(struct tdxm_call *c);
u64 tdxm_sys_config(struct tdxm_call *c);
u64 tdxm_tdmr_init(struct tdxm_call *c);
u64 tdxm_ext_mem_add(struct tdxm_call *c);
u64 tdxm_ext_init(struct tdxm_call *c);
bool tdxm_interrupted(struct tdxm_call *c, unsigned int remaining,
		      unsigned int *work);
void tdxm_private_write(u64 pa, u64 len);
void tdxm_private_flush(void);
void tdxm_private_reset(u64 pa, u64 len);
void tdxm_private_check(void);
void tdxm_private_write_pamts(unsigned int tdmr);
void tdxm_cache_note_call(int cpu);
void tdxm_flush_cpu_cache(void);
void tdxm_inherit_locked(void);

/* The test signing key (model_key.c). */
extern const u8 tdxm_test_key_der[];
extern const unsigned int tdxm_test_key_der_len;
extern const u8 tdxm_test_key_modulus[SEAM_SIGSTRUCT_KEY_BYTES];
extern const u8 tdxm_test_key_hash[SEAM_SIGSTRUCT_HASH_BYTES];

u64 tdxm_seamldr_info(struct tdxm_call *c);
u64 tdxm_seamldr_install(struct tdxm_call *c);

#endif /* _X86_VIRT_TDX_MODEL_MODEL_INTERNAL_H */
