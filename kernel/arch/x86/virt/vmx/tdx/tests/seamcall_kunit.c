// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the SEAMCALL layer.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>

#include "helpers.h"

struct errno_case {
	u64 status;
	int err;
};

static const struct errno_case errno_cases[] = {
	/* Success and informational statuses are not errors. */
	{ TDX_SUCCESS, 0 },
	{ TDX_KEY_CONFIGURED, 0 },
	/* The SEAMCALL instruction itself failed. */
	{ TDX_SEAMCALL_VMFAILINVALID, -ENODEV },
	{ TDX_SEAMCALL_GP, -EOPNOTSUPP },
	{ TDX_SEAMCALL_UD, -EACCES },
	/* Try again later. */
	{ TDX_UPDATE_COMPAT_SENSITIVE, -EBUSY },
	{ TDX_SYS_BUSY, -EBUSY },
	{ TDX_RND_NO_ENTROPY, -EAGAIN },
	/* A resumable loop gave up on a module that did not finish. */
	{ TDX_INTERRUPTED_RESUMABLE, -ETIMEDOUT },
	/* Everything else; the operand ID does not matter. */
	{ TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX, -EIO },
};

static void errno_case_desc(const struct errno_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "status 0x%016llx", c->status);
}

KUNIT_ARRAY_PARAM(errno, errno_cases, errno_case_desc);

static void seamcall_test_errno(struct kunit *test)
{
	const struct errno_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(c->status), c->err);
}

struct seamldr_errno_case {
	u64 status;
	int err;
};

static const struct seamldr_errno_case seamldr_errno_cases[] = {
	/* Success. */
	{ SEAMLDR_SUCCESS, 0 },
	/* No P-SEAMLDR reachable. */
	{ TDX_SEAMCALL_VMFAILINVALID, -ENODEV },
	/* Bad request. */
	{ SEAMLDR_EBADPARAM, -EINVAL },
	{ SEAMLDR_EBADHANDOFF, -EINVAL },
	/* Not allowed now. */
	{ SEAMLDR_EBADCALL, -EPERM },
	/* A module P-SEAMLDR will not take. */
	{ SEAMLDR_EUNSUPPORTED, -EOPNOTSUPP },
	/* The image is not what it claims to be. */
	{ SEAMLDR_EBADSIG, -EKEYREJECTED },
	{ SEAMLDR_EBADHASH, -EBADMSG },
	/* Transient. */
	{ SEAMLDR_ENOENTROPY, -EAGAIN },
	/* Anything else. */
	{ SEAMLDR_EUNSPECERR, -EIO },
};

static void seamldr_errno_case_desc(const struct seamldr_errno_case *c,
				    char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "status 0x%016llx", c->status);
}

KUNIT_ARRAY_PARAM(seamldr_errno, seamldr_errno_cases, seamldr_errno_case_desc);

static void seamcall_test_seamldr_errno(struct kunit *test)
{
	const struct seamldr_errno_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, seamldr_status_to_errno(c->status), c->err);
}

static void seamcall_test_leaf_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, tdx_leaf_name(TDH_SYS_INIT), "TDH.SYS.INIT");
	KUNIT_EXPECT_STREQ(test, tdx_leaf_name(TDH_SYS_TDMR_INIT),
			   "TDH.SYS.TDMR.INIT");
	/* The interface version does not change the name. */
	KUNIT_EXPECT_STREQ(test, tdx_leaf_name(TDH_SYS_CONFIG | BIT_ULL(16)),
			   "TDH.SYS.CONFIG");
	KUNIT_EXPECT_STREQ(test, tdx_leaf_name(P_SEAMLDR_INSTALL),
			   "SEAMLDR.INSTALL");
	KUNIT_EXPECT_STREQ(test, tdx_leaf_name(P_SEAMLDR_INFO), "SEAMLDR.INFO");
	KUNIT_EXPECT_STREQ(test, tdx_leaf_name(1000), "unknown leaf");
	KUNIT_EXPECT_STREQ(test, tdx_leaf_name(SEAMLDR_LEAF_BIT | 99),
			   "unknown leaf");
	KUNIT_EXPECT_STREQ(test, tdx_leaf_name(TDH_SYS_RD | BIT_ULL(40)),
			   "unknown leaf");
}

