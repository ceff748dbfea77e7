/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TDX module and P-SEAMLDR interface: leaf numbers, completion status
 * codes, global metadata field identifiers and the memory layouts the
 * kernel exchanges with them.  Everything here is defined by the Intel TDX
 * module and P-SEAMLDR specifications; names follow the specifications.
 *
 * This is the only place these numbers appear.  The SEAMCALL layer, the
 * core initialization code and the runtime update code use these
 * definitions, as does any test double of the module behind the seam.
 */
#ifndef _X86_VIRT_TDX_ABI_H
#define _X86_VIRT_TDX_ABI_H

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/sizes.h>
#include <linux/stddef.h>
#include <linux/types.h>

/*
 * SEAMCALL leaf numbers (RAX bits 15:0).  Bits 23:16 select the leaf's
 * interface version; the series uses version 0 of every leaf.
 */
#define TDH_PHYMEM_PAGE_RDMD		24
#define TDH_SYS_KEY_CONFIG		31
#define TDH_SYS_INFO			32
#define TDH_SYS_INIT			33
#define TDH_SYS_RD			34
#define TDH_SYS_LP_INIT			35
#define TDH_SYS_TDMR_INIT		36
#define TDH_SYS_RDALL			37
#define TDH_SYS_LP_SHUTDOWN		44
#define TDH_SYS_CONFIG			45
#define TDH_SYS_SHUTDOWN		52
#define TDH_SYS_UPDATE			53
#define TDH_PHYMEM_PAMT_ADD		58
#define TDH_PHYMEM_PAMT_REMOVE		59
#define TDH_EXT_INIT			60
#define TDH_EXT_MEM_ADD			61
#define TDH_SYS_DISABLE			69

#define TDX_LEAF_MASK			GENMASK_ULL(15, 0)
#define TDX_LEAF_VERSION_MASK		GENMASK_ULL(23, 16)

/*
 * P-SEAMLDR leaves are SEAMCALLs with bit 63 of RAX set.  P-SEAMLDR runs
 * on one logical processor at a time.
 */
#define SEAMLDR_LEAF_BIT		BIT_ULL(63)
#define P_SEAMLDR_INFO			(SEAMLDR_LEAF_BIT | 0)
#define P_SEAMLDR_INSTALL		(SEAMLDR_LEAF_BIT | 1)
#define P_SEAMLDR_SHUTDOWN		(SEAMLDR_LEAF_BIT | 2)
#define P_SEAMLDR_SEAMINFO		(SEAMLDR_LEAF_BIT | 3)
#define P_SEAMLDR_CLEANUP		(SEAMLDR_LEAF_BIT | 4)

/*
 * Completion status (RAX after SEAMCALL).  Bit 63 marks an error, bit 62 a
 * non-recoverable one; bits 47:32 are the class and detail that identify
 * the status, bits 31:0 carry the operand ID or other detail.
 */
#define TDX_STATUS_ERROR		BIT_ULL(63)
#define TDX_STATUS_NON_RECOVERABLE	BIT_ULL(62)
#define TDX_STATUS_FATAL		BIT_ULL(61)
#define TDX_STATUS_HOST_RECOVERABLE	BIT_ULL(60)
#define TDX_STATUS_CLASS_MASK		GENMASK_ULL(47, 40)
#define TDX_STATUS_CODE_MASK		GENMASK_ULL(63, 32)
#define TDX_STATUS_DETAIL_MASK		GENMASK_ULL(31, 0)

/* Compare a status with one of the codes below, ignoring the detail. */
#define tdx_status_code(status)		((status) & TDX_STATUS_CODE_MASK)

