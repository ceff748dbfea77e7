// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the KUnit suites that run against the TDX module
 * model: a platform layout, per-CPU calls and the initialization steps.
 */
#include <linux/log2.h>
#include <linux/smp.h>
#include <linux/topology.h>

#include "model_test_util.h"

/**
 * tdxt_config() - The model configuration the tests start from
 * @cfg: receives the configuration
 *
 * The defaults with a fixed address width and two adjacent CMRs, so that
 * results do not depend on the memory QEMU gives the guest.
 *
 * Context: Any context.
 */
void tdxt_config(struct tdx_model_config *cfg)
{
	tdx_model_default_config(cfg);
	cfg->pa_bits = TDXT_PA_BITS;
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
