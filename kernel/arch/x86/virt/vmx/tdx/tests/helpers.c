// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the KUnit suites that run against the TDX module
 * model: a platform layout, per-CPU calls, the initialization steps, the
 * host's bring-up as KVM does it, and the leak check every suite ends
 * with.
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>
#include <linux/uaccess.h>

#include "helpers.h"
#include "../tdx.h"

/**
 * tdxt_config() - The model configuration the tests start from
 * @cfg: receives the configuration
 *
 * The defaults with two adjacent CMRs, so that results do not depend on
 * the memory QEMU gives the guest, and a module that has every rule the
 * model knows, which no single release has: 1.5.16 with the extensions
 * of the "ext" release, version 1 of TDH.SYS.CONFIG and UPDATE,
 * TDH.SYS.SHUTDOWN bit 16 and handoff versions 1 to 2.
 *
 * Context: Any context.
 */
void tdxt_config(struct tdx_model_config *cfg)
{
	struct tdx_model_config ext;

	tdx_model_default_config(cfg);
	WARN_ON(tdx_model_profile_config(&ext, "ext"));
	cfg->module.features0 |= TDX_FEATURES0_EXT;
	cfg->module.ext_required = ext.module.ext_required;
	cfg->module.ext_pool_pages = ext.module.ext_pool_pages;
	cfg->module.v1_leaves = TDX_MODEL_V1_SYS_CONFIG | TDX_MODEL_V1_SYS_UPDATE;
	cfg->module.shutdown_compat = true;
	cfg->module.module_hv = 2;
	cfg->module.min_update_hv = 1;
	cfg->nr_cmrs = 2;
	cfg->cmrs[0] = (struct tdx_model_cmr) { TDXT_CMR0_BASE, TDXT_CMR0_SIZE };
	cfg->cmrs[1] = (struct tdx_model_cmr) { TDXT_CMR1_BASE, TDXT_CMR1_SIZE };
}

static void tdxt_stop(void *unused)
{
	tdx_model_stop();
}

/**
 * tdxt_start() - Start the model for one test and stop it afterwards
 * @test: the test
 * @cfg: the configuration, or NULL for tdxt_config()
 *
 * Context: Process context.
 */
void tdxt_start(struct kunit *test, const struct tdx_model_config *cfg)
{
	struct tdx_model_config def;

	if (!cfg) {
		tdxt_config(&def);
		cfg = &def;
	}
	KUNIT_ASSERT_EQ(test, tdx_model_start(cfg), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tdxt_stop, NULL), 0);
}

struct tdxt_remote {
	u64 fn;
	struct tdx_module_args *args;
	u64 status;
	bool seamldr;
};

static void tdxt_remote_call(void *data)
{
	struct tdxt_remote *r = data;

	if (r->seamldr)
		r->status = seamldr_call(r->fn, r->args);
	else
		r->status = seamcall_ret(r->fn, r->args);
}

/**
 * tdxt_call_on() - seamcall_ret() on a given CPU
 * @cpu: the CPU
 * @fn: the leaf
 * @args: registers in and out
 *
 * Context: Process context.
 * Return: The completion status.
 */
u64 tdxt_call_on(int cpu, u64 fn, struct tdx_module_args *args)
{
	struct tdxt_remote r = { .fn = fn, .args = args };

	smp_call_function_single(cpu, tdxt_remote_call, &r, true);
	return r.status;
}

/**
 * tdxt_seamldr_on() - seamldr_call() on a given CPU
 * @cpu: the CPU
 * @fn: the P-SEAMLDR leaf
 * @args: registers in and out
 *
 * Context: Process context.
 * Return: The completion status.
 */
u64 tdxt_seamldr_on(int cpu, u64 fn, struct tdx_module_args *args)
{
	struct tdxt_remote r = { .fn = fn, .args = args, .seamldr = true };

	smp_call_function_single(cpu, tdxt_remote_call, &r, true);
	return r.status;
}

/**
 * tdxt_install_on_each_lp() - SEAMLDR.INSTALL on every online CPU in turn
 * @params_pa: physical address of the SEAMLDR_PARAMS page
 * @rdx: receives RDX of the last call made
 *
 * Stops at the first failing call.
 *
 * Context: Process context.
 * Return: The status of the last call made.
 */
