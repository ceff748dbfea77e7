/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the KUnit suites that run against the TDX module
 * model.  Two ways to start a test:
 *
 *   tdxt_start()  the model alone, on the fixed platform of tdxt_config(),
 *                 for tests that drive the leaves directly;
 *   tdxt_begin()  the model with its defaults (memory as memblock has it)
 *                 and the host's boot detection, for tests of the host
 *                 code; tdxt_enable_cpus() and tdxt_enable() then do what
 *                 KVM does to bring TDX up.
 *
 * Every suite of the host code resets the core around each case
 * (tdxt_case_init(), tdxt_case_exit()) and ends with TDXT_LEAK_CASE.
 */
#ifndef _X86_VIRT_TDX_TESTS_HELPERS_H
#define _X86_VIRT_TDX_TESTS_HELPERS_H

#include <kunit/test.h>
#include <linux/io.h>
#include <linux/sizes.h>

#include "../model/model.h"
#include "../seamcall.h"

/* The layout every test platform uses: two adjacent CMRs. */
#define TDXT_CMR0_BASE		0
#define TDXT_CMR0_SIZE		(40ULL * SZ_1G)
#define TDXT_CMR1_BASE		TDXT_CMR0_SIZE
#define TDXT_CMR1_SIZE		(24ULL * SZ_1G)
#define TDXT_CMR_END		(TDXT_CMR1_BASE + TDXT_CMR1_SIZE)
/* Where PAMTs go unless a test moves them: convertible, in no TDMR. */
#define TDXT_PAMT_AREA		(32ULL * SZ_1G)

/**
 * struct tdxt_tdmrs - A TDMR array for TDH.SYS.CONFIG
 * @info: the TDMR_INFO entries
 * @pas: their physical addresses, the array TDH.SYS.CONFIG reads
 * @nr: number of entries in use
 */
struct tdxt_tdmrs {
	struct tdmr_info *info;
	u64 *pas;
	unsigned int nr;
};

void tdxt_config(struct tdx_model_config *cfg);
void tdxt_default_config(struct tdx_model_config *cfg);
int tdxt_profile_suite_init(struct kunit_suite *suite);
void tdxt_profile_suite_exit(struct kunit_suite *suite);
void tdxt_start(struct kunit *test, const struct tdx_model_config *cfg);
void tdxt_begin(struct kunit *test, const struct tdx_model_config *cfg);
void tdxt_vmx_on(struct kunit *test);
void tdxt_vmx_off(struct kunit *test);
int *tdxt_enable_cpus(struct kunit *test);
void tdxt_expect_cpus(struct kunit *test, const int *results, int expected);
int tdxt_enable(void);
u64 tdxt_all_calls(void);
int tdxt_case_init(struct kunit *test);
void tdxt_case_exit(struct kunit *test);

int tdxt_leak_window_open(struct kunit_suite *suite);
void tdxt_no_leaks(struct kunit *test);

/*
 * The last case of a suite: nothing the suite allocated is left behind.
 * The suite needs .suite_init = tdxt_leak_window_open.
 */
#define TDXT_LEAK_CASE	KUNIT_CASE_SLOW(tdxt_no_leaks)
u64 tdxt_call_on(int cpu, u64 fn, struct tdx_module_args *args);
u64 tdxt_seamldr_on(int cpu, u64 fn, struct tdx_module_args *args);
u64 tdxt_on_each_lp(u64 fn, struct tdx_module_args *args);
u64 tdxt_install_on_each_lp(u64 params_pa, u64 *rdx);
void tdxt_sys_init(struct kunit *test);
struct tdxt_tdmrs *tdxt_alloc_tdmrs(struct kunit *test, unsigned int nr);
void tdxt_set_tdmr(struct tdxt_tdmrs *t, unsigned int i, u64 base, u64 size,
		   u64 pamt_base);
void tdxt_two_tdmrs(struct tdxt_tdmrs *t);
u64 tdxt_sys_config(struct tdxt_tdmrs *t, u64 hkid);
u64 tdxt_key_all(void);
void tdxt_make_ready(struct kunit *test);
u64 tdxt_hkid(void);
int tdxt_first_cpu_of_other_pkg(int cpu);
void tdxt_pin(struct kunit *test, int cpu);

#endif /* _X86_VIRT_TDX_TESTS_HELPERS_H */