/* Build a tiny module image the model accepts, for SEAMLDR.INSTALL. */
static u64 seamcall_test_image(struct kunit *test)
{
	struct seamldr_params *params;
	struct tdx_model_module mod;
	void *image;

	params = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	/* A power of two: page aligned, as P-SEAMLDR wants the pages. */
	image = kunit_kzalloc(test, SZ_16K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, params);
	KUNIT_ASSERT_NOT_NULL(test, image);

	tdx_model_get_module(&mod);
	KUNIT_ASSERT_EQ(test, tdx_model_build_image(image, &mod, 1), 0);
	params->scenario = SEAMLDR_SCENARIO_UPDATE;
	params->sigstruct_pa = virt_to_phys(tdx_model_image_sigstruct(image));
	params->num_module_pages = 1;
	params->module_pages_pa[0] = virt_to_phys(tdx_model_image_module(image));
	return virt_to_phys(params);
}

/* Every leaf of the lifecycle succeeds through seamcall()/seamcall_ret(). */
static void seamcall_test_lifecycle(struct kunit *test)
{
	struct tdx_module_args args = {};
	struct seamldr_info *info;
	struct tdxt_tdmrs *t;
	u64 params_pa;

	tdxt_start(test, NULL);
	info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);

	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args), TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, tdxt_on_each_lp(TDH_SYS_LP_INIT, NULL), TDX_SUCCESS);

	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAX_TDMRS };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, args.r8, TDX_MAX_TDMRS);

	t = tdxt_alloc_tdmrs(test, 2);
	tdxt_two_tdmrs(t);
	KUNIT_ASSERT_EQ(test, tdxt_sys_config(t, tdxt_hkid()), TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, tdxt_key_all(), TDX_SUCCESS);

	args = (struct tdx_module_args) { .rcx = SZ_1G };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_TDMR_INIT, &args),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, args.rdx, SZ_1G);

	KUNIT_EXPECT_EQ(test, tdxt_on_each_lp(TDH_SYS_LP_SHUTDOWN, NULL),
			TDX_SUCCESS);

	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MODULE_HV };
	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args), TDX_SUCCESS);
	args = (struct tdx_module_args) { .rcx = args.r8 };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_SHUTDOWN, &args),
			TDX_SUCCESS);

	args = (struct tdx_module_args) { .rcx = virt_to_phys(info) };
	KUNIT_EXPECT_EQ(test, seamldr_call(P_SEAMLDR_INFO, &args),
			SEAMLDR_SUCCESS);
	KUNIT_EXPECT_EQ(test, info->vendor_id, SEAMLDR_VENDOR_INTEL);

	params_pa = seamcall_test_image(test);
	args = (struct tdx_module_args) { .rcx = params_pa };
	KUNIT_EXPECT_EQ(test, tdxt_on_each_lp(P_SEAMLDR_INSTALL, &args),
			SEAMLDR_SUCCESS);

	tdxt_sys_init(test);
	args = (struct tdx_module_args) {};
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_UPDATE, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
}

/* Pin the test thread to CPU 0 for calls that must come from here. */
static void seamcall_test_init_here(struct kunit *test)
{
	struct tdx_module_args args = {};

	tdxt_pin(test, 0);
	KUNIT_ASSERT_EQ(test, seamcall(TDH_SYS_INIT, &args), TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, seamcall(TDH_SYS_LP_INIT, &args), TDX_SUCCESS);
}

/* Each entry point writes back exactly the registers it should. */
static void seamcall_test_write_back(struct kunit *test)
{
	struct tdx_module_args args;

	tdxt_start(test, NULL);
	seamcall_test_init_here(test);

	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAX_TDMRS, .r8 = 7 };
	KUNIT_EXPECT_EQ(test, seamcall(TDH_SYS_RD, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, args.rdx, MD_FIELD_ID_MAX_TDMRS);
	KUNIT_EXPECT_EQ(test, args.r8, 7);

	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAX_TDMRS, .r8 = 7 };
	KUNIT_EXPECT_EQ(test, seamcall_ret(TDH_SYS_RD, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, args.rdx, MD_FIELD_ID_MAX_RESERVED_PER_TDMR);
	KUNIT_EXPECT_EQ(test, args.r8, TDX_MAX_TDMRS);

	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAX_TDMRS, .r12 = 5 };
	KUNIT_EXPECT_EQ(test, seamcall_saved_ret(TDH_SYS_RD, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, args.r8, TDX_MAX_TDMRS);
	KUNIT_EXPECT_EQ(test, args.r12, 5);
}