u64 tdxt_install_on_each_lp(u64 params_pa, u64 *rdx)
{
	struct tdx_module_args args;
	u64 status = SEAMLDR_EBADCALL;
	int cpu;

	for_each_online_cpu(cpu) {
		args = (struct tdx_module_args) { .rcx = params_pa };
		status = tdxt_seamldr_on(cpu, P_SEAMLDR_INSTALL, &args);
		*rdx = args.rdx;
		if (status)
			break;
	}
	return status;
}

/**
 * tdxt_on_each_lp() - Make the same call on every online CPU in turn
 * @fn: the leaf
 * @args: input registers, or NULL for none; not modified
 *
 * Context: Process context.
 * Return: TDX_SUCCESS, or the first failing status.
 */
u64 tdxt_on_each_lp(u64 fn, struct tdx_module_args *args)
{
	struct tdx_module_args in;
	u64 status;
	int cpu;

	for_each_online_cpu(cpu) {
		in = args ? *args : (struct tdx_module_args) {};
		if (fn & SEAMLDR_LEAF_BIT)
			status = tdxt_seamldr_on(cpu, fn, &in);
		else
			status = tdxt_call_on(cpu, fn, &in);
		if (status)
			return status;
	}
	return TDX_SUCCESS;
}

/**
 * tdxt_sys_init() - TDH.SYS.INIT, then TDH.SYS.LP.INIT on every CPU
 * @test: the test
 *
 * Context: Process context.
 */
void tdxt_sys_init(struct kunit *test)
{
	struct tdx_module_args args = {};

	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args), TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, tdxt_on_each_lp(TDH_SYS_LP_INIT, NULL), TDX_SUCCESS);
}

/**
 * tdxt_alloc_tdmrs() - Allocate an empty TDMR array
 * @test: the test, which owns the memory
 * @nr: number of TDMRs
 *
 * kmalloc() aligns power-of-two sizes naturally, which gives both the
 * entries and the address array their 512-byte alignment.
 *
 * Context: Process context.
 * Return: The array; the test is aborted if allocation fails.
 */
struct tdxt_tdmrs *tdxt_alloc_tdmrs(struct kunit *test, unsigned int nr)
{
	struct tdxt_tdmrs *t;
	unsigned int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->info = kunit_kzalloc(test, roundup_pow_of_two(nr * sizeof(*t->info)),
				GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->info);
	t->pas = kunit_kzalloc(test, TDX_MAX_TDMRS * sizeof(u64), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->pas);

	for (i = 0; i < nr; i++)
		t->pas[i] = virt_to_phys(&t->info[i]);
	t->nr = nr;
	return t;
}

/**
 * tdxt_set_tdmr() - Describe a TDMR with its PAMTs back to back
 * @t: the array
 * @i: the entry
 * @base: TDMR base
 * @size: TDMR size
 * @pamt_base: where the PAMTs start (1G, then 2M, then 4K)
 *
 * Context: Any context.
 */
void tdxt_set_tdmr(struct tdxt_tdmrs *t, unsigned int i, u64 base, u64 size,
		   u64 pamt_base)
{
	static const unsigned int shift[] = {
		[TDMR_PAMT_1G] = 30, [TDMR_PAMT_2M] = 21, [TDMR_PAMT_4K] = 12,
	};
	struct tdmr_info *info = &t->info[i];
	int level;

	memset(info, 0, sizeof(*info));
	info->base = base;
	info->size = size;
	/* Back to back from @pamt_base, 1G level first. */
	for (level = 0; level < TDMR_PAMT_LEVELS; level++) {
		info->pamt[level].base = pamt_base;
		info->pamt[level].size = round_up((size >> shift[level]) *
						  TDX_PAMT_ENTRY_SIZE, SZ_4K);
		pamt_base += info->pamt[level].size;
	}
}

/**
 * tdxt_two_tdmrs() - The valid layout the TDMR tests start from
 * @t: an array of at least two entries
 *
 * TDMR 0 is [1G, 2G), TDMR 1 is [2G, 4G); their PAMTs lie outside both.
 *
 * Context: Any context.
 */
void tdxt_two_tdmrs(struct tdxt_tdmrs *t)
{
	tdxt_set_tdmr(t, 0, SZ_1G, SZ_1G, TDXT_PAMT_AREA);
	tdxt_set_tdmr(t, 1, 2ULL * SZ_1G, 2ULL * SZ_1G,
		      TDXT_PAMT_AREA + 64ULL * SZ_1M);
	t->nr = 2;
}