#define TDX_SUCCESS				0x0000000000000000ULL
#define TDX_INTERRUPTED_RESUMABLE		0x8000000300000000ULL
#define TDX_OPERAND_INVALID			0xC000010000000000ULL
#define TDX_OPERAND_ADDR_RANGE_ERROR		0xC000010100000000ULL
#define TDX_OPERAND_BUSY			0x8000020000000000ULL
#define TDX_SYS_BUSY				0x8000020200000000ULL
#define TDX_RND_NO_ENTROPY			0x8000020300000000ULL
#define TDX_PAGE_METADATA_INCORRECT		0xC000030000000000ULL
#define TDX_SYS_INIT_NOT_PENDING		0xC000050000000000ULL
#define TDX_SYS_LP_INIT_NOT_DONE		0xC000050200000000ULL
#define TDX_SYS_LP_INIT_DONE			0xC000050300000000ULL
#define TDX_SYS_NOT_READY			0xC000050500000000ULL
#define TDX_SYS_SHUTDOWN			0xC000050600000000ULL
#define TDX_SYS_KEY_CONFIG_NOT_PENDING		0xC000050700000000ULL
#define TDX_SYS_STATE_INCORRECT			0xC000050800000000ULL
#define TDX_SYS_INVALID_HANDOFF			0xC000050900000000ULL
#define TDX_SYS_INCOMPATIBLE_SIGSTRUCT		0xC000050A00000000ULL
#define TDX_SYS_LP_INIT_NOT_PENDING		0xC000050B00000000ULL
#define TDX_SYS_CONFIG_NOT_PENDING		0xC000050C00000000ULL
#define TDX_INCOMPATIBLE_SEAM_CAPABILITIES	0xC000050D00000000ULL
#define TDX_UPDATE_COMPAT_SENSITIVE		0x8000051200000000ULL
#define TDX_KEY_GENERATION_FAILED		0x8000080000000000ULL
#define TDX_KEY_CONFIGURED			0x0000081500000000ULL
#define TDX_INVALID_PKG_ID			0xC000090600000000ULL
#define TDX_INVALID_TDMR			0xC0000A0000000000ULL
#define TDX_NON_ORDERED_TDMR			0xC0000A0100000000ULL
#define TDX_TDMR_OUTSIDE_CMRS			0xC0000A0200000000ULL
#define TDX_TDMR_ALREADY_INITIALIZED		0x00000A0300000000ULL
#define TDX_INVALID_PAMT			0xC0000A1000000000ULL
#define TDX_PAMT_OUTSIDE_CMRS			0xC0000A1100000000ULL
#define TDX_PAMT_OVERLAP			0xC0000A1200000000ULL
#define TDX_INVALID_RESERVED_IN_TDMR		0xC0000A2000000000ULL
#define TDX_NON_ORDERED_RESERVED_IN_TDMR	0xC0000A2100000000ULL
#define TDX_CMR_LIST_INVALID			0xC0000A2200000000ULL
#define TDX_METADATA_FIELD_ID_INCORRECT		0xC0000C0000000000ULL
#define TDX_METADATA_FIELD_NOT_READABLE		0xC0000C0200000000ULL
#define TDX_METADATA_LIST_OVERFLOW		0xC0000C0400000000ULL
#define TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT	0x00000C0B00000000ULL

/* Operand IDs reported in bits 31:0 of an error status. */
#define TDX_OPERAND_ID_RAX		0
#define TDX_OPERAND_ID_RCX		1
#define TDX_OPERAND_ID_RDX		2
#define TDX_OPERAND_ID_R8		8
#define TDX_OPERAND_ID_R9		9
#define TDX_OPERAND_ID_R10		10
#define TDX_OPERAND_ID_SYS		184
#define TDX_OPERAND_ID_TDMR		185
#define TDX_OPERAND_ID_KOT		186
#define TDX_OPERAND_ID_KET		187
#define TDX_OPERAND_ID_WBCACHE		188

/*
 * TDH.PHYMEM.PAGE.RDMD: RCX = physical address of a 4 KiB page.  On
 * success RCX returns the PAMT page type of that page, RDX its owner and
 * R8 its page size.  Only the two types below mean the page holds no
 * private data: every other type is memory the module or a TD owns.
 */
#define TDX_PAMT_PT_NDA			0	/* not assigned to anything */
#define TDX_PAMT_PT_RSVD		1	/* reserved, never given out */

/* Page-type codes reported in PAMT-related statuses. */
#define TDX_PT_4K			0
#define TDX_PT_2M			1
#define TDX_PT_1G			2

/*
 * P-SEAMLDR completion status.
 */
#define SEAMLDR_SUCCESS			0x0000000000000000ULL
#define SEAMLDR_EBADPARAM		0x8000000000000000ULL
#define SEAMLDR_EBADCALL		0x8000000000000003ULL
#define SEAMLDR_EBADHANDOFF		0x8000000000000004ULL
#define SEAMLDR_ECLEANUPREQ		0x8000000000000005ULL
#define SEAMLDR_EUNSUPPORTED		0x8000000000000006ULL
#define SEAMLDR_ENOMEM			0x8000000000010002ULL
#define SEAMLDR_EUNSPECERR		0x8000000000010003ULL
#define SEAMLDR_EUNSUPCPU		0x8000000000010004ULL
#define SEAMLDR_EBADSIG			0x8000000000020000ULL
#define SEAMLDR_EBADHASH		0x8000000000020001ULL
#define SEAMLDR_EINTERRUPT		0x8000000000030000ULL
#define SEAMLDR_ENOENTROPY		0x8000000000030001ULL