struct sw_error_case {
	u64 status;
	int err;
};

static const struct sw_error_case sw_error_cases[] = {
	/* No module loaded. */
	{ TDX_SEAMCALL_VMFAILINVALID, -ENODEV },
	/* SEAM not enabled. */
	{ TDX_SEAMCALL_GP, -EOPNOTSUPP },
	/* Not in VMX operation. */
	{ TDX_SEAMCALL_UD, -EACCES },
	/* An ordinary module error. */
	{ TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX, -EIO },
};

static void sw_error_case_desc(const struct sw_error_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "status 0x%016llx", c->status);
}

KUNIT_ARRAY_PARAM(sw_error, sw_error_cases, sw_error_case_desc);

/*
 * Failures of the SEAMCALL instruction come back unchanged through the
 * call layer, write no outputs, and map to their errno.
 */
static void seamcall_test_sw_errors(struct kunit *test)
{
	const struct sw_error_case *c = test->param_value;
	bool sw = (c->status & TDX_SW_ERROR) == TDX_SW_ERROR;
	struct tdx_module_args args;

	tdxt_start(test, NULL);
	seamcall_test_init_here(test);

	KUNIT_ASSERT_EQ(test, tdx_model_inject(TDH_SYS_RD, TDX_MODEL_ANY_CPU, 1, 2,
					       c->status), 0);
	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAX_TDMRS, .r8 = 7 };
	KUNIT_EXPECT_EQ(test, seamcall_ret(TDH_SYS_RD, &args), c->status);
	KUNIT_EXPECT_EQ(test, args.r8, sw ? 7 : TDX_MODEL_POISON);

	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAX_TDMRS };
	KUNIT_EXPECT_EQ(test, seamcall_prerr_ret(TDH_SYS_RD, &args), c->err);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_RD), 2);
}

/* With the model off, SEAMCALL on this (non-VMX) CPU raises #UD. */
static void seamcall_test_real_ud(struct kunit *test)
{
	struct tdx_module_args args = {};

	tdx_model_stop();
	KUNIT_ASSERT_FALSE(test, tdx_model_is_active());
	if (boot_cpu_has(X86_FEATURE_VMX))
		kunit_skip(test, "the CPU has VMX; SEAMCALL may not raise #UD");

	KUNIT_EXPECT_EQ(test, seamcall(TDH_SYS_INIT, &args), TDX_SEAMCALL_UD);
	KUNIT_EXPECT_EQ(test, seamcall_ret(TDH_SYS_RD, &args), TDX_SEAMCALL_UD);
	KUNIT_EXPECT_EQ(test, seamcall_prerr(TDH_SYS_LP_INIT, &args), -EACCES);
	KUNIT_EXPECT_EQ(test, seamldr_call(P_SEAMLDR_INFO, &args), TDX_SEAMCALL_UD);
}

struct entropy_case {
	unsigned int failures;
	u64 status;
	unsigned int calls;
};

static const struct entropy_case entropy_cases[] = {
	/* One failure: retried once. */
	{ 1, TDX_SUCCESS, 2 },
	/* The last try succeeds. */
	{ TDX_NO_ENTROPY_TRIES - 1, TDX_SUCCESS, TDX_NO_ENTROPY_TRIES },
	/* Every try fails: the status comes back after the bound. */
	{ TDX_NO_ENTROPY_TRIES, TDX_RND_NO_ENTROPY, TDX_NO_ENTROPY_TRIES },
	/* More failures than tries: still no more calls than the bound. */
	{ TDX_NO_ENTROPY_TRIES + 5, TDX_RND_NO_ENTROPY, TDX_NO_ENTROPY_TRIES },
};

static void entropy_case_desc(const struct entropy_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u failures", c->failures);
}

KUNIT_ARRAY_PARAM(entropy, entropy_cases, entropy_case_desc);

/*
 * TDX_RND_NO_ENTROPY is retried a bounded number of times, and every try
 * sees the original inputs although failed tries overwrite them.
 */