/**
 * tdxt_hkid() - A valid global private KeyID for the test configuration
 *
 * Context: Any context.
 * Return: The first TDX KeyID.
 */
u64 tdxt_hkid(void)
{
	return (tdx_model_keyid_partitioning() & MKTME_KEYID_PART_MKTME_MASK) + 1;
}

/**
 * tdxt_sys_config() - TDH.SYS.CONFIG with a TDMR array, on CPU 0
 * @t: the array
 * @hkid: the global private KeyID
 *
 * Context: Process context.
 * Return: The completion status.
 */
u64 tdxt_sys_config(struct tdxt_tdmrs *t, u64 hkid)
{
	struct tdx_module_args args = {
		.rcx = virt_to_phys(t->pas),
		.rdx = t->nr,
		.r8 = hkid,
	};

	return tdxt_call_on(0, TDH_SYS_CONFIG, &args);
}

/**
 * tdxt_first_cpu_of_other_pkg() - A CPU in another package
 * @cpu: a CPU
 *
 * Context: Any context.
 * Return: The first online CPU not in @cpu's package, or -1.
 */
int tdxt_first_cpu_of_other_pkg(int cpu)
{
	int other;

	for_each_online_cpu(other) {
		if (topology_physical_package_id(other) !=
		    topology_physical_package_id(cpu))
			return other;
	}
	return -1;
}

static void tdxt_unpin(void *unused)
{
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/**
 * tdxt_pin() - Keep the test on one CPU until it ends
 * @test: the test
 * @cpu: the CPU
 *
 * For a test that holds a call in the model on another CPU: the held
 * call spins there with preemption or interrupts off, so nothing the test
 * waits for may run on that CPU.
 *
 * Context: Process context.
 */
void tdxt_pin(struct kunit *test, int cpu)
{
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(cpu)), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tdxt_unpin, NULL), 0);
}

/**
 * tdxt_key_all() - TDH.SYS.KEY.CONFIG on the first CPU of each package
 *
 * Context: Process context.
 * Return: TDX_SUCCESS, or the first failing status.
 */
u64 tdxt_key_all(void)
{
	unsigned long done = 0;
	struct tdx_module_args args;
	unsigned int pkg;
	u64 status;
	int cpu;

	for_each_online_cpu(cpu) {
		pkg = topology_physical_package_id(cpu);
		if (test_and_set_bit(pkg, &done))
			continue;
		args = (struct tdx_module_args) {};
		status = tdxt_call_on(cpu, TDH_SYS_KEY_CONFIG, &args);
		if (status)
			return status;
	}
	return TDX_SUCCESS;
}

/**
 * tdxt_make_ready() - Take a fresh model to SYS_READY
 * @test: the test
 *
 * The two TDMRs of tdxt_two_tdmrs() are configured, not initialized.
 *
 * Context: Process context.
 */
void tdxt_make_ready(struct kunit *test)
{
	struct tdxt_tdmrs *t = tdxt_alloc_tdmrs(test, 2);

	tdxt_sys_init(test);
	tdxt_two_tdmrs(t);
	KUNIT_ASSERT_EQ(test, tdxt_sys_config(t, tdxt_hkid()), TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, tdxt_key_all(), TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
}

/* The module release the running suite's cases start from. */
static const char *tdxt_profile = "default";

/**
 * tdxt_default_config() - The model's defaults, with the suite's module
 * @cfg: receives the configuration
 *
 * Context: Any context.
 */
void tdxt_default_config(struct tdx_model_config *cfg)
{
	if (tdx_model_profile_config(cfg, tdxt_profile))
		tdx_model_default_config(cfg);
}

/**
 * tdxt_profile_suite_init() - Run a suite against a published release
 * @suite: the suite, named "<area>_<x>_<y>_<zz>" after the release
 *
 * tdxt_begin() and tdxt_default_config() then configure the model with
 * that release (tdx_model_profile_config()).
 *
 * Context: Process context.
 * Return: 0, or -ENOENT if the name does not end in a known release.
 */
int tdxt_profile_suite_init(struct kunit_suite *suite)
{
	const char *name;
	unsigned int i;
	char want[16];

	for (i = 0; (name = tdx_model_profile_name(i)); i++) {
		snprintf(want, sizeof(want), "_%s", name);
		strreplace(want, '.', '_');
		if (strlen(suite->name) > strlen(want) &&
		    !strcmp(suite->name + strlen(suite->name) - strlen(want), want)) {
			tdxt_profile = name;
			return tdxt_leak_window_open(suite);
		}
	}
	return -ENOENT;
}

/**
 * tdxt_profile_suite_exit() - Back to the model's own module
 * @suite: the suite
 *
 * Context: Process context.
 */
void tdxt_profile_suite_exit(struct kunit_suite *suite)
{
	tdxt_profile = "default";
}

static void tdxt_vmx_put(void *unused)
{
	tdx_vmx_put();
}

/**
 * tdxt_vmx_on() - Tell the core that every CPU stays in VMX operation
 * @test: the test; the end of the test takes it back
 *
 * As kvm-intel does while TDX is on (tdx_vmx_get()).
 *
 * Context: Process context.
 */
void tdxt_vmx_on(struct kunit *test)
{
	tdx_vmx_get();
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tdxt_vmx_put, NULL), 0);
}

