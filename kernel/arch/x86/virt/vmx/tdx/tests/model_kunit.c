// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the TDX module model: the module's ordering rules, the
 * validation of TDH.SYS.CONFIG, TDMR initialization, metadata, shutdown
 * and update, and P-SEAMLDR.
 */
#include <kunit/test.h>
#include <linux/memblock.h>
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/topology.h>

#include "helpers.h"

/* How far a model is taken before the call under test. */
enum tdxt_stage {
	/* Started, nothing called. */
	STAGE_FRESH,
	/* TDH.SYS.INIT done, no LP initialized. */
	STAGE_INIT,
	/* TDH.SYS.INIT and LP.INIT on CPU 0 only. */
	STAGE_LP0,
	/* TDH.SYS.INIT and LP.INIT on every CPU. */
	STAGE_LPALL,
	/* TDH.SYS.CONFIG done. */
	STAGE_CONFIG,
	/* TDH.SYS.CONFIG done and CPU 0's package keyed. */
	STAGE_KEY0,
	/* SYS_READY. */
	STAGE_READY,
	/* TDH.SYS.SHUTDOWN done. */
	STAGE_SHUTDOWN,
};

static u64 tdxt_module_hv(void)
{
	struct tdx_model_module mod;

	tdx_model_get_module(&mod);
	return mod.module_hv;
}

static void tdxt_reach(struct kunit *test, enum tdxt_stage stage)
{
	struct tdx_module_args args = {};
	struct tdxt_tdmrs *t;

	if (stage == STAGE_FRESH)
		return;
	if (stage >= STAGE_READY) {
		tdxt_make_ready(test);
		if (stage == STAGE_SHUTDOWN) {
			args.rcx = tdxt_module_hv();
			KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_SHUTDOWN, &args),
					TDX_SUCCESS);
		}
		return;
	}

	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args), TDX_SUCCESS);
	if (stage == STAGE_INIT)
		return;
	if (stage == STAGE_LP0) {
		KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_LP_INIT, &args),
				TDX_SUCCESS);
		return;
	}
	KUNIT_ASSERT_EQ(test, tdxt_on_each_lp(TDH_SYS_LP_INIT, NULL), TDX_SUCCESS);
	if (stage == STAGE_LPALL)
		return;

	t = tdxt_alloc_tdmrs(test, 2);
	tdxt_two_tdmrs(t);
	KUNIT_ASSERT_EQ(test, tdxt_sys_config(t, tdxt_hkid()), TDX_SUCCESS);
	if (stage == STAGE_KEY0)
		KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_KEY_CONFIG, &args),
				TDX_SUCCESS);
}

/* Which registers an ordering case passes. */
enum tdxt_args {
	/* RCX, RDX and R8 as given. */
	ARGS_RAW,
	/* RCX = a valid TDMR address array, RDX and R8 as given. */
	ARGS_TDMRS,
	/* RCX = the current module's handoff version plus the given RCX. */
	ARGS_HV,
};

struct order_case {
	const char *desc;
	enum tdxt_stage stage;
	int cpu;
	u64 fn;
	enum tdxt_args args;
	u64 rcx, rdx, r8;
	u64 status;
};

#define HKID	0x10	/* the default first TDX KeyID */

static const struct order_case order_cases[] = {
	/* LP.INIT before TDH.SYS.INIT is not pending. */
	{ "lp_init_before_init", STAGE_FRESH, 0, TDH_SYS_LP_INIT, ARGS_RAW, 0, 0, 0,
	  TDX_SYS_LP_INIT_NOT_PENDING },
	/* Other leaves need LP.INIT on the calling LP. */
	{ "rd_before_lp_init", STAGE_FRESH, 0, TDH_SYS_RD, ARGS_RAW, 0,
	  MD_FIELD_ID_MAJOR_VERSION, 0, TDX_SYS_LP_INIT_NOT_DONE },
	/* TDH.SYS.INIT takes no attributes. */
	{ "init_attributes", STAGE_FRESH, 0, TDH_SYS_INIT, ARGS_RAW, 1, 0, 0,
	  TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX },
	/* TDMR.INIT needs SYS_READY. */
	{ "tdmr_init_not_ready", STAGE_LPALL, 0, TDH_SYS_TDMR_INIT, ARGS_RAW,
	  SZ_1G, 0, 0, TDX_SYS_NOT_READY },
	/* SHUTDOWN needs SYS_READY. */
	{ "shutdown_not_ready", STAGE_FRESH, 0, TDH_SYS_SHUTDOWN, ARGS_HV, 0, 0, 0,
	  TDX_SYS_NOT_READY },
	/* An unknown leaf before SYS_READY is "not ready". */
	{ "unknown_not_ready", STAGE_FRESH, 0, TDH_PHYMEM_PAGE_RDMD, ARGS_RAW, 0, 0,
	  0, TDX_SYS_NOT_READY },
	/* TDH.SYS.INIT only once. */
	{ "init_twice", STAGE_INIT, 0, TDH_SYS_INIT, ARGS_RAW, 0, 0, 0,
	  TDX_SYS_INIT_NOT_PENDING },
	/* LP.INIT once per LP. */
	{ "lp_init_twice", STAGE_LP0, 0, TDH_SYS_LP_INIT, ARGS_RAW, 0, 0, 0,
	  TDX_SYS_LP_INIT_DONE },
	/* LP.INIT on one LP does not cover another. */
	{ "rd_on_other_lp", STAGE_LP0, 1, TDH_SYS_RD, ARGS_RAW, 0,
	  MD_FIELD_ID_MAJOR_VERSION, 0, TDX_SYS_LP_INIT_NOT_DONE },
	/* CONFIG needs LP.INIT on every LP. */
	{ "config_lps_missing", STAGE_LP0, 0, TDH_SYS_CONFIG, ARGS_TDMRS, 0, 2,
	  HKID, TDX_SYS_CONFIG_NOT_PENDING },
	/* ...and says so before looking at its operands (F4.1). */
	{ "config_state_first", STAGE_LP0, 0, TDH_SYS_CONFIG, ARGS_RAW, 1, 0,
	  0, TDX_SYS_CONFIG_NOT_PENDING },
	/* KEY.CONFIG on an LP without LP.INIT: the global state says (F1.5). */
	{ "key_config_no_lp_init", STAGE_LP0, 1, TDH_SYS_KEY_CONFIG, ARGS_RAW,
	  0, 0, 0, TDX_SYS_KEY_CONFIG_NOT_PENDING },
	/* KEY.CONFIG needs CONFIG. */
	{ "key_config_early", STAGE_LP0, 0, TDH_SYS_KEY_CONFIG, ARGS_RAW, 0, 0, 0,
	  TDX_SYS_KEY_CONFIG_NOT_PENDING },
	/* UPDATE needs LP.INIT on every LP. */
	{ "update_lps_missing", STAGE_LP0, 0, TDH_SYS_UPDATE, ARGS_RAW, 0, 0, 0,
	  TDX_SYS_STATE_INCORRECT },
	/* UPDATE needs handoff data. */
	{ "update_no_handoff", STAGE_LPALL, 0, TDH_SYS_UPDATE, ARGS_RAW, 0, 0, 0,
	  TDX_SYS_INVALID_HANDOFF },
	/* CONFIG takes 1 to 64 TDMRs. */
	{ "config_zero_tdmrs", STAGE_LPALL, 0, TDH_SYS_CONFIG, ARGS_TDMRS, 0, 0,
	  HKID, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX },
	{ "config_65_tdmrs", STAGE_LPALL, 0, TDH_SYS_CONFIG, ARGS_TDMRS, 0, 65,
	  HKID, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX },
	/* The address array is 512-byte aligned. */
	{ "config_array_unaligned", STAGE_LPALL, 0, TDH_SYS_CONFIG, ARGS_RAW,
	  SZ_4K + 8, 2, HKID, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX },
	/* R8 bits above the KeyID are reserved. */
	{ "config_r8_reserved", STAGE_LPALL, 0, TDH_SYS_CONFIG, ARGS_TDMRS, 0, 2,
	  HKID | BIT_ULL(16), TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8 },
	/* An MKTME KeyID is not a private KeyID. */
	{ "config_hkid_mktme", STAGE_LPALL, 0, TDH_SYS_CONFIG, ARGS_TDMRS, 0, 2,
	  HKID - 1, TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8 },
	/* Beyond the last TDX KeyID. */
	{ "config_hkid_too_big", STAGE_LPALL, 0, TDH_SYS_CONFIG, ARGS_TDMRS, 0, 2,
	  64, TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8 },
	/* A TDMR array that is not in RAM is refused, not read. */
	{ "config_array_not_ram", STAGE_LPALL, 0, TDH_SYS_CONFIG, ARGS_RAW,
	  BIT_ULL(45), 2, HKID, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX },
	/* LP.INIT after CONFIG is not pending. */
	{ "lp_init_after_config", STAGE_CONFIG, 0, TDH_SYS_LP_INIT, ARGS_RAW, 0, 0,
	  0, TDX_SYS_LP_INIT_NOT_PENDING },
	/* CONFIG only once. */
	{ "config_twice", STAGE_CONFIG, 0, TDH_SYS_CONFIG, ARGS_TDMRS, 0, 2, HKID,
	  TDX_SYS_CONFIG_NOT_PENDING },
	/* A package is keyed once; the repeat is not an error. */
	{ "key_config_twice", STAGE_KEY0, 0, TDH_SYS_KEY_CONFIG, ARGS_RAW, 0, 0, 0,
	  TDX_KEY_CONFIGURED },
	/* Once every package is keyed, KEY.CONFIG is not pending. */
	{ "key_config_ready", STAGE_READY, 0, TDH_SYS_KEY_CONFIG, ARGS_RAW, 0, 0, 0,
	  TDX_SYS_KEY_CONFIG_NOT_PENDING },
	/* Unknown leaves in SYS_READY. */
	{ "unknown_ready", STAGE_READY, 0, TDH_PHYMEM_PAGE_RDMD, ARGS_RAW, 0, 0, 0,
	  TDX_OPERAND_INVALID },
	/* TDH.SYS leaves have no version 1. */
	{ "rd_version1", STAGE_READY, 0, TDH_SYS_RD | BIT_ULL(16), ARGS_RAW, 0,
	  MD_FIELD_ID_MAJOR_VERSION, 0, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX },
	/* Reserved RAX bits. */
	{ "rd_rax_reserved", STAGE_READY, 0, TDH_SYS_RD | BIT_ULL(24), ARGS_RAW, 0,
	  MD_FIELD_ID_MAJOR_VERSION, 0, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX },
	/* TDMR.INIT takes a 1G-aligned TDMR base. */
	{ "tdmr_init_unaligned", STAGE_READY, 0, TDH_SYS_TDMR_INIT, ARGS_RAW,
	  SZ_1G + SZ_4K, 0, 0, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX },
	/* ... of a configured TDMR. */
	{ "tdmr_init_unknown", STAGE_READY, 0, TDH_SYS_TDMR_INIT, ARGS_RAW,
	  8ULL * SZ_1G, 0, 0, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX },
	/* The handoff version cannot be newer than the module's. */
	{ "shutdown_hv_too_new", STAGE_READY, 0, TDH_SYS_SHUTDOWN, ARGS_HV, 1, 0,
	  0, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX },
	/* ... nor older than MIN_UPDATE_HV. */
	{ "shutdown_hv_too_old", STAGE_READY, 0, TDH_SYS_SHUTDOWN, ARGS_HV, -2, 0,
	  0, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX },
	/* After SHUTDOWN, only LP.SHUTDOWN works. */
	{ "rd_after_shutdown", STAGE_SHUTDOWN, 0, TDH_SYS_RD, ARGS_RAW, 0,
	  MD_FIELD_ID_MAJOR_VERSION, 0, TDX_SYS_SHUTDOWN },
	{ "lp_shutdown_after_shutdown", STAGE_SHUTDOWN, 0, TDH_SYS_LP_SHUTDOWN,
	  ARGS_RAW, 0, 0, 0, TDX_SUCCESS },
};