/*
 * Global metadata field identifiers for TDH.SYS.RD.  Bits 23:0 are the
 * field code, 33:32 the element size (0: 1 byte ... 3: 8 bytes), 54:52 the
 * context (0: platform), 61:56 the class and bit 63 marks fields that are
 * not architectural.
 */
#define MD_FIELD_ID_CODE_MASK		GENMASK_ULL(23, 0)
#define MD_FIELD_ID_ELEM_SIZE_MASK	GENMASK_ULL(33, 32)
#define MD_FIELD_ID_CONTEXT_MASK	GENMASK_ULL(54, 52)
#define MD_FIELD_ID_CLASS_MASK		GENMASK_ULL(61, 56)
#define MD_FIELD_ID_NON_ARCH		BIT_ULL(63)
#define MD_FIELD_ID_NONE		(~0ULL)

#define MD_FIELD_ID_NUM_PKGS			0x0000000200000000ULL
#define MD_FIELD_ID_MINOR_VERSION		0x0800000100000003ULL
#define MD_FIELD_ID_MAJOR_VERSION		0x0800000100000004ULL
#define MD_FIELD_ID_UPDATE_VERSION		0x0800000100000005ULL
#define MD_FIELD_ID_BUILD_DATE			0x8800000200000001ULL
#define MD_FIELD_ID_BUILD_NUM			0x8800000100000002ULL
#define MD_FIELD_ID_TDX_FEATURES0		0x0A00000300000008ULL
#define MD_FIELD_ID_NUM_CMRS			0x9000000100000000ULL
#define MD_FIELD_ID_CMR_BASE0			0x9000000300000080ULL
#define MD_FIELD_ID_CMR_SIZE0			0x9000000300000100ULL
#define MD_FIELD_ID_MAX_TDMRS			0x9100000100000008ULL
#define MD_FIELD_ID_MAX_RESERVED_PER_TDMR	0x9100000100000009ULL
#define MD_FIELD_ID_PAMT_4K_ENTRY_SIZE		0x9100000100000010ULL
#define MD_FIELD_ID_PAMT_2M_ENTRY_SIZE		0x9100000100000011ULL
#define MD_FIELD_ID_PAMT_1G_ENTRY_SIZE		0x9100000100000012ULL
#define MD_FIELD_ID_PAMT_PAGE_BITMAP_ENTRY_BITS	0x9100000100000013ULL
#define MD_FIELD_ID_MODULE_HV			0x8900000100000000ULL
#define MD_FIELD_ID_MIN_UPDATE_HV		0x8900000100000001ULL
#define MD_FIELD_ID_NO_DOWNGRADE		0x8900000000000002ULL
#define MD_FIELD_ID_NUM_HANDOFF_PAGES		0x8900000100000003ULL
#define MD_FIELD_ID_EXT_REQUIRED		0x3100000000000001ULL
#define MD_FIELD_ID_EXT_MEM_POOL_PAGES		0x3100000200000000ULL

/* The module reports this many CMR slots; unused slots have size 0. */
#define TDX_MAX_CMRS			32

/* TDX_FEATURES0 bits. */
#define TDX_FEATURES0_TD_PRESERVING	BIT_ULL(1)
#define TDX_FEATURES0_NO_RBP_MOD	BIT_ULL(18)
#define TDX_FEATURES0_DYNAMIC_PAMT	BIT_ULL(36)
#define TDX_FEATURES0_EXT		BIT_ULL(39)
#define TDX_FEATURES0_UPDATE_COMPAT	BIT_ULL(47)

/*
 * TDH.SYS.SHUTDOWN RCX: bits 15:0 are the handoff version to write; bit 16
 * asks the module to refuse if unsafe.
 */
#define TDX_SYS_SHUTDOWN_HV_MASK		GENMASK_ULL(15, 0)
#define TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE	BIT_ULL(16)

/* TDH.SYS.CONFIG R8: bits 15:0 carry the global private KeyID. */
#define TDX_SYS_CONFIG_HKID_MASK	GENMASK_ULL(15, 0)