/**
 * tdxt_begin() - Start the model for a test of the host code, detect TDX
 * @test: the test
 * @cfg: the configuration, or NULL for tdx_model_default_config()
 *
 * Every CPU is in VMX operation, and the core is told that it stays so
 * (tdx_vmx_get()), as kvm-intel does while TDX is on.
 *
 * Context: Process context.
 */
void tdxt_begin(struct kunit *test, const struct tdx_model_config *cfg)
{
	struct tdx_model_config def;

	if (!cfg) {
		tdxt_default_config(&def);
		cfg = &def;
	}
	tdxt_start(test, cfg);
	KUNIT_ASSERT_EQ(test, tdx_probe_platform(), 0);
	tdxt_vmx_on(test);
}

/**
 * tdxt_vmx_off() - Take every CPU out of VMX operation, as unloading
 *		    kvm-intel does
 * @test: the test, started with tdxt_begin()
 *
 * Context: Process context.
 */
void tdxt_vmx_off(struct kunit *test)
{
	kunit_release_action(test, tdxt_vmx_put, NULL);
	tdx_model_set_vmx(TDX_MODEL_ANY_CPU, false);
}

static void tdxt_cpu_enable_fn(void *results)
{
	((int *)results)[smp_processor_id()] = tdx_cpu_enable();
}

/**
 * tdxt_enable_cpus() - tdx_cpu_enable() on every online CPU at once
 * @test: the test
 *
 * As KVM does it: in an IPI, with interrupts off.
 *
 * Context: Process context.
 * Return: the results, indexed by CPU; -EINPROGRESS for CPUs not online.
 */
int *tdxt_enable_cpus(struct kunit *test)
{
	int *results = kunit_kcalloc(test, nr_cpu_ids, sizeof(int), GFP_KERNEL);
	unsigned int cpu;

	KUNIT_ASSERT_NOT_NULL(test, results);
	for_each_possible_cpu(cpu)
		results[cpu] = -EINPROGRESS;
	on_each_cpu(tdxt_cpu_enable_fn, results, true);
	return results;
}

/**
 * tdxt_expect_cpus() - Expect the same result on every online CPU
 * @test: the test
 * @results: from tdxt_enable_cpus()
 * @expected: the result
 *
 * Context: Process context.
 */
void tdxt_expect_cpus(struct kunit *test, const int *results, int expected)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, results[cpu], expected, "CPU %u", cpu);
}

/**
 * tdxt_enable() - tdx_enable() as KVM calls it, under the hotplug lock
 *
 * Context: Process context.
 * Return: what tdx_enable() returns.
 */
int tdxt_enable(void)
{
	guard(cpus_read_lock)();
	return tdx_enable();
}

/**
 * tdxt_all_calls() - SEAMCALLs of any kind made on all CPUs so far
 *
 * Context: Any context.
 * Return: the count since the model started.
 */
u64 tdxt_all_calls(void)
{
	u64 total = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		total += tdx_model_cpu_calls(cpu);
	return total;
}

/**
 * tdxt_case_init() - Start a case with the core as before detection
 * @test: the test
 *
 * Context: Process context.
 * Return: 0.
 */