static void order_case_desc(const struct order_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(order, order_cases, order_case_desc);

static void model_test_order(struct kunit *test)
{
	const struct order_case *c = test->param_value;
	struct tdx_module_args args = {
		.rcx = c->rcx,
		.rdx = c->rdx,
		.r8 = c->r8,
	};
	struct tdxt_tdmrs *t;

	if (c->cpu >= num_online_cpus())
		kunit_skip(test, "needs CPU %d", c->cpu);

	tdxt_start(test, NULL);
	KUNIT_ASSERT_EQ(test, tdxt_hkid(), HKID);
	tdxt_reach(test, c->stage);

	if (c->args == ARGS_TDMRS) {
		t = tdxt_alloc_tdmrs(test, 2);
		tdxt_two_tdmrs(t);
		args.rcx = virt_to_phys(t->pas);
	} else if (c->args == ARGS_HV) {
		args.rcx = tdxt_module_hv() + c->rcx;
	}

	KUNIT_EXPECT_EQ(test, tdxt_call_on(c->cpu, c->fn, &args), c->status);
}

/* Edits of the valid layout of tdxt_two_tdmrs(), one per rule. */
static void edit_none(struct tdmr_info *t)
{
}

static void edit_overflow(struct tdmr_info *t)
{
	t[0].base = -SZ_1G;
	t[0].size = 2ULL * SZ_1G;
}

static void edit_unordered(struct tdmr_info *t)
{
	t[1].base = SZ_1G;
}

static void edit_size_unaligned(struct tdmr_info *t)
{
	t[0].size += SZ_4K;
}

static void edit_base_unaligned(struct tdmr_info *t)
{
	t[1].base += SZ_2M;
}

static void edit_size_zero(struct tdmr_info *t)
{
	t[0].size = 0;
}

static void edit_beyond_pa(struct tdmr_info *t)
{
	/* The module's 52 address bits less 6 KeyID bits (F5 rule 4). */
	t[1].base = BIT_ULL(46) - SZ_1G;
}

/*
 * Above what many CPUs can address, below the module's 52 bits less the
 * KeyID bits: valid, all of it reserved as it is outside the CMRs.
 */
static void edit_high_pa(struct tdmr_info *t)
{
	t[1].base = BIT_ULL(46) - 2ULL * SZ_1G;
	t[1].size = SZ_1G;
	t[1].reserved_areas[0].offset = 0;
	t[1].reserved_areas[0].size = SZ_1G;
}

static void set_rsvd(struct tdmr_info *t, int j, u64 offset, u64 size)
{
	t->reserved_areas[j].offset = offset;
	t->reserved_areas[j].size = size;
}

static void edit_rsvd_gap(struct tdmr_info *t)
{
	set_rsvd(&t[0], 1, SZ_4M, SZ_4M);
}

static void edit_rsvd_descending(struct tdmr_info *t)
{
	set_rsvd(&t[0], 0, 2 * SZ_4M, SZ_4M);
	set_rsvd(&t[0], 1, SZ_4M, SZ_4K);
}

static void edit_rsvd_overlap(struct tdmr_info *t)
{
	set_rsvd(&t[1], 0, SZ_4M, 2 * SZ_4M);
	set_rsvd(&t[1], 1, 2 * SZ_4M, SZ_4M);
}

static void edit_rsvd_touching(struct tdmr_info *t)
{
	set_rsvd(&t[0], 0, SZ_4M, SZ_4M);
	set_rsvd(&t[0], 1, 2 * SZ_4M, SZ_4M);
}

static void edit_rsvd_unaligned(struct tdmr_info *t)
{
	set_rsvd(&t[0], 0, SZ_4M + 8, SZ_4K);
}

static void edit_rsvd_outside(struct tdmr_info *t)
{
	set_rsvd(&t[0], 0, SZ_1G - SZ_4K, 2 * SZ_4K);
}

static void edit_rsvd_overflow(struct tdmr_info *t)
{
	set_rsvd(&t[0], 0, SZ_4K, -SZ_4K);
}

static void edit_pamt_unaligned(struct tdmr_info *t)
{
	t[0].pamt[TDMR_PAMT_4K].base += 8;
}

static void edit_pamt_small(struct tdmr_info *t)
{
	t[0].pamt[TDMR_PAMT_2M].size = SZ_4K;
}

static void edit_pamt_beyond_pa(struct tdmr_info *t)
{
	t[0].pamt[TDMR_PAMT_1G].base = BIT_ULL(46);
}

static void edit_pamt_own(struct tdmr_info *t)
{
	t[0].pamt[TDMR_PAMT_2M].base = t[0].pamt[TDMR_PAMT_1G].base;
}

static void edit_pamt_earlier(struct tdmr_info *t)
{
	t[1].pamt[TDMR_PAMT_4K].base = t[0].pamt[TDMR_PAMT_4K].base;
}

static void edit_pamt_in_tdmr(struct tdmr_info *t)
{
	t[0].pamt[TDMR_PAMT_4K].base = 3ULL * SZ_1G;
}

static void edit_pamt_in_rsvd(struct tdmr_info *t)
{
	t[0].pamt[TDMR_PAMT_4K].base = 3ULL * SZ_1G;
	set_rsvd(&t[1], 0, SZ_1G, t[0].pamt[TDMR_PAMT_4K].size);
}

static void edit_pamt_outside_cmrs(struct tdmr_info *t)
{
	t[0].pamt[TDMR_PAMT_4K].base = TDXT_CMR_END;
}

static void edit_pamt_across_cmrs(struct tdmr_info *t)
{
	/* Adjacent CMRs count as one. */
	t[0].pamt[TDMR_PAMT_4K].base = TDXT_CMR1_BASE - SZ_4K;
}

static void edit_tdmr_outside_cmrs(struct tdmr_info *t)
{
	t[1].base = TDXT_CMR_END;
	t[1].size = SZ_1G;
}

static void edit_tdmr_outside_rsvd(struct tdmr_info *t)
{
	edit_tdmr_outside_cmrs(t);
	set_rsvd(&t[1], 0, 0, SZ_1G);
}

struct tdmr_case {
	const char *desc;
	void (*edit)(struct tdmr_info *t);
	u64 status;
};

#define PT(pt)		((u64)(pt) << 8)
#define RSVD(j)		((u64)(j) << 8)
#define OTHER(j)	((u64)(j) << 16)

static const struct tdmr_case tdmr_cases[] = {
	/* The layout itself is valid. */
	{ "valid", edit_none, TDX_SUCCESS },
	/* 1: base + size wraps. */
	{ "overflow", edit_overflow, TDX_INVALID_TDMR | 0 },
	/* 2: TDMR 1 starts inside TDMR 0. */
	{ "unordered", edit_unordered, TDX_NON_ORDERED_TDMR | 1 },
	/* 3: size, base not 1G aligned, or empty. */
	{ "size_unaligned", edit_size_unaligned, TDX_INVALID_TDMR | 0 },
	{ "base_unaligned", edit_base_unaligned, TDX_INVALID_TDMR | 1 },
	{ "size_zero", edit_size_zero, TDX_INVALID_TDMR | 0 },
	/* 4: beyond the address width left by the KeyID bits. */
	{ "beyond_pa", edit_beyond_pa, TDX_INVALID_TDMR | 1 },
	/* ...which is the module's constant 52 bits, not MAXPHYADDR. */
	{ "high_pa", edit_high_pa, TDX_SUCCESS },
	/* 5: a used entry after an empty one. */
	{ "rsvd_gap", edit_rsvd_gap, TDX_NON_ORDERED_RESERVED_IN_TDMR | 0 | RSVD(1) },
	/* 5: offsets not ascending. */
	{ "rsvd_descending", edit_rsvd_descending,
	  TDX_NON_ORDERED_RESERVED_IN_TDMR | 0 | RSVD(1) },
	/* 5: overlapping the previous area. */
	{ "rsvd_overlap", edit_rsvd_overlap,
	  TDX_NON_ORDERED_RESERVED_IN_TDMR | 1 | RSVD(1) },
	/* 5: touching areas are fine. */
	{ "rsvd_touching", edit_rsvd_touching, TDX_SUCCESS },
	/* 5: not 4K aligned, past the TDMR end, wrapping. */
	{ "rsvd_unaligned", edit_rsvd_unaligned, TDX_INVALID_RESERVED_IN_TDMR | 0 },
	{ "rsvd_outside", edit_rsvd_outside, TDX_INVALID_RESERVED_IN_TDMR | 0 },
	{ "rsvd_overflow", edit_rsvd_overflow, TDX_INVALID_RESERVED_IN_TDMR | 0 },
	/* 6: PAMT-4K not aligned. */
	{ "pamt_unaligned", edit_pamt_unaligned, TDX_INVALID_PAMT | 0 | PT(TDX_PT_4K) },
	/* 6: PAMT-2M too small for the TDMR. */
	{ "pamt_small", edit_pamt_small, TDX_INVALID_PAMT | 0 | PT(TDX_PT_2M) },
	/* 6: PAMT-1G beyond the address width. */
	{ "pamt_beyond_pa", edit_pamt_beyond_pa, TDX_INVALID_PAMT | 0 | PT(TDX_PT_1G) },
	/* 7: two PAMTs of one TDMR overlap. */
	{ "pamt_own_overlap", edit_pamt_own,
	  TDX_PAMT_OVERLAP | 0 | PT(TDX_PT_1G) | OTHER(0) },
	/* 7: a PAMT overlaps one of an earlier TDMR. */
	{ "pamt_earlier_overlap", edit_pamt_earlier,
	  TDX_PAMT_OVERLAP | 1 | PT(TDX_PT_4K) | OTHER(0) },
	/* 8: a PAMT in usable memory of another TDMR. */
	{ "pamt_in_tdmr", edit_pamt_in_tdmr,
	  TDX_PAMT_OVERLAP | 0 | PT(TDX_PT_4K) | OTHER(1) },
	/* 8: ... is fine where that TDMR reserves it. */
	{ "pamt_in_reserved", edit_pamt_in_rsvd, TDX_SUCCESS },
	/* 9: a PAMT outside convertible memory. */
	{ "pamt_outside_cmrs", edit_pamt_outside_cmrs,
	  TDX_PAMT_OUTSIDE_CMRS | 0 | PT(TDX_PT_4K) },
	/* 9: adjacent CMRs merge. */
	{ "pamt_across_cmrs", edit_pamt_across_cmrs, TDX_SUCCESS },
	/* 10: usable TDMR memory outside CMRs. */
	{ "tdmr_outside_cmrs", edit_tdmr_outside_cmrs, TDX_TDMR_OUTSIDE_CMRS | 1 },
	/* 10: ... unless all of it is reserved. */
	{ "tdmr_outside_reserved", edit_tdmr_outside_rsvd, TDX_SUCCESS },
};

static void tdmr_case_desc(const struct tdmr_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tdmr, tdmr_cases, tdmr_case_desc);

/*
 * Each rule returns its status; failures keep the module in SYSINIT_DONE
 * with the KeyID reserved anyway.
 */
static void model_test_tdmr_rules(struct kunit *test)
{
	const struct tdmr_case *c = test->param_value;
	struct tdxt_tdmrs *t;

	tdxt_start(test, NULL);
	tdxt_sys_init(test);
	t = tdxt_alloc_tdmrs(test, 2);
	tdxt_two_tdmrs(t);
	c->edit(t->info);

	KUNIT_EXPECT_EQ(test, tdxt_sys_config(t, tdxt_hkid()), c->status);
	KUNIT_EXPECT_TRUE(test, tdx_model_hkid_reserved(tdxt_hkid()));
	if (c->status == TDX_SUCCESS) {
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSCONFIG_DONE);
		KUNIT_EXPECT_EQ(test, tdx_model_nr_tdmrs(), 2);
	} else {
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_DONE);
		KUNIT_EXPECT_EQ(test, tdx_model_nr_tdmrs(), 0);
	}
}