/* IA32_MKTME_KEYID_PARTITIONING (MSR 0x87) fields. */
#define MKTME_KEYID_PART_MKTME_MASK	GENMASK_ULL(31, 0)
#define MKTME_KEYID_PART_TDX_MASK	GENMASK_ULL(63, 32)

/* IA32_VMX_BASIC bit 60: P-SEAMLDR's SEAMRET keeps the current VMCS. */
#define VMX_BASIC_SEAMRET_PRESERVES_VMCS	BIT_ULL(60)

/*
 * TDMR_INFO: one Trust Domain Memory Region handed to TDH.SYS.CONFIG,
 * with its three PAMT areas and its reserved areas (offsets relative to
 * the TDMR base).  Entries are 512-byte aligned; the array of their
 * physical addresses is 512-byte aligned as well.
 */
#define TDX_MAX_TDMRS			64
#define TDX_MAX_RESERVED_PER_TDMR	16
#define TDMR_INFO_ALIGNMENT		512
#define TDMR_ADDR_ARRAY_ALIGNMENT	512
#define TDMR_ALIGNMENT			SZ_1G
#define TDX_PAMT_ENTRY_SIZE		16

/* RAX: the interface version of a leaf, bits 23:16. */
#define TDX_LEAF_VERSION(v)		FIELD_PREP(TDX_LEAF_VERSION_MASK, (v))

/*
 * Add-on features and extensions (newer modules; no published module has
 * them, F15.1).  The add-on features wanted are chosen by TDH.SYS.CONFIG
 * version 1 with R9 = their TDX_FEATURES0 bits (a subset of what the
 * module reports; R10 must be 0); without add-ons the kernel stays on
 * version 0.  Only then are EXT_REQUIRED (1 byte) and EXT_MEM_POOL_PAGES
 * (4 bytes: the 4 KiB pages the extensions need) valid (F12.3, F15.3).
 * After a runtime update, TDH.SYS.UPDATE version 1 takes the same R9.
 *
 * TDH.EXT.MEM.ADD (F15.4, F15.5) gives pages to the module for good.  RCX
 * is an HPA_LIST_INFO: the physical address of a 4 KiB list page holding
 * up to 512 page addresses (bits 51:12), the first entry to add
 * (bits 11:3) and the last one (bits 63:55); the other bits are
 * reserved.  On TDX_INTERRUPTED_RESUMABLE the module returns RCX with the
 * first entry advanced, and the call is made again with that RCX; RDX
 * and R8 are not used.  TDH.EXT.INIT has no inputs and is made again as
 * it was while it returns TDX_INTERRUPTED_RESUMABLE.
 */
#define TDX_EXT_MEM_ADD_MAX_PAGES	512
#define HPA_LIST_INFO_FIRST_ENTRY	GENMASK_ULL(11, 3)
#define HPA_LIST_INFO_PA		GENMASK_ULL(51, 12)
#define HPA_LIST_INFO_LAST_ENTRY	GENMASK_ULL(63, 55)
#define HPA_LIST_INFO_RESERVED		(GENMASK_ULL(2, 0) | GENMASK_ULL(54, 52))

struct tdmr_reserved_area {
	u64 offset;
	u64 size;
} __packed;

/* The PAMT areas of a TDMR, in the order TDMR_INFO lists them. */
enum tdmr_pamt_level {
	TDMR_PAMT_1G,
	TDMR_PAMT_2M,
	TDMR_PAMT_4K,
	TDMR_PAMT_LEVELS
};

struct tdmr_pamt_area {
	u64 base;
	u64 size;
} __packed;

struct tdmr_info {
	u64 base;
	u64 size;
	struct tdmr_pamt_area pamt[TDMR_PAMT_LEVELS];
	struct tdmr_reserved_area reserved_areas[TDX_MAX_RESERVED_PER_TDMR];
} __packed __aligned(TDMR_INFO_ALIGNMENT);

static_assert(sizeof(struct tdmr_reserved_area) == 16);
static_assert(sizeof(struct tdmr_pamt_area) == 16);
static_assert(offsetof(struct tdmr_info, pamt) == 16);
static_assert(offsetof(struct tdmr_info, reserved_areas) == 64);
static_assert(sizeof(struct tdmr_info) == TDMR_INFO_ALIGNMENT);

/*
 * SEAMLDR_INFO, written by SEAMLDR.INFO to a 256-byte aligned buffer.
 */