int tdxt_case_init(struct kunit *test)
{
	tdx_reset_for_test();
	KUNIT_ASSERT_EQ(test, tdx_pages_held(), 0);
	return 0;
}

/**
 * tdxt_case_exit() - Leave the core as before detection after a case
 * @test: the test
 *
 * The case fails if the host gave back memory the module wrote with its
 * private KeyID before flushing caches, or before resetting it where the
 * model emulates the partial-write erratum.
 *
 * Context: Process context.
 */
void tdxt_case_exit(struct kunit *test)
{
	tdx_reset_for_test();
	KUNIT_EXPECT_EQ_MSG(test, tdx_model_private_violations(), 0,
			    "memory the module wrote privately was freed too early");
}

/* ----- The leak check ----- */

/* The report is read in pieces of this size. */
#define TDXT_LEAKS_CHUNK	PAGE_SIZE
/* At most this much of the report is looked at. */
#define TDXT_LEAKS_MAX_REPORT	(256 * 1024)
/* kmemleak reports objects older than 5 s only; give the last ones time. */
#define TDXT_LEAKS_MIN_AGE_MS	5500
/* The canary's size: any. */
#define TDXT_LEAKS_CANARY_SIZE	1234
/* Scans for the canary before the leak check gives up on kmemleak. */
#define TDXT_LEAKS_TRIES	2
/* Hides the canary's address from kmemleak's scan of the stack. */
#define TDXT_LEAKS_HIDE		0x5a5a5a5a5a5a5a5aUL

/* When the running suite started: objects allocated since are its own. */
static unsigned long tdxt_leak_window_start;

/**
 * tdxt_leak_window_open() - Note when a suite starts, for TDXT_LEAK_CASE
 * @suite: the suite
 *
 * Context: Process context.
 * Return: 0.
 */
int tdxt_leak_window_open(struct kunit_suite *suite)
{
	tdxt_leak_window_start = jiffies;
	return 0;
}

static void tdxt_leaks_unmount(void *mnt)
{
	kern_unmount(mnt);
}

static void tdxt_leaks_fput(void *file)
{
	fput(file);
}

/* Write a command to kmemleak's file through a user buffer. */
static ssize_t tdxt_leaks_cmd(struct file *f, char __user *ubuf,
			      const char *cmd)
{
	size_t len = strlen(cmd);
	loff_t pos = 0;

	if (copy_to_user(ubuf, cmd, len))
		return -EFAULT;
	return vfs_write(f, ubuf, len, &pos);
}

/*
 * The canary's address, hidden from the scan.  Kept here rather than in
 * a local, whose unhidden value the compiler may keep in a register that
 * the scan then finds on the stack.
 */
static unsigned long tdxt_leaks_canary;

/*
 * Recognized in the report by its address only: the check must find it
 * without knowing who allocated it.
 */
static noinline bool tdxt_leaks_canary_alloc(void)
{
	void *p = kmalloc(TDXT_LEAKS_CANARY_SIZE, GFP_KERNEL);

	WRITE_ONCE(tdxt_leaks_canary, (unsigned long)p ^ TDXT_LEAKS_HIDE);
	return p;
}

/* Free the canary; its address, for the report, once it is gone. */
static noinline unsigned long tdxt_leaks_canary_free(void)
{
	unsigned long addr = READ_ONCE(tdxt_leaks_canary) ^ TDXT_LEAKS_HIDE;

	kfree((void *)addr);
	WRITE_ONCE(tdxt_leaks_canary, 0);
	return addr;
}

/*
 * Whether a report entry is an object allocated since the window opened.
 * Entries read "unreferenced object 0x... (size N):" then
 * "comm "...", pid P, jiffies J".
 */
static bool tdxt_leaks_in_window(const char *entry, unsigned long *addr)
{
	const char *p = entry;
	unsigned long when;

	if (sscanf(p, "unreferenced object %lx", addr) != 1)
		return false;
	p = strstr(entry, "jiffies ");
	if (!p || sscanf(p, "jiffies %lu", &when) != 1)
		return false;
	return time_after_eq(when, tdxt_leak_window_start);
}