/* A failed CONFIG can be retried; the TDMRs and PAMT sizes are kept. */
static void model_test_config_retry(struct kunit *test)
{
	struct tdxt_tdmrs *t;
	struct tdx_model_tdmr tdmr;

	tdxt_start(test, NULL);
	tdxt_sys_init(test);
	t = tdxt_alloc_tdmrs(test, 2);
	tdxt_two_tdmrs(t);
	edit_unordered(t->info);
	KUNIT_ASSERT_EQ(test, tdxt_sys_config(t, tdxt_hkid()),
			TDX_NON_ORDERED_TDMR | 1);

	tdxt_two_tdmrs(t);
	KUNIT_ASSERT_EQ(test, tdxt_sys_config(t, tdxt_hkid()), TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, tdx_model_get_tdmr(1, &tdmr), 0);
	KUNIT_EXPECT_EQ(test, tdmr.base, 2ULL * SZ_1G);
	KUNIT_EXPECT_EQ(test, tdmr.size, 2ULL * SZ_1G);
	/* 2G: 8 MiB of PAMT-4K, 16 KiB of PAMT-2M, one page of PAMT-1G. */
	KUNIT_EXPECT_EQ(test, tdmr.pamt_bytes, 8 * SZ_1M + 16 * SZ_1K + SZ_4K);
	KUNIT_EXPECT_EQ(test, tdx_model_get_tdmr(2, &tdmr), -ENOENT);
}

/* The model refuses more TDMRs than MAX_TDMRS says. */
static void model_test_config_max_tdmrs(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct tdxt_tdmrs *t;

	tdxt_config(&cfg);
	cfg.max_tdmrs = 1;
	tdxt_start(test, &cfg);
	tdxt_sys_init(test);
	t = tdxt_alloc_tdmrs(test, 2);
	tdxt_two_tdmrs(t);
	KUNIT_EXPECT_EQ(test, tdxt_sys_config(t, tdxt_hkid()),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);
}

/* TDH.SYS.INIT zeroes RCX, RDX, R8, R9 and R10, not R11 (F2.1). */
static void model_test_init_outputs(struct kunit *test)
{
	struct tdx_module_args args = {
		.rdx = 2, .r8 = 8, .r9 = 9, .r10 = 10, .r11 = 11,
	};

	tdxt_start(test, NULL);
	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, args.rcx | args.rdx | args.r8 | args.r9 |
			      args.r10, 0);
	KUNIT_EXPECT_EQ(test, args.r11, 11);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_DONE);
}

/*
 * Outputs of failing leaves, as the module writes them: TDH.SYS.RD leaves
 * RDX = -1 and R8 = 0 (F8.1), TDH.SYS.TDMR.INIT RDX = 0 (F7.1),
 * TDH.SYS.LP.INIT RCX, RDX and R8 = 0 (F3.1).
 */
static void model_test_error_outputs(struct kunit *test)
{
	struct tdx_module_args args;

	tdxt_start(test, NULL);
	args = (struct tdx_module_args) { .rcx = 1, .rdx = 2, .r8 = 8 };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_LP_INIT, &args),
			TDX_SYS_LP_INIT_NOT_PENDING);
	KUNIT_EXPECT_EQ(test, args.rcx | args.rdx | args.r8, 0);

	tdxt_make_ready(test);
	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_CMR_BASE0 +
						 TDX_MAX_CMRS + 1, .r8 = 8 };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args),
			TDX_METADATA_FIELD_ID_INCORRECT);
	KUNIT_EXPECT_EQ(test, args.rdx, MD_FIELD_ID_NONE);
	KUNIT_EXPECT_EQ(test, args.r8, 0);

	args = (struct tdx_module_args) { .rcx = 5ULL * SZ_1G, .rdx = 2 };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_TDMR_INIT, &args),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, args.rdx, 0);
}

/* The fixed test platform of tdxt_config() with a published release. */
static void model_test_start_release(struct kunit *test, const char *name)
{
	struct tdx_model_config cfg, fixed;

	tdxt_config(&fixed);
	KUNIT_ASSERT_EQ(test, tdx_model_profile_config(&cfg, name), 0);
	fixed.module = cfg.module;
	tdxt_start(test, &fixed);
}

/*
 * The rules that differ between published releases: interface versions
 * (F1.2), RCX bit 16 of TDH.SYS.SHUTDOWN (F9.1, F9.3), which metadata
 * fields exist (F12.2, F12.3).
 */
static void model_test_profiles(struct kunit *test)
{
	static const struct {
		const char *name;
		bool init_v1;
		bool dpamt_field;
	} rel[] = {
		{ "1.5.01", false, false },
		{ "1.5.16", false, false },
		{ "2.0.08", true, true },
	};
	struct tdx_module_args args;
	struct tdxt_tdmrs *t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rel); i++) {
		model_test_start_release(test, rel[i].name);

		args = (struct tdx_module_args) {};
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(0, TDH_SYS_INIT | 2ULL << 16, &args),
				    TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX, "%s", rel[i].name);
		/* F2.3: version 1 takes a diagnostics setup in R8; none here. */
		args = (struct tdx_module_args) { .r8 = 1 };
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(0, TDH_SYS_INIT | 1ULL << 16, &args),
				    TDX_OPERAND_INVALID | (rel[i].init_v1 ?
				    TDX_OPERAND_ID_R8 : TDX_OPERAND_ID_RAX), "%s", rel[i].name);
		args = (struct tdx_module_args) {};
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(0, TDH_SYS_INIT | 1ULL << 16, &args),
				    rel[i].init_v1 ? TDX_SUCCESS :
				    TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX, "%s", rel[i].name);
		if (!rel[i].init_v1)
			KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args),
					TDX_SUCCESS);
		KUNIT_ASSERT_EQ(test, tdxt_on_each_lp(TDH_SYS_LP_INIT, NULL), TDX_SUCCESS);

		args = (struct tdx_module_args) {
			.rdx = MD_FIELD_ID_PAMT_PAGE_BITMAP_ENTRY_BITS };
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(0, TDH_SYS_RD, &args),
				    rel[i].dpamt_field ? TDX_SUCCESS :
				    TDX_METADATA_FIELD_ID_INCORRECT, "%s", rel[i].name);
		args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_EXT_REQUIRED };
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(0, TDH_SYS_RD, &args),
				    TDX_METADATA_FIELD_ID_INCORRECT, "%s", rel[i].name);

		/* None of them takes bit 16; the refusal changes nothing. */
		t = tdxt_alloc_tdmrs(test, 2);
		tdxt_two_tdmrs(t);
		KUNIT_ASSERT_EQ(test, tdxt_sys_config(t, tdxt_hkid()), TDX_SUCCESS);
		KUNIT_ASSERT_EQ(test, tdxt_key_all(), TDX_SUCCESS);
		args = (struct tdx_module_args) {
			.rcx = TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE };
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(0, TDH_SYS_SHUTDOWN, &args),
				    TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX, "%s", rel[i].name);
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
		args = (struct tdx_module_args) {};
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(0, TDH_SYS_SHUTDOWN, &args),
				    TDX_SUCCESS, "%s", rel[i].name);
	}
}

/*
 * F4.2: 1.5.01 reserves the global KeyID before validating the TDMRs and
 * keeps it after a failure; 2.0.16 reserves it only when all checks pass.
 */
static void model_test_config_hkid_late(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct tdxt_tdmrs *t;

	tdxt_config(&cfg);
	cfg.module.hkid_reserved_early = false;
	tdxt_start(test, &cfg);
	tdxt_sys_init(test);
	t = tdxt_alloc_tdmrs(test, 2);
	tdxt_two_tdmrs(t);
	edit_unordered(t->info);
	KUNIT_ASSERT_EQ(test, tdxt_sys_config(t, tdxt_hkid()),
			TDX_NON_ORDERED_TDMR | 1);
	KUNIT_EXPECT_FALSE(test, tdx_model_hkid_reserved(tdxt_hkid()));
	tdxt_two_tdmrs(t);
	KUNIT_ASSERT_EQ(test, tdxt_sys_config(t, tdxt_hkid()), TDX_SUCCESS);
	KUNIT_EXPECT_TRUE(test, tdx_model_hkid_reserved(tdxt_hkid()));
}

/*
 * The model's record of private cache lines (model_private.c): a PAMT in
 * real memory, written privately from TDH.SYS.KEY.CONFIG on, given back
 * without a flush, or with the partial-write erratum without a reset,
 * is a violation; given back properly, it is not.
 */