static void seamcall_test_no_entropy(struct kunit *test)
{
	const struct entropy_case *c = test->param_value;
	struct tdx_module_args args;

	tdxt_start(test, NULL);
	seamcall_test_init_here(test);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(TDH_SYS_RD, TDX_MODEL_ANY_CPU, 1,
					       c->failures, TDX_RND_NO_ENTROPY), 0);

	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAX_TDMRS };
	KUNIT_EXPECT_EQ(test, seamcall_ret(TDH_SYS_RD, &args), c->status);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_RD), c->calls);
	if (c->status == TDX_SUCCESS)
		KUNIT_EXPECT_EQ(test, args.r8, TDX_MAX_TDMRS);
}

/* Other statuses, TDX_INTERRUPTED_RESUMABLE included, are not retried. */
static void seamcall_test_no_hidden_retry(struct kunit *test)
{
	struct tdx_module_args args = {};

	tdxt_start(test, NULL);
	seamcall_test_init_here(test);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(TDH_SYS_RD, TDX_MODEL_ANY_CPU, 1, 1,
					       TDX_INTERRUPTED_RESUMABLE), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(P_SEAMLDR_INFO, TDX_MODEL_ANY_CPU,
					       1, 1, SEAMLDR_ENOENTROPY), 0);

	args.rdx = MD_FIELD_ID_MAX_TDMRS;
	KUNIT_EXPECT_EQ(test, seamcall_ret(TDH_SYS_RD, &args),
			TDX_INTERRUPTED_RESUMABLE);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_RD), 1);

	/* P-SEAMLDR's entropy failure is left to the caller. */
	KUNIT_EXPECT_EQ(test, seamldr_call(P_SEAMLDR_INFO, &args),
			SEAMLDR_ENOENTROPY);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INFO), 1);
}

#define SEAMCALL_TEST_SEAMLDR_NS	(2 * NSEC_PER_MSEC)

static void seamcall_test_seamldr_info_ipi(void *data)
{
	struct tdx_module_args args = { .rcx = virt_to_phys(data) };

	seamldr_call(P_SEAMLDR_INFO, &args);
}

/* seamldr_call() keeps concurrent callers out of P-SEAMLDR. */
static void seamcall_test_seamldr_serialized(struct kunit *test)
{
	struct seamldr_info *info;

	info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);
	tdxt_start(test, NULL);
	tdx_model_set_latency(P_SEAMLDR_INFO, SEAMCALL_TEST_SEAMLDR_NS);

	on_each_cpu(seamcall_test_seamldr_info_ipi, info, true);

	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INFO),
			num_online_cpus());
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
}

struct seamcall_test_slow {
	struct seamldr_info *info;
	u64 status;
};

static void seamcall_test_slow_info(void *data)
{
	struct seamcall_test_slow *slow = data;
	struct tdx_module_args args = { .rcx = virt_to_phys(slow->info) };

	slow->status = seamldr_call(P_SEAMLDR_INFO, &args);
}

static void seamcall_test_nop(void *unused)
{
}

/*
 * The model notices a second CPU entering P-SEAMLDR, which is how the
 * test above would fail if seamldr_call() did not serialize.
 */
static void seamcall_test_seamldr_violation(struct kunit *test)
{
	struct seamcall_test_slow slow = {};
	struct tdx_module_args args = {};
	unsigned long timeout = jiffies + 10 * HZ;
	call_single_data_t csd;
	bool inside = false;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");

	slow.info = kunit_kzalloc(test, sizeof(*slow.info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, slow.info);
	tdxt_start(test, NULL);
	tdxt_pin(test, 0);
	tdx_model_hold(P_SEAMLDR_INFO);

	INIT_CSD(&csd, seamcall_test_slow_info, &slow);
	KUNIT_ASSERT_EQ(test, smp_call_function_single_async(1, &csd), 0);
	while (!inside && time_before(jiffies, timeout)) {
		usleep_range(100, 200);
		inside = tdx_model_cpu_inside(1);
	}
	if (!inside) {
		tdx_model_release();
		smp_call_function_single(1, seamcall_test_nop, NULL, true);
	}
	KUNIT_ASSERT_TRUE(test, inside);

	/* Bypass seamldr_call() on purpose, marking the CPU as it would. */
	args.rcx = virt_to_phys(slow.info);
	this_cpu_write(tdx_cache_incoherent, true);
	KUNIT_EXPECT_EQ(test, tdx_model_seamcall(SEAMCALL_REGS_RET, P_SEAMLDR_INFO,
						 &args),
			TDX_SEAMCALL_VMFAILINVALID);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 1);

	tdx_model_release();
	smp_call_function_single(1, seamcall_test_nop, NULL, true);
	KUNIT_EXPECT_EQ(test, slow.status, SEAMLDR_SUCCESS);
}