#define SEAMLDR_INFO_ALIGNMENT		256
#define SEAMLDR_ATTR_DEBUG		BIT(31)
#define SEAMLDR_VENDOR_INTEL		0x8086

struct seamextend_info {
	u64 valid;
	u8 tee_tcb_svn[16];
	u8 mrseam[48];
	u8 mrsigner[48];
	u64 attributes;
} __packed;

struct seamldr_info {
	u32 version;
	u32 attributes;
	u32 vendor_id;
	u32 build_date;
	u16 build_num;
	u16 minor;
	u16 major;
	u16 update;
	u32 acm_x2apicid;
	u32 num_remaining_updates;
	struct seamextend_info seamextend;
	u8 seam_ready;
	u8 system_under_debug;
	u8 p_seamldr_ready;
	u8 reserved0[5];
	u64 features0;
	u8 reserved1[80];
} __packed __aligned(SEAMLDR_INFO_ALIGNMENT);

/*
 * P-SEAMLDR's own "SEAM extend" structure is 136 bytes because it also
 * holds seam_ready .. reserved0; those 8 bytes are spelled out above.
 */
static_assert(sizeof(struct seamextend_info) == 128);
static_assert(offsetof(struct seamldr_info, seamextend) == 32);
static_assert(offsetof(struct seamldr_info, seam_ready) == 160);
static_assert(offsetof(struct seamldr_info, features0) == 168);
static_assert(sizeof(struct seamldr_info) == 256);

/* Index of the minor and major SVN bytes in tee_tcb_svn[]. */
#define SEAM_SVN_MINOR			0
#define SEAM_SVN_MAJOR			1

/*
 * SEAMLDR_PARAMS, the input of SEAMLDR.INSTALL: exactly one 4 KiB page.
 */
#define SEAMLDR_PARAMS_VERSION		0
#define SEAMLDR_SCENARIO_LOAD		0
#define SEAMLDR_SCENARIO_UPDATE		1
#define SEAMLDR_MAX_MODULE_PAGES	496

struct seamldr_params {
	u32 version;
	u32 scenario;
	u64 sigstruct_pa;
	u8 reserved[104];
	u64 num_module_pages;
	u64 module_pages_pa[SEAMLDR_MAX_MODULE_PAGES];
} __packed __aligned(4096);

static_assert(offsetof(struct seamldr_params, num_module_pages) == 120);
static_assert(sizeof(struct seamldr_params) == 4096);

/*
 * The sigstruct: 2048 bytes, P-SEAMLDR's manifest of a module image
 * (F13.6).  RSA-3072 PKCS#1 v1.5 over SHA-384 of bytes 0..127 followed by
 * bytes 900..2047; modulus and signature are little-endian.
 */
#define SEAM_SIGSTRUCT_SIZE		2048
#define SEAM_SIGSTRUCT_HEADER_TYPE	6
#define SEAM_SIGSTRUCT_HEADER_LENGTH	0xe1
#define SEAM_SIGSTRUCT_HEADER_VERSION	0x10000
#define SEAM_SIGSTRUCT_TYPE_DEBUG	BIT(31)
#define SEAM_SIGSTRUCT_DWORDS		0x200
#define SEAM_SIGSTRUCT_KEY_DWORDS	0x60
#define SEAM_SIGSTRUCT_EXPONENT_DWORDS	1
#define SEAM_SIGSTRUCT_EXPONENT		0x10001
#define SEAM_SIGSTRUCT_KEY_BYTES	384
#define SEAM_SIGSTRUCT_HASH_BYTES	48
#define SEAM_SIGSTRUCT_MAX_CPUIDS	255
/* The signed bytes: the header, then everything from the hash on. */
#define SEAM_SIGSTRUCT_SIGNED_HEAD	128
#define SEAM_SIGSTRUCT_SIGNED_BODY	900
/* CPUID.1.EAX with the stepping masked, as P-SEAMLDR compares it. */
#define SEAM_SIGSTRUCT_FMS_MASK		(~0xfU)