static void model_test_private(struct kunit *test)
{
	static const struct {
		bool pw_mce, flush, reset, bad;
	} steps[] = {
		{ true, false, false, true },
		{ true, true, false, true },
		{ true, true, true, false },
		/* A reset before the flush does not count. */
		{ true, false, true, true },
		{ false, true, false, false },
	};
	unsigned long nr = tdx_model_pamt_bytes(SZ_1G) >> PAGE_SHIFT;
	struct tdx_model_config cfg;
	struct tdxt_tdmrs *t;
	struct page *pamt;
	unsigned int i;
	u64 dirty;

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		tdxt_config(&cfg);
		cfg.pw_mce_erratum = steps[i].pw_mce;
		tdxt_start(test, &cfg);
		tdxt_sys_init(test);
		pamt = alloc_contig_pages(nr, GFP_KERNEL, numa_mem_id(), NULL);
		KUNIT_ASSERT_NOT_NULL(test, pamt);
		/* A TDMR beyond RAM, inside the CMRs; its PAMT in RAM. */
		t = tdxt_alloc_tdmrs(test, 1);
		tdxt_set_tdmr(t, 0, 8ULL * SZ_1G, SZ_1G, page_to_phys(pamt));
		t->nr = 1;
		KUNIT_ASSERT_EQ(test, tdxt_sys_config(t, tdxt_hkid()), TDX_SUCCESS);
		KUNIT_ASSERT_EQ(test, tdxt_key_all(), TDX_SUCCESS);
		KUNIT_EXPECT_EQ(test, tdx_model_private_bytes(&dirty),
				(u64)nr << PAGE_SHIFT);
		KUNIT_EXPECT_EQ(test, dirty, (u64)nr << PAGE_SHIFT);

		if (steps[i].reset && !steps[i].flush)
			static_call(tdx_seam_clear_private)(page_address(pamt),
							    nr << PAGE_SHIFT);
		if (steps[i].flush)
			static_call(tdx_seam_flush_caches)();
		if (steps[i].reset && steps[i].flush)
			static_call(tdx_seam_clear_private)(page_address(pamt),
							    nr << PAGE_SHIFT);
		free_contig_range(page_to_pfn(pamt), nr);
		/* One for each PAMT level given back too early. */
		KUNIT_EXPECT_EQ_MSG(test, tdx_model_private_violations(),
				    steps[i].bad ? TDMR_PAMT_LEVELS : 0, "step %u", i);
		KUNIT_EXPECT_EQ(test, tdx_model_private_bytes(&dirty), 0);
		/* Done with: a later case must not see these violations. */
		tdx_model_reset();
	}
}

/*
 * SEAMCALL needs VMX operation on the calling CPU: outside it the
 * instruction raises #UD and reaches neither the module nor P-SEAMLDR.
 */
static void model_test_vmx(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);
	struct tdx_module_args args = {};
	u64 calls;

	tdxt_start(test, NULL);
	tdx_model_set_vmx(cpu, false);
	calls = tdx_model_cpu_calls(cpu);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(cpu, TDH_SYS_INIT, &args),
			TDX_SEAMCALL_UD);
	KUNIT_EXPECT_EQ(test, tdxt_seamldr_on(cpu, P_SEAMLDR_INSTALL, &args),
			TDX_SEAMCALL_UD);
	KUNIT_EXPECT_EQ(test, tdx_model_vmx_faults(), 2);
	KUNIT_EXPECT_EQ(test, tdx_model_cpu_calls(cpu), calls);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_PENDING);
	KUNIT_EXPECT_FALSE(test, tdx_model_cpu_in_vmx(cpu));

	tdx_model_set_vmx(cpu, true);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(cpu, TDH_SYS_INIT, &args), TDX_SUCCESS);
}

/*
 * Where the module draws random numbers, RDRAND can come back empty:
 * TDH.SYS.INIT (F2.1), TDH.SYS.LP.INIT in 1.5 but not in 2.0 (F3.1,
 * F3.2), TDH.SYS.KEY.CONFIG's key (F6.1, the package stays unkeyed).
 */
static void model_test_entropy(struct kunit *test)
{
	static const struct {
		const char *name;
		bool lp_init_entropy;
	} rel[] = { { "1.5.16", true }, { "2.0.08", false } };
	struct tdx_module_args args;
	struct tdxt_tdmrs *t;
	unsigned int i;
	u64 status;
	int cpu;

	for (i = 0; i < ARRAY_SIZE(rel); i++) {
		model_test_start_release(test, rel[i].name);

		tdx_model_set_entropy_fail(100);
		args = (struct tdx_module_args) {};
		KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args),
				TDX_RND_NO_ENTROPY);
		tdx_model_set_entropy_fail(0);
		KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args), TDX_SUCCESS);

		tdx_model_set_entropy_fail(100);
		KUNIT_EXPECT_EQ_MSG(test, tdxt_call_on(0, TDH_SYS_LP_INIT, &args),
				    rel[i].lp_init_entropy ? TDX_RND_NO_ENTROPY :
				    TDX_SUCCESS, "%s", rel[i].name);
		tdx_model_set_entropy_fail(0);
		for_each_online_cpu(cpu) {
			if (cpu || rel[i].lp_init_entropy)
				KUNIT_ASSERT_EQ(test, tdxt_call_on(cpu, TDH_SYS_LP_INIT,
								   &args), TDX_SUCCESS);
		}

		t = tdxt_alloc_tdmrs(test, 2);
		tdxt_two_tdmrs(t);
		KUNIT_ASSERT_EQ(test, tdxt_sys_config(t, tdxt_hkid()), TDX_SUCCESS);
		tdx_model_set_entropy_fail(100);
		status = tdxt_call_on(0, TDH_SYS_KEY_CONFIG, &args);
		KUNIT_EXPECT_TRUE(test, status == TDX_KEY_GENERATION_FAILED ||
				  status == (TDX_OPERAND_BUSY | TDX_OPERAND_ID_KET));
		KUNIT_EXPECT_EQ(test, tdx_model_pkgs_keyed(), 0);
		tdx_model_set_entropy_fail(0);
		KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_KEY_CONFIG, &args),
				TDX_SUCCESS);
		KUNIT_EXPECT_EQ(test, tdx_model_pkgs_keyed(), 1);
	}
}

/*
 * TDH.SYS.CONFIG version 1 takes add-on features in R9, only bits the
 * module reports, and R10 = 0 (F4.3); the extension fields become valid
 * with them (F15.3).
 */
static void model_test_addons(struct kunit *test)
{
	struct tdx_module_args args;
	struct tdx_model_config cfg;
	struct tdxt_tdmrs *t;

	/* Version 0: no add-ons, no extension fields. */
	tdxt_start(test, NULL);
	tdxt_make_ready(test);
	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_EXT_REQUIRED };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args),
			TDX_METADATA_FIELD_NOT_READABLE);

	/*
	 * A module that takes 32 reserved areas reads 576 bytes of each
	 * TDMR_INFO (F5.1): 512-byte entries run into the next one's header.
	 */
	tdxt_config(&cfg);
	cfg.max_reserved_per_tdmr = 32;
	tdxt_start(test, &cfg);
	tdxt_sys_init(test);
	t = tdxt_alloc_tdmrs(test, 3);
	tdxt_two_tdmrs(t);
	KUNIT_EXPECT_EQ(test, tdx_status_code(tdxt_sys_config(t, tdxt_hkid())),
			TDX_NON_ORDERED_RESERVED_IN_TDMR);

	tdxt_start(test, NULL);
	tdxt_sys_init(test);
	t = tdxt_alloc_tdmrs(test, 2);
	tdxt_two_tdmrs(t);
	args = (struct tdx_module_args) {
		.rcx = virt_to_phys(t->pas), .rdx = t->nr, .r8 = tdxt_hkid(),
		.r9 = BIT_ULL(62),
	};
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_CONFIG | TDX_LEAF_VERSION(1),
					   &args), TDX_OPERAND_INVALID | TDX_OPERAND_ID_R9);
	args = (struct tdx_module_args) {
		.rcx = virt_to_phys(t->pas), .rdx = t->nr, .r8 = tdxt_hkid(),
		.r9 = TDX_FEATURES0_EXT, .r10 = 1,
	};
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_CONFIG | TDX_LEAF_VERSION(1),
					   &args), TDX_OPERAND_INVALID | TDX_OPERAND_ID_R10);
	args.r10 = 0;
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_CONFIG | TDX_LEAF_VERSION(1),
					   &args), TDX_SUCCESS);
	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_EXT_REQUIRED };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, args.r8, 1);
}

/* An invalid CMR list makes TDH.SYS.INIT fail. */
static void model_test_cmrs_invalid(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct tdx_module_args args = {};

	tdxt_config(&cfg);
	swap(cfg.cmrs[0], cfg.cmrs[1]);
	tdxt_start(test, &cfg);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args),
			TDX_CMR_LIST_INVALID);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_PENDING);
}

/*
 * Microcode too old for the module: TDH.SYS.INIT refuses an LP whose
 * SEAMOPS lacks the SEAMDB leaves (F2.1); with TDH.SYS.INIT done on
 * another LP, TDH.SYS.LP.INIT refuses an LP whose SEAM capabilities
 * differ from that LP's, outputs zeroed, and leaves it uninitialized
 * (F3.1).
 */
static void model_test_seam_caps(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);
	struct tdx_module_args args = {};

	KUNIT_ASSERT_GT(test, cpu, 0);
	tdxt_start(test, NULL);
	tdx_model_set_old_microcode(TDX_MODEL_ANY_CPU, true);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args),
			TDX_INCOMPATIBLE_SEAM_CAPABILITIES);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_PENDING);

	tdx_model_set_old_microcode(0, false);
	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_LP_INIT, &args),
			TDX_SUCCESS);
	args = (struct tdx_module_args) { .rcx = 1, .rdx = 2, .r8 = 8 };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(cpu, TDH_SYS_LP_INIT, &args),
			TDX_INCOMPATIBLE_SEAM_CAPABILITIES);
	KUNIT_EXPECT_EQ(test, args.rcx | args.rdx | args.r8, 0);
	KUNIT_EXPECT_FALSE(test, tdx_model_lp_initialized(cpu));

	/* New microcode on the LP lets it through. */
	tdx_model_set_old_microcode(cpu, false);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(cpu, TDH_SYS_LP_INIT, &args),
			TDX_SUCCESS);
	KUNIT_EXPECT_TRUE(test, tdx_model_lp_initialized(cpu));
}

/*
 * Without configured CMRs, the firmware's RAM is convertible: the
 * kernel's memory, and the holes the memmap= carve-outs of the test
 * kernel make in it.
 */
static void model_test_cmrs_firmware(struct kunit *test)
{
	struct tdx_model_config cfg;
	struct tdx_module_args args;
	bool found = false, hole_found = false;
	unsigned long start_pfn, end_pfn;
	u64 prev_end = 0, hole = 0;
	unsigned int nr = 0;
	u64 pa, base, size;
	void *obj;
	int i;

	/* A hole memmap= made in memblock memory below 2 GiB. */
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, NULL) {
		if (prev_end > SZ_1M && PFN_PHYS(start_pfn) > prev_end &&
		    PFN_PHYS(start_pfn) < SZ_2G) {
			hole = prev_end;
			break;
		}
		prev_end = PFN_PHYS(end_pfn);
	}
	KUNIT_ASSERT_NE_MSG(test, hole, 0,
			    "the test kernel must boot with a fragmented memmap=");

	/* Slab memory is in the direct map, unlike this thread's stack. */
	obj = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	pa = virt_to_phys(obj);

	tdxt_config(&cfg);
	cfg.nr_cmrs = 0;
	tdxt_start(test, &cfg);
	tdxt_sys_init(test);

	for (i = 0; i < TDX_MAX_CMRS; i++) {
		args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_CMR_BASE0 + i };
		KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args), TDX_SUCCESS);
		base = args.r8;
		args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_CMR_SIZE0 + i };
		KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args), TDX_SUCCESS);
		size = args.r8;
		KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(base) && PAGE_ALIGNED(size));
		if (pa >= base && pa < base + size)
			found = true;
		if (hole >= base && hole < base + size)
			hole_found = true;
		nr += !!size;
	}
	KUNIT_EXPECT_TRUE(test, found);
	KUNIT_EXPECT_TRUE(test, hole_found);
	/* QEMU's firmware reports RAM below 640 KiB and from 1 MiB on. */
	KUNIT_EXPECT_LE(test, nr, 3);
}