struct seamcall_test_stop {
	atomic_t failed;
};

static int seamcall_test_stop_fn(void *data)
{
	struct seamcall_test_stop *stop = data;
	struct tdx_module_args args = {};

	if (seamcall(TDH_SYS_LP_INIT, &args) != TDX_SUCCESS)
		atomic_inc(&stop->failed);
	return 0;
}

/* SEAMCALLs from stop_machine() reach the model on every CPU. */
static void seamcall_test_stop_machine(struct kunit *test)
{
	struct seamcall_test_stop stop = { .failed = ATOMIC_INIT(0) };
	struct tdx_module_args args = {};
	int cpu;

	tdxt_start(test, NULL);
	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args), TDX_SUCCESS);

	KUNIT_ASSERT_EQ(test, stop_machine(seamcall_test_stop_fn, &stop,
					   cpu_online_mask), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&stop.failed), 0);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_TRUE(test, tdx_model_lp_initialized(cpu));
		KUNIT_EXPECT_EQ(test, tdx_model_cpu_calls(cpu), cpu ? 1 : 2);
	}
}

static void seamcall_test_rd_ipi(void *data)
{
	struct tdx_module_args args = { .rdx = MD_FIELD_ID_MAX_TDMRS };
	atomic_t *ok = data;

	if (seamcall_ret(TDH_SYS_RD, &args) == TDX_SUCCESS &&
	    args.r8 == TDX_MAX_TDMRS)
		atomic_inc(ok);
}

/* SEAMCALLs from IPI handlers reach the model. */
static void seamcall_test_ipi(struct kunit *test)
{
	atomic_t ok = ATOMIC_INIT(0);
	int cpu;

	tdxt_start(test, NULL);
	tdxt_sys_init(test);

	on_each_cpu(seamcall_test_rd_ipi, &ok, true);
	KUNIT_EXPECT_EQ(test, atomic_read(&ok), num_online_cpus());
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, tdx_model_cpu_calls(cpu), cpu ? 2 : 3);
}

/* While the model is active, it supplies the platform's MSR values. */
static void seamcall_test_platform_facts(struct kunit *test)
{
	struct tdx_model_config cfg;
	u64 val = 0;

	tdxt_config(&cfg);
	cfg.mktme_keyids = 7;
	cfg.tdx_keyids = 24;
	cfg.vmx_basic = 0x1234;
	tdxt_start(test, &cfg);

	KUNIT_EXPECT_EQ(test, tdx_read_keyid_partitioning(&val), 0);
	KUNIT_EXPECT_EQ(test, val, (24ULL << 32) | 7);
	KUNIT_EXPECT_EQ(test, tdx_read_vmx_basic(), 0x1234);
}

static struct kunit_case seamcall_test_cases[] = {
	KUNIT_CASE_PARAM(seamcall_test_errno, errno_gen_params),
	KUNIT_CASE_PARAM(seamcall_test_seamldr_errno, seamldr_errno_gen_params),
	KUNIT_CASE(seamcall_test_leaf_names),
	KUNIT_CASE(seamcall_test_lifecycle),
	KUNIT_CASE(seamcall_test_write_back),
	KUNIT_CASE_PARAM(seamcall_test_sw_errors, sw_error_gen_params),
	KUNIT_CASE(seamcall_test_real_ud),
	KUNIT_CASE_PARAM(seamcall_test_no_entropy, entropy_gen_params),
	KUNIT_CASE(seamcall_test_no_hidden_retry),
	KUNIT_CASE(seamcall_test_seamldr_serialized),
	KUNIT_CASE(seamcall_test_seamldr_violation),
	KUNIT_CASE(seamcall_test_stop_machine),
	KUNIT_CASE(seamcall_test_ipi),
	KUNIT_CASE(seamcall_test_platform_facts),
	{}
};

static struct kunit_suite seamcall_test_suite = {
	.name = "tdx_seamcall",
	.test_cases = seamcall_test_cases,
};

kunit_test_suite(seamcall_test_suite);