struct seam_sigstruct {
	u32 header_type;
	u32 header_length;
	u32 header_version;
	u32 module_type;
	u32 module_vendor;
	u32 date;
	u32 size;
	u32 key_size;
	u32 modulus_size;
	u32 exponent_size;
	u8 reserved0[88];
	u8 modulus[SEAM_SIGSTRUCT_KEY_BYTES];
	u32 exponent;
	u8 signature[SEAM_SIGSTRUCT_KEY_BYTES];
	u8 seamhash[SEAM_SIGSTRUCT_HASH_BYTES];
	u8 svn_minor;
	u8 svn_major;
	u64 attributes;
	u32 rip_offset;
	u8 num_stack_pages;
	u8 num_tls_pages;
	u16 num_keyhole_pages;
	u16 num_global_data_pages;
	u16 max_tdmrs;
	u16 max_rsvd_per_tdmr;
	u16 pamt_entry_size_4k;
	u16 pamt_entry_size_2m;
	u16 pamt_entry_size_1g;
	u8 reserved1[6];
	u16 module_hv;
	u16 min_update_hv;
	u8 no_downgrade;
	u8 reserved2[1];
	u16 num_handoff_pages;
	u32 gdt_idt_offset;
	u32 fault_wrapper_offset;
	u8 reserved3[24];
	u32 cpuid_table_size;
	u32 cpuid_table[SEAM_SIGSTRUCT_MAX_CPUIDS];
} __packed;

static_assert(offsetof(struct seam_sigstruct, modulus) == 128);
static_assert(offsetof(struct seam_sigstruct, exponent) == 512);
static_assert(offsetof(struct seam_sigstruct, signature) == 516);
static_assert(offsetof(struct seam_sigstruct, seamhash) == SEAM_SIGSTRUCT_SIGNED_BODY);
static_assert(offsetof(struct seam_sigstruct, svn_minor) == 948);
static_assert(offsetof(struct seam_sigstruct, rip_offset) == 958);
static_assert(offsetof(struct seam_sigstruct, max_tdmrs) == 968);
static_assert(offsetof(struct seam_sigstruct, module_hv) == 984);
static_assert(offsetof(struct seam_sigstruct, num_handoff_pages) == 990);
static_assert(offsetof(struct seam_sigstruct, cpuid_table_size) == 1024);
static_assert(sizeof(struct seam_sigstruct) == SEAM_SIGSTRUCT_SIZE);

/* IA32_SGX_DEBUG_MODE: bit 1 set on a platform that runs debug modules. */
#define MSR_IA32_SGX_DEBUG_MODE		0x503
#define SGX_DEBUG_MODE_DEBUG_ALLOWED	BIT_ULL(1)

/*
 * The update images handed to the kernel.  Both start with a 4 KiB
 * header holding "TDX-BLOB", followed at 4 KiB by the sigstruct page
 * (the 2 KiB sigstruct, then 2 KiB of zeros).
 *
 * Mainline Linux's "tdx_image", version 0x200: the header gives the page
 * counts; the sigstruct page and the module pages follow it.
 */
#define TDX_IMAGE_VERSION		0x200
#define TDX_IMAGE_SIGNATURE		"TDX-BLOB"
#define TDX_IMAGE_MAX_SIGSTRUCT_PAGES	1
#define TDX_IMAGE_MAX_MODULE_PAGES	SEAMLDR_MAX_MODULE_PAGES

struct tdx_image_header {
	u16 version;
	u16 checksum;
	u8 signature[8];
	u32 sigstruct_pages;
	u32 module_pages;
	u8 reserved[4076];
} __packed;

static_assert(offsetof(struct tdx_image_header, sigstruct_pages) == 12);
static_assert(sizeof(struct tdx_image_header) == 4096);

/*
 * Intel's published blob, version 0x100 (every release file of
 * intel/tdx-module-binaries): @length is the file's, @checksum makes the
 * sum of the file's little-endian 16-bit words 0, and the module runs
 * from @offset_of_module, 8 KiB plus zero or more reserved pages, to the
 * end of the file.
 */
#define TDX_BLOB_VERSION		0x100
#define TDX_BLOB_SIGSTRUCT_OFFSET	SZ_4K
#define TDX_BLOB_MIN_MODULE_OFFSET	SZ_8K

struct tdx_blob_header {
	u16 version;
	u16 checksum;
	u32 offset_of_module;
	u8 signature[8];
	u32 length;
	u32 reserved0;
	u64 reserved[509];
} __packed;

static_assert(offsetof(struct tdx_blob_header, signature) == 8);
static_assert(offsetof(struct tdx_blob_header, length) == 16);
static_assert(offsetof(struct tdx_blob_header, reserved) == 24);
static_assert(sizeof(struct tdx_blob_header) == 4096);

#endif /* _X86_VIRT_TDX_ABI_H */