/* One KEY.CONFIG per package; SYS_READY once all packages are keyed. */
static void model_test_key_config(struct kunit *test)
{
	struct tdx_module_args args = {};
	int other = tdxt_first_cpu_of_other_pkg(0);
	int sibling;

	if (other < 0)
		kunit_skip(test, "needs two packages");

	tdxt_start(test, NULL);
	tdxt_reach(test, STAGE_CONFIG);

	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_KEY_CONFIG, &args),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_model_pkgs_keyed(), 1);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSCONFIG_DONE);

	/* Another LP of the same package finds the key configured. */
	sibling = cpumask_next(0, topology_core_cpumask(0));
	if (sibling < nr_cpu_ids)
		KUNIT_EXPECT_EQ(test, tdxt_call_on(sibling, TDH_SYS_KEY_CONFIG, &args),
				TDX_KEY_CONFIGURED);

	KUNIT_EXPECT_EQ(test, tdxt_call_on(other, TDH_SYS_KEY_CONFIG, &args),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_model_pkgs_keyed(), 2);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
}

/*
 * TDMR.INIT works in 4 MiB chunks and reports the next address rounded
 * down to 1 GiB, then the end; a finished TDMR reports 0.
 */
static void model_test_tdmr_init_chunks(struct kunit *test)
{
	const u64 base = 2ULL * SZ_1G, size = 2ULL * SZ_1G;
	const u64 chunk = TDX_MODEL_TDMR_INIT_CHUNK * SZ_4K;
	struct tdx_module_args args;
	struct tdx_model_tdmr tdmr;
	u64 calls, status;

	tdxt_start(test, NULL);
	tdxt_make_ready(test);

	for (calls = 1; calls <= size / chunk; calls++) {
		args = (struct tdx_module_args) { .rcx = base };
		status = seamcall_ret(TDH_SYS_TDMR_INIT, &args);
		KUNIT_ASSERT_EQ(test, status, TDX_SUCCESS);
		if (calls < size / chunk)
			KUNIT_ASSERT_EQ(test, args.rdx,
					round_down(base + calls * chunk, SZ_1G));
		else
			KUNIT_ASSERT_EQ(test, args.rdx, base + size);
		KUNIT_ASSERT_EQ(test, tdx_model_get_tdmr(1, &tdmr), 0);
		KUNIT_ASSERT_EQ(test, tdmr.init_end, base + calls * chunk);
	}

	args = (struct tdx_module_args) { .rcx = base, .rdx = 1 };
	KUNIT_EXPECT_EQ(test, seamcall_ret(TDH_SYS_TDMR_INIT, &args),
			TDX_TDMR_ALREADY_INITIALIZED);
	KUNIT_EXPECT_EQ(test, args.rdx, 0);
	KUNIT_EXPECT_EQ(test, tdx_status_to_errno(TDX_TDMR_ALREADY_INITIALIZED), 0);

	/* TDMR 0 was not touched. */
	KUNIT_ASSERT_EQ(test, tdx_model_get_tdmr(0, &tdmr), 0);
	KUNIT_EXPECT_EQ(test, tdmr.init_end, tdmr.base);
}

/* TDMR.INIT of TDMR 1 until done; the calls it took. */
static u64 tdxt_init_tdmr1(struct kunit *test)
{
	struct tdx_module_args args;
	u64 calls = 0, status;

	do {
		args = (struct tdx_module_args) { .rcx = 2ULL * SZ_1G };
		status = seamcall_ret(TDH_SYS_TDMR_INIT, &args);
		calls++;
	} while ((status == TDX_SUCCESS && args.rdx < 4ULL * SZ_1G) ||
		 status == TDX_INTERRUPTED_RESUMABLE);
	KUNIT_EXPECT_EQ(test, status, TDX_SUCCESS);
	return calls;
}

/*
 * An interrupted TDMR.INIT does no chunk and keeps the TDMR's progress;
 * random interruptions repeat with their seed.
 */
static void model_test_tdmr_init_interrupted(struct kunit *test)
{
	const u64 chunks = 2ULL * SZ_1G / (TDX_MODEL_TDMR_INIT_CHUNK * SZ_4K);
	struct tdx_module_args args;
	struct tdx_model_tdmr tdmr;
	u64 calls;

	tdxt_start(test, NULL);
	tdxt_make_ready(test);
	KUNIT_EXPECT_EQ(test, tdx_model_interrupt(TDH_SYS_TDMR_INIT, 0, 1, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tdx_model_interrupt(TDH_SYS_TDMR_INIT, 1, 0, 0),
			-EINVAL);

	KUNIT_ASSERT_EQ(test, tdx_model_interrupt(TDH_SYS_TDMR_INIT, 2, 3, 0), 0);
	args = (struct tdx_module_args) { .rcx = 2ULL * SZ_1G };
	KUNIT_EXPECT_EQ(test, seamcall_ret(TDH_SYS_TDMR_INIT, &args), TDX_SUCCESS);
	args = (struct tdx_module_args) { .rcx = 2ULL * SZ_1G };
	KUNIT_EXPECT_EQ(test, seamcall_ret(TDH_SYS_TDMR_INIT, &args),
			TDX_INTERRUPTED_RESUMABLE);
	KUNIT_EXPECT_EQ(test, args.rdx, 2ULL * SZ_1G);
	KUNIT_ASSERT_EQ(test, tdx_model_get_tdmr(1, &tdmr), 0);
	KUNIT_EXPECT_EQ(test, tdmr.init_end,
			tdmr.base + TDX_MODEL_TDMR_INIT_CHUNK * SZ_4K);
	/* Two more interruptions, then the remaining chunks. */
	KUNIT_EXPECT_EQ(test, tdxt_init_tdmr1(test), 2 + chunks - 1);

	tdx_model_reset();
	tdxt_make_ready(test);
	tdx_model_interrupt_random(42, 50);
	calls = tdxt_init_tdmr1(test);
	KUNIT_EXPECT_GT(test, calls, chunks);
	tdx_model_reset();
	tdxt_make_ready(test);
	tdx_model_interrupt_random(42, 50);
	KUNIT_EXPECT_EQ(test, tdxt_init_tdmr1(test), calls);
	tdx_model_interrupt_random(0, 0);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
}

/* How long a test waits for a call it started on another CPU. */
#define TDXT_INSIDE_TIMEOUT	(10 * HZ)

struct tdxt_async {
	u64 fn;
	struct tdx_module_args args;
	u64 status;
};

static void tdxt_async_call(void *data)
{
	struct tdxt_async *a = data;

	a->status = seamcall_ret(a->fn, &a->args);
}

static void tdxt_nop(void *unused)
{
}

/* IPIs to one CPU run in order: this returns after the slow call. */
static void tdxt_wait_slow_call(int cpu)
{
	smp_call_function_single(cpu, tdxt_nop, NULL, true);
}

/*
 * Start a call that stays in the model until tdxt_finish_slow_call(), on
 * a CPU other than this one and CPU 0; return that CPU once the call is
 * inside the model.
 */
static int tdxt_start_slow_call(struct kunit *test, struct tdxt_async *a,
				call_single_data_t *csd)
{
	unsigned long timeout = jiffies + TDXT_INSIDE_TIMEOUT;
	bool inside = false;
	int cpu;

	tdx_model_hold(a->fn);
	migrate_disable();
	for_each_online_cpu(cpu) {
		if (cpu && cpu != smp_processor_id())
			break;
	}
	INIT_CSD(csd, tdxt_async_call, a);
	if (cpu < nr_cpu_ids)
		smp_call_function_single_async(cpu, csd);
	migrate_enable();

	KUNIT_ASSERT_LT(test, cpu, nr_cpu_ids);
	while (!inside && time_before(jiffies, timeout)) {
		usleep_range(100, 200);
		inside = tdx_model_cpu_inside(cpu);
	}
	/* Never leave with the IPI still using the caller's stack. */
	if (!inside) {
		tdx_model_release();
		tdxt_wait_slow_call(cpu);
	}
	KUNIT_ASSERT_TRUE(test, inside);
	return cpu;
}

static void tdxt_finish_slow_call(int cpu)
{
	tdx_model_release();
	tdxt_wait_slow_call(cpu);
}

/* Two LPs on one TDMR: the second gets OPERAND_BUSY. */
static void model_test_tdmr_init_busy(struct kunit *test)
{
	struct tdxt_async a = { .fn = TDH_SYS_TDMR_INIT, .args.rcx = SZ_1G };
	struct tdx_module_args args;
	call_single_data_t csd;
	int cpu;

	if (num_online_cpus() < 3)
		kunit_skip(test, "needs three CPUs");

	tdxt_start(test, NULL);
	tdxt_make_ready(test);
	cpu = tdxt_start_slow_call(test, &a, &csd);

	args = (struct tdx_module_args) { .rcx = SZ_1G };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_TDMR_INIT, &args),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX);
	/* Another TDMR is free. */
	args = (struct tdx_module_args) { .rcx = 2ULL * SZ_1G };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_TDMR_INIT, &args),
			TDX_SUCCESS);

	tdxt_finish_slow_call(cpu);
	KUNIT_EXPECT_EQ(test, a.status, TDX_SUCCESS);
}

/* The module's global lock: exclusive leaves fail with SYS_BUSY. */
static void model_test_sys_busy(struct kunit *test)
{
	struct tdxt_async a = { .fn = TDH_SYS_LP_INIT };
	struct tdx_module_args args = {};
	call_single_data_t csd;
	int cpu;

	if (num_online_cpus() < 3)
		kunit_skip(test, "needs three CPUs");

	tdxt_start(test, NULL);
	tdxt_reach(test, STAGE_LP0);
	cpu = tdxt_start_slow_call(test, &a, &csd);

	/* LP.INIT holds the lock shared: INIT cannot take it exclusively. */
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args), TDX_SYS_BUSY);
	/* A busy failure changes nothing. */
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_DONE);

	tdxt_finish_slow_call(cpu);
	KUNIT_EXPECT_EQ(test, a.status, TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args),
			TDX_SYS_INIT_NOT_PENDING);
}

/* SHUTDOWN while another LP is inside the module fails, state kept. */
static void model_test_shutdown_busy(struct kunit *test)
{
	struct tdxt_async a = {
		.fn = TDH_SYS_RD,
		.args.rdx = MD_FIELD_ID_MAJOR_VERSION,
	};
	struct tdx_module_args args = {};
	call_single_data_t csd;
	int cpu;

	if (num_online_cpus() < 3)
		kunit_skip(test, "needs three CPUs");

	tdxt_start(test, NULL);
	tdxt_make_ready(test);
	cpu = tdxt_start_slow_call(test, &a, &csd);

	args.rcx = tdxt_module_hv();
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_SHUTDOWN, &args),
			TDX_SYS_BUSY);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);

	tdxt_finish_slow_call(cpu);
	args.rcx = tdxt_module_hv();
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_SHUTDOWN, &args),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_SHUTDOWN);
}

