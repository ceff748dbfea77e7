/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TDX host interface offered to the rest of the kernel (KVM, the
 * tdx_host driver, the boot and machine-check code).  The guest side lives
 * in <asm/tdx.h>, which includes this header.
 */
#ifndef _ASM_X86_TDX_HOST_H
#define _ASM_X86_TDX_HOST_H

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/types.h>

struct mce;
struct seamldr_image;

/**
 * struct tdx_sys_info_version - Version of the running TDX module
 * @major:	major version (1 for TDX 1.x)
 * @minor:	minor version
 * @update:	update version; runtime updates change only this and the build
 * @build_num:	build number
 * @build_date:	build date, BCD-like YYYYMMDD as a decimal number
 */
struct tdx_sys_info_version {
	u16 major;
	u16 minor;
	u16 update;
	u16 build_num;
	u32 build_date;
};

/**
 * struct tdx_sys_info_tdmr - The module's limits on TDMRs and PAMTs
 * @max_tdmrs:			most TDMRs TDH.SYS.CONFIG accepts
 * @max_reserved_per_tdmr:	most reserved areas in one TDMR
 * @pamt_4k_entry_size:		bytes per 4 KiB page in the 4K-level PAMT
 * @pamt_2m_entry_size:		bytes per 2 MiB page in the 2M-level PAMT
 * @pamt_1g_entry_size:		bytes per 1 GiB page in the 1G-level PAMT
 */
struct tdx_sys_info_tdmr {
	u16 max_tdmrs;
	u16 max_reserved_per_tdmr;
	u16 pamt_4k_entry_size;
	u16 pamt_2m_entry_size;
	u16 pamt_1g_entry_size;
};

/**
 * struct tdx_sys_info_cmr - Convertible memory regions reported by the module
 * @num_cmrs:	number of slots reported; slots of size 0 are unused
 * @base:	physical base address of each CMR
 * @size:	size in bytes of each CMR
 */
struct tdx_sys_info_cmr {
	u16 num_cmrs;
	u64 base[32];
	u64 size[32];
};

/**
 * struct tdx_sys_info_ext - What the module's extensions need
 * @required:		non-zero if the extensions must be initialized
 * @mem_pool_pages:	4 KiB pages the module needs for them
 *
 * Both are 0 for modules without extensions.
 */
struct tdx_sys_info_ext {
	u8 required;
	u32 mem_pool_pages;
};

/**
 * struct tdx_sys_info - Global metadata of the TDX module, read at enable
 * @version:	module version
 * @features0:	TDX_FEATURES0 bits
 * @tdmr:	TDMR and PAMT limits
 * @cmr:	convertible memory regions
 * @ext:	extensions, read after the module is configured
 */
struct tdx_sys_info {
	struct tdx_sys_info_version version;
	u64 features0;
	struct tdx_sys_info_tdmr tdmr;
	struct tdx_sys_info_cmr cmr;
	struct tdx_sys_info_ext ext;
};

/**
 * struct tdx_seamldr_info - What P-SEAMLDR reports about itself
 * @version:		P-SEAMLDR version
 * @major:		major version
 * @minor:		minor version
 * @update:		update version
 * @build_num:		build number
 * @build_date:		build date, YYYYMMDD as a decimal number
 * @num_remaining_updates: runtime module updates P-SEAMLDR still allows
 * @seam_ready:		a TDX module is loaded and can take SEAMCALLs
 * @p_seamldr_ready:	P-SEAMLDR can install a module
 */
struct tdx_seamldr_info {
	u32 version;
	u16 major;
	u16 minor;
	u16 update;
	u16 build_num;
	u32 build_date;
	u32 num_remaining_updates;
	bool seam_ready;
	bool p_seamldr_ready;
};