/* Count the report's entries in the window, the canary apart; log them. */
static void tdxt_leaks_parse(struct kunit *test, char *report,
			     unsigned long canary_addr, unsigned int *canary,
			     unsigned int *leaks, unsigned int *before)
{
	char *entry = report, *next;
	unsigned long addr;

	while ((entry = strstr(entry, "unreferenced object"))) {
		next = strstr(entry + 1, "unreferenced object");
		if (next)
			next[-1] = '\0';
		if (!tdxt_leaks_in_window(entry, &addr)) {
			(*before)++;
		} else if (addr == canary_addr) {
			(*canary)++;
		} else {
			(*leaks)++;
			kunit_err(test, "leak: %s\n", entry);
		}
		if (!next)
			break;
		next[-1] = '\n';
		entry = next;
	}
}

/* Ask kmemleak for a scan and read its report into @report. */
static void tdxt_leaks_report(struct kunit *test, char *report)
{
	struct file_system_type *fs;
	struct vfsmount *mnt;
	unsigned long uaddr;
	char __user *ubuf;
	struct file *f;
	size_t len = 0;
	loff_t pos = 0;
	ssize_t n;

	fs = get_fs_type("debugfs");
	KUNIT_ASSERT_NOT_NULL(test, fs);
	mnt = kern_mount(fs);
	put_filesystem(fs);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mnt));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tdxt_leaks_unmount,
							mnt), 0);

	f = file_open_root_mnt(mnt, "kmemleak", O_RDWR, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "kmemleak: %ld", PTR_ERR(f));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tdxt_leaks_fput, f),
			0);

	uaddr = kunit_vm_mmap(test, NULL, 0, TDXT_LEAKS_CHUNK,
			      PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, uaddr, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(uaddr));
	ubuf = (char __user *)uaddr;

	/*
	 * An object is reported once two scans found it unreferenced and
	 * unchanged, and it is old enough.
	 */
	msleep(TDXT_LEAKS_MIN_AGE_MS);
	KUNIT_ASSERT_GT(test, tdxt_leaks_cmd(f, ubuf, "scan"), 0);
	KUNIT_ASSERT_GT(test, tdxt_leaks_cmd(f, ubuf, "scan"), 0);

	while (len < TDXT_LEAKS_MAX_REPORT) {
		n = vfs_read(f, ubuf, min_t(size_t, TDXT_LEAKS_CHUNK,
					    TDXT_LEAKS_MAX_REPORT - len), &pos);
		KUNIT_ASSERT_GE(test, n, 0);
		if (!n)
			break;
		KUNIT_ASSERT_EQ(test, copy_from_user(report + len, ubuf, n), 0);
		len += n;
	}
}

/**
 * tdxt_no_leaks() - Fail on objects the running suite left unreferenced
 * @test: the test
 *
 * With kmemleak built in, scans for unreferenced objects and fails on
 * every one allocated since the suite started (tdxt_leak_window_open()),
 * whoever allocated it.  A canary leaked on purpose must be found, which
 * shows that the scan works.  Without kmemleak the case is skipped.
 *
 * Context: Process context; the last case of its suite.
 */
void tdxt_no_leaks(struct kunit *test)
{
	unsigned int canary = 0, leaks = 0, before = 0, tries;
	unsigned long canary_addr;
	char *report;

	if (!IS_ENABLED(CONFIG_DEBUG_KMEMLEAK))
		kunit_skip(test, "kmemleak is not built in");

	report = kunit_kzalloc(test, TDXT_LEAKS_MAX_REPORT + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, report);

	/*
	 * A stale copy of the canary's address (a register spilled by a
	 * task that has since moved on) can hide it from one scan; a second
	 * canary and scan settle whether the scan works.
	 */
	for (tries = 0; tries < TDXT_LEAKS_TRIES && canary != 1; tries++) {
		memset(report, 0, TDXT_LEAKS_MAX_REPORT + 1);
		canary = 0;
		leaks = 0;
		before = 0;
		KUNIT_ASSERT_TRUE(test, tdxt_leaks_canary_alloc());
		tdxt_leaks_report(test, report);
		canary_addr = tdxt_leaks_canary_free();
		tdxt_leaks_parse(test, report, canary_addr, &canary, &leaks,
				 &before);
	}
	kunit_info(test, "leaks: kmemleak: %u object(s) left by this suite, %u from before it, canary found %u time(s)\n",
		   leaks, before, canary);
	KUNIT_EXPECT_EQ(test, canary, 1);
	KUNIT_EXPECT_EQ(test, leaks, 0);
}