static u64 tdxt_rd(struct kunit *test, u64 field, u64 *next)
{
	struct tdx_module_args args = { .rdx = field };
	u64 status = tdxt_call_on(0, TDH_SYS_RD, &args);

	KUNIT_EXPECT_EQ_MSG(test, status, TDX_SUCCESS, "field 0x%llx", field);
	if (next)
		*next = args.rdx;
	return args.r8;
}

/* TDH.SYS.RD reports the configuration, field by field. */
static void model_test_sys_rd_values(struct kunit *test)
{
	struct tdx_model_config cfg;
	const struct tdx_model_module *m = &cfg.module;
	int i;

	tdxt_config(&cfg);
	cfg.module.update = 9;
	cfg.module.no_downgrade = true;
	cfg.num_pkgs = 3;
	cfg.max_tdmrs = 32;
	cfg.module.ext_required = true;
	cfg.module.ext_pool_pages = 123;
	tdxt_start(test, &cfg);
	tdxt_sys_init(test);

	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_NUM_PKGS, NULL), 3);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_MAJOR_VERSION, NULL), m->major);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_MINOR_VERSION, NULL), m->minor);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_UPDATE_VERSION, NULL), 9);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_BUILD_DATE, NULL),
			m->build_date);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_BUILD_NUM, NULL),
			m->build_num);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_TDX_FEATURES0, NULL),
			m->features0);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_NUM_CMRS, NULL),
			TDX_MAX_CMRS);
	for (i = 0; i < TDX_MAX_CMRS; i++) {
		KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_CMR_BASE0 + i, NULL),
				cfg.cmrs[i].base);
		KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_CMR_SIZE0 + i, NULL),
				cfg.cmrs[i].size);
	}
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_MAX_TDMRS, NULL), 32);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_MAX_RESERVED_PER_TDMR, NULL),
			cfg.max_reserved_per_tdmr);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_PAMT_4K_ENTRY_SIZE, NULL),
			cfg.pamt_entry_size);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_PAMT_2M_ENTRY_SIZE, NULL),
			cfg.pamt_entry_size);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_PAMT_1G_ENTRY_SIZE, NULL),
			cfg.pamt_entry_size);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_MODULE_HV, NULL),
			m->module_hv);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_MIN_UPDATE_HV, NULL),
			m->min_update_hv);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_NO_DOWNGRADE, NULL), 1);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, MD_FIELD_ID_NUM_HANDOFF_PAGES, NULL),
			m->num_handoff_pages);
}

/* Field lookup, next-field chaining and the error statuses. */
static void model_test_sys_rd_ids(struct kunit *test)
{
	struct tdx_module_args args;
	u64 next, id, major;
	struct tdxt_tdmrs *t;
	int fields = 0;

	tdxt_start(test, NULL);
	tdxt_sys_init(test);

	/*
	 * Extension fields mean something only after CONFIG version 1
	 * enabled add-on features (F12.3, F15.3).
	 */
	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_EXT_REQUIRED };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args),
			TDX_METADATA_FIELD_NOT_READABLE);
	t = tdxt_alloc_tdmrs(test, 2);
	tdxt_two_tdmrs(t);
	args = (struct tdx_module_args) {
		.rcx = virt_to_phys(t->pas), .rdx = t->nr, .r8 = tdxt_hkid(),
		.r9 = TDX_FEATURES0_EXT,
	};
	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_CONFIG | TDX_LEAF_VERSION(1),
					   &args), TDX_SUCCESS);

	/* The element size and bit 63 do not take part in the lookup. */
	major = tdxt_rd(test, MD_FIELD_ID_MAJOR_VERSION, NULL);
	KUNIT_EXPECT_EQ(test, tdxt_rd(test, (MD_FIELD_ID_MAJOR_VERSION &
					    ~MD_FIELD_ID_ELEM_SIZE_MASK) |
					   MD_FIELD_ID_NON_ARCH, NULL), major);

	/* Array elements chain to the next element, then the next field. */
	tdxt_rd(test, MD_FIELD_ID_CMR_BASE0 + 5, &next);
	KUNIT_EXPECT_EQ(test, next, MD_FIELD_ID_CMR_BASE0 + 6);
	tdxt_rd(test, MD_FIELD_ID_CMR_BASE0 + TDX_MAX_CMRS - 1, &next);
	KUNIT_EXPECT_EQ(test, next, MD_FIELD_ID_CMR_SIZE0);

	/*
	 * Walking the chain visits every field this module has once and
	 * ends with -1; without dynamic PAMT, its field is not there
	 * (F12.2).
	 */
	for (id = MD_FIELD_ID_NUM_PKGS; id != MD_FIELD_ID_NONE && fields < 200;
	     fields++) {
		args = (struct tdx_module_args) { .rdx = id };
		tdxt_call_on(0, TDH_SYS_RD, &args);
		id = args.rdx;
	}
	KUNIT_EXPECT_EQ(test, fields, 19 + 2 * TDX_MAX_CMRS);

	args = (struct tdx_module_args) { .rdx = 0x0000000300001234ULL };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args),
			TDX_METADATA_FIELD_ID_INCORRECT);
	args = (struct tdx_module_args) {
		.rdx = MD_FIELD_ID_CMR_BASE0 + TDX_MAX_CMRS + 1,
	};
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args),
			TDX_METADATA_FIELD_ID_INCORRECT);
}

/* @compat_rcx: the module's version parses RCX bit 16 (F9.2, F9.3). */
struct shutdown_case {
	const char *desc;
	bool compat_rcx;
	bool no_downgrade;
	bool sensitive;
	s64 hv_delta;
	u64 flags;
	u64 status;
};

static const struct shutdown_case shutdown_cases[] = {
	/* The current handoff version. */
	{ "current", true, false, false, 0, 0, TDX_SUCCESS },
	/* An older one the module can still write. */
	{ "older", true, false, false, -1, 0, TDX_SUCCESS },
	/* ... unless downgrades are refused. */
	{ "no_downgrade", true, true, false, -1, 0,
	  TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX },
	/* Avoid-compat-sensitive with nothing in progress. */
	{ "avoid_idle", true, false, false, 0,
	  TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE, TDX_SUCCESS },
	/* Avoid-compat-sensitive while a TD build runs. */
	{ "avoid_busy", true, false, true, 0,
	  TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE, TDX_UPDATE_COMPAT_SENSITIVE },
	/* Without the flag the sensitive operation does not matter. */
	{ "no_avoid_busy", true, false, true, 0, 0, TDX_SUCCESS },
	/* Older versions compare the whole register (F9.1, F9.3). */
	{ "whole_rcx", false, false, false, 0,
	  TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE,
	  TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX },
};

static void shutdown_case_desc(const struct shutdown_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(shutdown, shutdown_cases, shutdown_case_desc);

static void model_test_shutdown(struct kunit *test)
{
	const struct shutdown_case *c = test->param_value;
	struct tdx_model_config cfg;
	struct tdx_module_args args = {};

	tdxt_config(&cfg);
	cfg.module.shutdown_compat = c->compat_rcx;
	/* No published module sets bit 47, which says nothing about it (F9.4). */
	cfg.module.no_downgrade = c->no_downgrade;
	tdxt_start(test, &cfg);
	tdxt_make_ready(test);
	tdx_model_set_compat_sensitive(c->sensitive);

	args.rcx = (cfg.module.module_hv + c->hv_delta) | c->flags;
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_SHUTDOWN, &args), c->status);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(),
			c->status ? TDX_MODEL_SYS_READY : TDX_MODEL_SYS_SHUTDOWN);
}

/* A module image built for the model, see model.h, in separate pages. */
struct tdxt_image {
	struct seamldr_params *params;
	struct seam_sigstruct *sig;
	void *pages[2];
};

static struct tdx_model_module_header *tdxt_image_module(struct tdxt_image *img)
{
	return img->pages[0];
}

/* Sign @img again after an edit, so that only the edit is wrong. */
static void tdxt_resign(struct kunit *test, struct tdxt_image *img)
{
	KUNIT_ASSERT_EQ(test, tdx_model_sign(img->sig, img->pages,
					     ARRAY_SIZE(img->pages)), 0);
}

static struct tdxt_image *tdxt_build_image(struct kunit *test, u16 minor,
					   int svn_minor_delta)
{
	struct tdx_model_module_header *mh;
	struct tdxt_image *img;
	int i;

	img = kunit_kzalloc(test, sizeof(*img), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img);
	img->params = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	img->sig = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img->params);
	KUNIT_ASSERT_NOT_NULL(test, img->sig);
	for (i = 0; i < ARRAY_SIZE(img->pages); i++) {
		img->pages[i] = kunit_kmalloc(test, SZ_4K, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, img->pages[i]);
		memset(img->pages[i], 0x11 * (i + 1), SZ_4K);
		img->params->module_pages_pa[i] = virt_to_phys(img->pages[i]);
	}

	mh = tdxt_image_module(img);
	mh->magic = TDX_MODEL_MODULE_MAGIC;
	tdx_model_get_module(&mh->module);
	mh->module.minor = minor;
	mh->module.svn_minor += svn_minor_delta;
	tdx_model_fill_sigstruct(img->sig, &mh->module);
	tdxt_resign(test, img);

	img->params->version = SEAMLDR_PARAMS_VERSION;
	img->params->scenario = SEAMLDR_SCENARIO_UPDATE;
	img->params->sigstruct_pa = virt_to_phys(img->sig);
	img->params->num_module_pages = ARRAY_SIZE(img->pages);
	return img;
}

/* SEAMLDR.INSTALL on every CPU in turn; returns the last CPU's status. */
static u64 tdxt_install(struct tdxt_image *img, u64 *rdx)
{
	return tdxt_install_on_each_lp(virt_to_phys(img->params), rdx);
}

static unsigned int tdxt_nr_pkgs(void)
{
	unsigned long pkgs = 0;
	int cpu;

	for_each_online_cpu(cpu)
		__set_bit(topology_physical_package_id(cpu), &pkgs);
	return hweight_long(pkgs);
}

/* Ready, then shut down for an update. */
static void tdxt_shutdown(struct kunit *test)
{
	struct tdx_module_args args = {};

	tdxt_make_ready(test);
	args.rcx = tdxt_module_hv();
	KUNIT_ASSERT_EQ(test, tdxt_call_on(0, TDH_SYS_SHUTDOWN, &args),
			TDX_SUCCESS);
}

/* The whole runtime update: SHUTDOWN, INSTALL, INIT, LP.INIT, UPDATE. */
static void model_test_update(struct kunit *test)
{
	struct tdx_module_args args = {};
	struct tdx_model_module mod;
	struct tdx_model_tdmr tdmr;
	struct tdxt_image *img;
	u32 remaining;
	u64 rdx;

	tdxt_start(test, NULL);
	tdxt_shutdown(test);
	remaining = tdx_model_remaining_updates();
	img = tdxt_build_image(test, 7, 1);

	KUNIT_ASSERT_EQ(test, tdxt_install(img, &rdx), SEAMLDR_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_model_remaining_updates(), remaining - 1);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_PENDING);
	tdx_model_get_module(&mod);
	KUNIT_EXPECT_EQ(test, mod.minor, 7);

	tdxt_sys_init(test);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_UPDATE, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	KUNIT_EXPECT_EQ(test, tdx_model_pkgs_keyed(), tdxt_nr_pkgs());
	KUNIT_EXPECT_EQ(test, tdx_model_nr_tdmrs(), 2);
	KUNIT_ASSERT_EQ(test, tdx_model_get_tdmr(1, &tdmr), 0);
	KUNIT_EXPECT_EQ(test, tdmr.init_end, tdmr.base + tdmr.size);
	/* The new module reports its own version. */
	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MINOR_VERSION };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, args.r8, 7);
}