/**
 * struct tdx_update_stats - The last runtime update that stopped the CPUs
 * @result:		0, or the -errno tdx_module_update() returned
 * @from:		module version before the update
 * @to:			module version afterwards; @from unless @result is 0
 * @blackout_ns:	time the CPUs spent stopped, as seen by the lead CPU
 * @shutdown_ns:	time of TDH.SYS.SHUTDOWN
 * @install_ns:		time of SEAMLDR.INSTALL on all CPUs, one after another
 * @init_ns:		time of TDH.SYS.INIT and TDH.SYS.LP.INIT on all CPUs
 * @update_ns:		time of TDH.SYS.UPDATE
 *
 * A step that did not run because an earlier one failed takes 0 ns.
 */
struct tdx_update_stats {
	int result;
	struct tdx_sys_info_version from;
	struct tdx_sys_info_version to;
	u64 blackout_ns;
	u64 shutdown_ns;
	u64 install_ns;
	u64 init_ns;
	u64 update_ns;
};

#ifdef CONFIG_INTEL_TDX_HOST
void __init tdx_init(void);
int tdx_cpu_enable(void);
int tdx_enable(void);
const struct tdx_sys_info *tdx_get_sysinfo(void);
int tdx_guest_keyid_alloc(void);
void tdx_guest_keyid_free(unsigned int keyid);
bool tdx_guest_keyids_in_use(void);
const char *tdx_dump_mce_info(struct mce *m);
void tdx_vmx_get(void);
void tdx_vmx_put(void);
int tdx_module_update(const void *image, size_t len);
int tdx_seamldr_get_info(struct tdx_seamldr_info *info);
int tdx_update_last(struct tdx_update_stats *stats);
int tdx_get_version(struct tdx_sys_info_version *v);
bool tdx_update_supported(void);
int tdx_update_check_image(const void *image, size_t len);
struct seamldr_image *tdx_update_image_load(const void *image, size_t len);
void tdx_update_image_free(struct seamldr_image *img);
int tdx_module_update_image(const struct seamldr_image *img);
void tdx_cpu_flush_cache(void);
int tdx_kexec_image_get(void);
void tdx_kexec_image_put(void);
#else
static inline void tdx_init(void) { }
static inline int tdx_cpu_enable(void) { return -ENODEV; }
static inline int tdx_enable(void) { return -ENODEV; }
static inline const struct tdx_sys_info *tdx_get_sysinfo(void) { return NULL; }
static inline int tdx_guest_keyid_alloc(void) { return -ENODEV; }
static inline void tdx_guest_keyid_free(unsigned int keyid) { }
static inline bool tdx_guest_keyids_in_use(void) { return false; }
static inline const char *tdx_dump_mce_info(struct mce *m) { return NULL; }
static inline void tdx_vmx_get(void) { }
static inline void tdx_vmx_put(void) { }
static inline int tdx_module_update(const void *image, size_t len)
{
	return -ENODEV;
}

static inline int tdx_seamldr_get_info(struct tdx_seamldr_info *info)
{
	return -ENODEV;
}

static inline int tdx_update_last(struct tdx_update_stats *stats)
{
	return -ENODEV;
}

static inline int tdx_get_version(struct tdx_sys_info_version *v)
{
	return -ENODEV;
}

static inline bool tdx_update_supported(void) { return false; }

static inline int tdx_update_check_image(const void *image, size_t len)
{
	return -ENODEV;
}

static inline struct seamldr_image *tdx_update_image_load(const void *image,
							  size_t len)
{
	return ERR_PTR(-ENODEV);
}

static inline void tdx_update_image_free(struct seamldr_image *img) { }

static inline int tdx_module_update_image(const struct seamldr_image *img)
{
	return -ENODEV;
}

static inline void tdx_cpu_flush_cache(void) { }
static inline int tdx_kexec_image_get(void) { return 0; }
static inline void tdx_kexec_image_put(void) { }
#endif /* CONFIG_INTEL_TDX_HOST */

#endif /* _ASM_X86_TDX_HOST_H */