/* Handoff versions in both the module and its sigstruct. */
static void tdxt_set_hv(struct kunit *test, struct tdxt_image *img,
			u16 min_update_hv, u16 module_hv)
{
	struct tdx_model_module *mod = &tdxt_image_module(img)->module;

	mod->min_update_hv = min_update_hv;
	mod->module_hv = module_hv;
	img->sig->min_update_hv = min_update_hv;
	img->sig->module_hv = module_hv;
	tdxt_resign(test, img);
}

/* TDH.SYS.UPDATE refuses handoff data the new module cannot read. */
static void model_test_update_bad_handoff(struct kunit *test)
{
	struct tdx_module_args args = {};
	struct tdxt_image *img;
	u16 hv = tdxt_module_hv();
	u64 rdx;

	tdxt_start(test, NULL);
	tdxt_shutdown(test);
	img = tdxt_build_image(test, 7, 0);
	/* A fresh load skips P-SEAMLDR's handoff check. */
	img->params->scenario = SEAMLDR_SCENARIO_LOAD;
	tdxt_set_hv(test, img, hv + 1, hv + 2);
	KUNIT_ASSERT_EQ(test, tdxt_install(img, &rdx), SEAMLDR_SUCCESS);

	tdxt_sys_init(test);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_UPDATE, &args),
			TDX_SYS_INVALID_HANDOFF);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_DONE);
}

/*
 * P-SEAMLDR writes the sigstruct's handoff fields to the new module's
 * system information; a module whose own differ refuses TDH.SYS.INIT
 * (F2.1, F13.5).
 */
static void model_test_update_sigstruct_mismatch(struct kunit *test)
{
	struct tdx_module_args args = {};
	struct tdxt_image *img;
	u64 rdx;

	tdxt_start(test, NULL);
	tdxt_shutdown(test);
	img = tdxt_build_image(test, 7, 0);
	img->sig->num_handoff_pages++;
	tdxt_resign(test, img);
	KUNIT_ASSERT_EQ(test, tdxt_install(img, &rdx), SEAMLDR_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args),
			TDX_SYS_INCOMPATIBLE_SIGSTRUCT);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYSINIT_PENDING);
}

/* Edits of a good image and its install parameters. */
static void img_none(struct kunit *test, struct tdxt_image *img)
{
}

static void img_version(struct kunit *test, struct tdxt_image *img)
{
	img->params->version = 1;
}

static void img_scenario(struct kunit *test, struct tdxt_image *img)
{
	img->params->scenario = 2;
}

static void img_reserved(struct kunit *test, struct tdxt_image *img)
{
	img->params->reserved[7] = 1;
}

static void img_no_pages(struct kunit *test, struct tdxt_image *img)
{
	img->params->num_module_pages = 0;
}

static void img_many_pages(struct kunit *test, struct tdxt_image *img)
{
	img->params->num_module_pages = SEAMLDR_MAX_MODULE_PAGES + 1;
}

static void img_page_unaligned(struct kunit *test, struct tdxt_image *img)
{
	img->params->module_pages_pa[1] += 8;
}

static void img_sig_not_ram(struct kunit *test, struct tdxt_image *img)
{
	img->params->sigstruct_pa = BIT_ULL(45);
}

/* Sigstruct fields, each signed again: only the field is wrong (F13.6). */
static void img_header_type(struct kunit *test, struct tdxt_image *img)
{
	img->sig->header_type++;
	tdxt_resign(test, img);
}

static void img_vendor(struct kunit *test, struct tdxt_image *img)
{
	img->sig->module_vendor = 0x1022;
	tdxt_resign(test, img);
}

static void img_module_type(struct kunit *test, struct tdxt_image *img)
{
	img->sig->module_type |= BIT(3);
	tdxt_resign(test, img);
}

static void img_attributes(struct kunit *test, struct tdxt_image *img)
{
	img->sig->attributes = 1;
	tdxt_resign(test, img);
}

static void img_reserved3(struct kunit *test, struct tdxt_image *img)
{
	img->sig->reserved3[5] = 1;
	tdxt_resign(test, img);
}

static void img_exponent(struct kunit *test, struct tdxt_image *img)
{
	img->sig->exponent = 3;
	tdxt_resign(test, img);
}

static void img_cpuid_size(struct kunit *test, struct tdxt_image *img)
{
	img->sig->cpuid_table_size = SEAM_SIGSTRUCT_MAX_CPUIDS + 1;
	tdxt_resign(test, img);
}

static void img_hv_order(struct kunit *test, struct tdxt_image *img)
{
	img->sig->min_update_hv = img->sig->module_hv + 1;
	tdxt_resign(test, img);
}

static void img_gdt_unaligned(struct kunit *test, struct tdxt_image *img)
{
	img->sig->gdt_idt_offset = 8;
	img->sig->fault_wrapper_offset = 8;
	tdxt_resign(test, img);
}

static void img_gdt_alone(struct kunit *test, struct tdxt_image *img)
{
	img->sig->gdt_idt_offset = SZ_4K;
	tdxt_resign(test, img);
}

static void img_gdt_beyond(struct kunit *test, struct tdxt_image *img)
{
	img->sig->gdt_idt_offset = 2 * SZ_4K;
	img->sig->fault_wrapper_offset = 16;
	tdxt_resign(test, img);
}

/* Not the key P-SEAMLDR trusts; signing again would restore it. */
static void img_other_key(struct kunit *test, struct tdxt_image *img)
{
	img->sig->modulus[17] ^= 0x40;
}

static void img_debug(struct kunit *test, struct tdxt_image *img)
{
	img->sig->module_type |= SEAM_SIGSTRUCT_TYPE_DEBUG;
	tdxt_resign(test, img);
}

static void img_debug_no_cpuid(struct kunit *test, struct tdxt_image *img)
{
	img->sig->module_type |= SEAM_SIGSTRUCT_TYPE_DEBUG;
	img->sig->cpuid_table_size = 0;
	tdxt_resign(test, img);
}

static void img_no_cpuid(struct kunit *test, struct tdxt_image *img)
{
	img->sig->cpuid_table_size = 0;
	tdxt_resign(test, img);
}

/* A table naming only another CPU: the family field changed. */
static void img_other_cpu(struct kunit *test, struct tdxt_image *img)
{
	img->sig->cpuid_table[0] ^= 0x100;
	img->sig->cpuid_table_size = 1;
	tdxt_resign(test, img);
}

/* The stepping does not count. */
static void img_other_stepping(struct kunit *test, struct tdxt_image *img)
{
	img->sig->cpuid_table[0] ^= 0x5;
	img->sig->cpuid_table_size = 1;
	tdxt_resign(test, img);
}

static void img_bad_sig(struct kunit *test, struct tdxt_image *img)
{
	img->sig->signature[0] ^= 1;
}

/* A signed byte changed without signing again. */
static void img_unsigned_edit(struct kunit *test, struct tdxt_image *img)
{
	img->sig->date ^= 1;
}

static void img_major_svn(struct kunit *test, struct tdxt_image *img)
{
	img->sig->svn_major++;
	tdxt_resign(test, img);
}

static void img_major_svn_zero(struct kunit *test, struct tdxt_image *img)
{
	img->sig->svn_major = 0;
	tdxt_resign(test, img);
}

static void img_major_svn_bad_sig(struct kunit *test, struct tdxt_image *img)
{
	img_major_svn(test, img);
	img_bad_sig(test, img);
}

static void img_other_cpu_bad_sig(struct kunit *test, struct tdxt_image *img)
{
	img_other_cpu(test, img);
	img_bad_sig(test, img);
}

static void img_no_entropy(struct kunit *test, struct tdxt_image *img)
{
	tdx_model_seamldr_no_entropy(1);
}

static void img_minor_svn(struct kunit *test, struct tdxt_image *img)
{
	img->sig->svn_minor -= 2;
	tdxt_resign(test, img);
}

static void img_handoff(struct kunit *test, struct tdxt_image *img)
{
	u16 hv = img->sig->module_hv;

	tdxt_set_hv(test, img, hv + 1, hv + 1);
}

static void img_bad_hash(struct kunit *test, struct tdxt_image *img)
{
	memset(img->pages[1], 0, 8);
}

/* A module the model cannot run, signed: fails as a relocation would. */
static void img_not_a_module(struct kunit *test, struct tdxt_image *img)
{
	tdxt_image_module(img)->magic = 0;
	tdxt_resign(test, img);
}

struct install_case {
	const char *desc;
	void (*edit)(struct kunit *test, struct tdxt_image *img);
	u32 remaining;
	u64 status;
	u64 rdx;
	bool debug_platform;
};

static const struct install_case install_cases[] = {
	/* A newer module with the same major SVN installs. */
	{ "good", img_none, 1, SEAMLDR_SUCCESS, 0 },
	/* Params: version, scenario, reserved bytes, page counts, PAs. */
	{ "version", img_version, 1, SEAMLDR_EBADPARAM, 0 },
	{ "scenario", img_scenario, 1, SEAMLDR_EBADPARAM, 0 },
	{ "reserved", img_reserved, 1, SEAMLDR_EBADPARAM, 0 },
	{ "no_pages", img_no_pages, 1, SEAMLDR_EBADPARAM, 0 },
	{ "too_many_pages", img_many_pages, 1, SEAMLDR_EBADPARAM, 0 },
	{ "page_unaligned", img_page_unaligned, 1, SEAMLDR_EBADPARAM, 0 },
	{ "sigstruct_not_ram", img_sig_not_ram, 1, SEAMLDR_EBADPARAM, 0 },
	/* Sigstruct fields (F13.6). */
	{ "header_type", img_header_type, 1, SEAMLDR_EBADSIG, 0 },
	{ "vendor", img_vendor, 1, SEAMLDR_EBADSIG, 0 },
	{ "module_type", img_module_type, 1, SEAMLDR_EBADSIG, 0 },
	{ "attributes", img_attributes, 1, SEAMLDR_EBADSIG, 0 },
	{ "reserved_field", img_reserved3, 1, SEAMLDR_EBADSIG, 0 },
	{ "exponent", img_exponent, 1, SEAMLDR_EBADSIG, 0 },
	{ "cpuid_table_size", img_cpuid_size, 1, SEAMLDR_EBADSIG, 0 },
	{ "hv_order", img_hv_order, 1, SEAMLDR_EBADSIG, 0 },
	{ "gdt_idt_unaligned", img_gdt_unaligned, 1, SEAMLDR_EBADSIG, 0 },
	{ "gdt_idt_alone", img_gdt_alone, 1, SEAMLDR_EBADSIG, 0 },
	{ "offsets_beyond_module", img_gdt_beyond, 1, SEAMLDR_EBADSIG, 0 },
	/* Not Intel's key (here: not the test key P-SEAMLDR trusts). */
	{ "other_key", img_other_key, 1, SEAMLDR_EBADSIG, 0 },
	/* Debug-signed: refused on production platforms only. */
	{ "debug_on_production", img_debug, 1, SEAMLDR_EBADSIG, 0 },
	{ "debug_on_debug", img_debug, 1, SEAMLDR_SUCCESS, 0, true },
	/* CPUID table: every LP's CPU, stepping aside; production needs one. */
	{ "other_cpu", img_other_cpu, 1, SEAMLDR_EUNSUPCPU, 0 },
	{ "other_stepping", img_other_stepping, 1, SEAMLDR_SUCCESS, 0 },
	{ "production_no_cpuid", img_no_cpuid, 1, SEAMLDR_EBADSIG, 0 },
	{ "debug_no_cpuid", img_debug_no_cpuid, 1, SEAMLDR_SUCCESS, 0, true },
	/* A signature that does not verify. */
	{ "bad_signature", img_bad_sig, 1, SEAMLDR_EBADSIG, 0 },
	{ "unsigned_edit", img_unsigned_edit, 1, SEAMLDR_EBADSIG, 0 },
	/* Updates keep the major SVN, which is never 0 ... */
	{ "major_svn", img_major_svn, 1, SEAMLDR_EUNSUPPORTED, 0 },
	{ "major_svn_zero", img_major_svn_zero, 1, SEAMLDR_EUNSUPPORTED, 0 },
	/* ... and never lower the minor SVN. */
	{ "minor_svn", img_minor_svn, 1, SEAMLDR_EBADSIG, 0 },
	/* No updates left. */
	{ "no_updates_left", img_none, 0, SEAMLDR_EBADCALL, 0 },
	/* The new module cannot read the old module's handoff data. */
	{ "handoff", img_handoff, 1, SEAMLDR_EBADHANDOFF, 0 },
	/* The signature is checked after the SVNs and the CPUs (F13.5). */
	{ "svn_before_signature", img_major_svn_bad_sig, 1,
	  SEAMLDR_EUNSUPPORTED, 0 },
	{ "cpu_before_signature", img_other_cpu_bad_sig, 1,
	  SEAMLDR_EUNSUPCPU, 0 },
	/* RDRAND empty while the new module's memory is set up (F13.5). */
	{ "no_entropy", img_no_entropy, 1, SEAMLDR_ENOENTROPY, 0 },
	/* The image does not match its hash: too late to go back. */
	{ "bad_hash", img_bad_hash, 1, SEAMLDR_EBADHASH, 1 },
	{ "not_a_module", img_not_a_module, 1, SEAMLDR_EBADPARAM, 1 },
};

static void install_case_desc(const struct install_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(install, install_cases, install_case_desc);

/*
 * Only the last LP validates, in P-SEAMLDR's order (F13.4-F13.6).  A
 * failure before the module pages are copied puts the old module back as
 * it was, here shut down (RDX 0); a later one leaves no module behind
 * (RDX 1, F13.5).
 */
static void model_test_install_rules(struct kunit *test)
{
	const struct install_case *c = test->param_value;
	struct tdx_module_args args = {};
	struct tdx_model_config cfg;
	struct tdxt_image *img;
	u64 status, rdx;

	tdxt_config(&cfg);
	cfg.num_remaining_updates = c->remaining;
	cfg.debug_platform = c->debug_platform;
	tdxt_start(test, &cfg);
	tdxt_shutdown(test);
	img = tdxt_build_image(test, 6, 1);
	c->edit(test, img);

	status = tdxt_install(img, &rdx);
	KUNIT_EXPECT_EQ(test, status, c->status);
	KUNIT_EXPECT_EQ(test, rdx, c->rdx);
	KUNIT_EXPECT_EQ(test, tdx_model_remaining_updates(),
			c->remaining - !status);
	if (!status) {
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(),
				TDX_MODEL_SYSINIT_PENDING);
	} else if (rdx) {
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_NO_MODULE);
		KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args),
				TDX_SEAMCALL_VMFAILINVALID);
	} else {
		KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_SHUTDOWN);
		KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_INIT, &args),
				TDX_SYS_SHUTDOWN);
	}
}

/*
 * The first LP takes the old module away; LPs other than the last do not
 * validate anything; each LP installs once per round.
 */
static void model_test_install_per_lp(struct kunit *test)
{
	struct tdx_module_args args = { .rcx = 1 };
	int cpu = cpumask_first(cpu_online_mask);

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");

	tdxt_start(test, NULL);
	tdxt_make_ready(test);

	KUNIT_EXPECT_EQ(test, tdxt_seamldr_on(cpu, P_SEAMLDR_INSTALL, &args),
			SEAMLDR_SUCCESS);
	args = (struct tdx_module_args) { .rdx = MD_FIELD_ID_MAJOR_VERSION };
	KUNIT_EXPECT_EQ(test, tdxt_call_on(cpu, TDH_SYS_RD, &args),
			TDX_SEAMCALL_VMFAILINVALID);
	KUNIT_EXPECT_EQ(test, seamcall_prerr_ret(TDH_SYS_RD, &args), -ENODEV);

	args = (struct tdx_module_args) { .rcx = 1 };
	KUNIT_EXPECT_EQ(test, tdxt_seamldr_on(cpu, P_SEAMLDR_INSTALL, &args),
			SEAMLDR_EBADCALL);
	KUNIT_EXPECT_EQ(test, tdx_model_violations(), 0);
}

/* SEAMLDR.INFO describes P-SEAMLDR and the loaded module. */
static void model_test_seamldr_info(struct kunit *test)
{
	struct tdx_module_args args = {};
	struct tdx_model_config cfg;
	struct seamldr_info *info;

	info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);
	tdxt_config(&cfg);
	cfg.num_remaining_updates = 5;
	cfg.module.svn_major = 3;
	tdxt_start(test, &cfg);

	args.rcx = virt_to_phys(info);
	KUNIT_ASSERT_EQ(test, seamldr_call(P_SEAMLDR_INFO, &args), SEAMLDR_SUCCESS);
	KUNIT_EXPECT_EQ(test, info->vendor_id, SEAMLDR_VENDOR_INTEL);
	KUNIT_EXPECT_EQ(test, info->version, cfg.seamldr_version);
	KUNIT_EXPECT_EQ(test, info->major, cfg.seamldr_major);
	KUNIT_EXPECT_EQ(test, info->minor, cfg.seamldr_minor);
	KUNIT_EXPECT_EQ(test, info->num_remaining_updates, 5);
	KUNIT_EXPECT_EQ(test, info->seamextend.tee_tcb_svn[SEAM_SVN_MAJOR], 3);
	KUNIT_EXPECT_EQ(test, info->seamextend.tee_tcb_svn[SEAM_SVN_MINOR],
			cfg.module.svn_minor);
	KUNIT_EXPECT_EQ(test, info->seam_ready, 1);
	KUNIT_EXPECT_EQ(test, info->p_seamldr_ready, 1);

	/* The buffer must be 256-byte aligned RAM. */
	args.rcx = virt_to_phys(info) + 8;
	KUNIT_EXPECT_EQ(test, seamldr_call(P_SEAMLDR_INFO, &args), SEAMLDR_EBADPARAM);
	args.rcx = BIT_ULL(45);
	KUNIT_EXPECT_EQ(test, seamldr_call(P_SEAMLDR_INFO, &args), SEAMLDR_EBADPARAM);
	/* An unknown leaf (F13.1). */
	args.rcx = virt_to_phys(info);
	KUNIT_EXPECT_EQ(test, seamldr_call(SEAMLDR_LEAF_BIT | 99, &args),
			SEAMLDR_EBADPARAM);
}

/* Fault injection: the Nth call, on a given CPU, several at once. */
static void model_test_inject(struct kunit *test)
{
	struct tdx_module_args args = {};
	int other = cpumask_last(cpu_online_mask);

	tdxt_start(test, NULL);
	tdxt_sys_init(test);

	KUNIT_ASSERT_EQ(test, tdx_model_inject(TDH_SYS_RD, TDX_MODEL_ANY_CPU, 2, 1,
					       TDX_OPERAND_BUSY), 0);
	KUNIT_ASSERT_EQ(test, tdx_model_inject(TDH_SYS_RD, other, 1, 1,
					       TDX_SYS_BUSY), 0);

	args.rdx = MD_FIELD_ID_MAJOR_VERSION;
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args), TDX_SUCCESS);
	args.rdx = MD_FIELD_ID_MAJOR_VERSION;
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args), TDX_OPERAND_BUSY);
	KUNIT_EXPECT_EQ(test, args.r8, TDX_MODEL_POISON);
	args.rdx = MD_FIELD_ID_MAJOR_VERSION;
	KUNIT_EXPECT_EQ(test, tdxt_call_on(0, TDH_SYS_RD, &args), TDX_SUCCESS);
	if (other) {
		args.rdx = MD_FIELD_ID_MAJOR_VERSION;
		KUNIT_EXPECT_EQ(test, tdxt_call_on(other, TDH_SYS_RD, &args),
				TDX_SYS_BUSY);
	}
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_RD), other ? 4 : 3);
	KUNIT_EXPECT_EQ(test, tdx_model_inject(TDH_SYS_RD, 0, 0, 1, 0), -EINVAL);
}

static struct kunit_case model_test_cases[] = {
	KUNIT_CASE_PARAM(model_test_order, order_gen_params),
	KUNIT_CASE_PARAM(model_test_tdmr_rules, tdmr_gen_params),
	KUNIT_CASE(model_test_config_retry),
	KUNIT_CASE(model_test_config_max_tdmrs),
	KUNIT_CASE(model_test_init_outputs),
	KUNIT_CASE(model_test_error_outputs),
	KUNIT_CASE(model_test_profiles),
	KUNIT_CASE(model_test_config_hkid_late),
	KUNIT_CASE(model_test_private),
	KUNIT_CASE(model_test_entropy),
	KUNIT_CASE(model_test_vmx),
	KUNIT_CASE(model_test_addons),
	KUNIT_CASE(model_test_cmrs_invalid),
	KUNIT_CASE(model_test_cmrs_firmware),
	KUNIT_CASE(model_test_seam_caps),
	KUNIT_CASE(model_test_key_config),
	KUNIT_CASE(model_test_tdmr_init_chunks),
	KUNIT_CASE(model_test_tdmr_init_interrupted),
	KUNIT_CASE(model_test_tdmr_init_busy),
	KUNIT_CASE(model_test_sys_busy),
	KUNIT_CASE(model_test_shutdown_busy),
	KUNIT_CASE(model_test_sys_rd_values),
	KUNIT_CASE(model_test_sys_rd_ids),
	KUNIT_CASE_PARAM(model_test_shutdown, shutdown_gen_params),
	KUNIT_CASE(model_test_update),
	KUNIT_CASE(model_test_update_bad_handoff),
	KUNIT_CASE(model_test_update_sigstruct_mismatch),
	KUNIT_CASE_PARAM(model_test_install_rules, install_gen_params),
	KUNIT_CASE(model_test_install_per_lp),
	KUNIT_CASE(model_test_seamldr_info),
	KUNIT_CASE(model_test_inject),
	{}
};

static struct kunit_suite model_test_suite = {
	.name = "tdx_model",
	.test_cases = model_test_cases,
};

kunit_test_suite(model_test_suite);
