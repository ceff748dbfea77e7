// SPDX-License-Identifier: GPL-2.0
/*
 * TDX module model: P-SEAMLDR (SEAMLDR.INFO and SEAMLDR.INSTALL).
 *
 * SEAMLDR.INSTALL runs on every logical processor in turn.  The first
 * call of a round takes the running module out of reach; the last one
 * validates the request and loads the new module.  A failure of the last
 * call before the module pages are copied puts the old module back in
 * the state it was in, shut down or not (RDX 0); a later failure leaves
 * the platform without a module (RDX 1), and the SEAMCALLs of the kernel
 * fail with VMfailInvalid until a later round succeeds (F13.4, F13.5).
 */
#define pr_fmt(fmt) "tdx-model: " fmt

#include <linux/align.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "model_internal.h"

/* RDX of a failed SEAMLDR.INSTALL: the failure could not be undone. */
#define TDXM_SEAMLDR_UNRECOVERABLE	1

/**
 * tdxm_seamldr_info() - SEAMLDR.INFO
 * @c: the call
 *
 * Context: Model lock held.
 * Return: The P-SEAMLDR completion status.
 */
u64 tdxm_seamldr_info(struct tdxm_call *c)
{
	const struct tdx_model_config *cfg = &tdxm.cfg;
	const struct tdxm_run *run = &tdxm.run;
	struct seamldr_info *info;

	if (!IS_ALIGNED(c->in.rcx, SEAMLDR_INFO_ALIGNMENT) ||
	    !tdxm_pa_is_ram(c->in.rcx, sizeof(*info)))
		return SEAMLDR_EBADPARAM;

	info = __va(c->in.rcx);
	memset(info, 0, sizeof(*info));
	info->version = cfg->seamldr_version;
	info->vendor_id = SEAMLDR_VENDOR_INTEL;
	info->build_date = cfg->seamldr_build_date;
	info->build_num = cfg->seamldr_build_num;
	info->minor = cfg->seamldr_minor;
	info->major = cfg->seamldr_major;
	info->update = cfg->seamldr_update;
	info->num_remaining_updates = run->remaining_updates;
	if (run->sys_state != TDX_MODEL_NO_MODULE) {
		info->seamextend.valid = 1;
		info->seamextend.tee_tcb_svn[SEAM_SVN_MINOR] = run->module.svn_minor;
		info->seamextend.tee_tcb_svn[SEAM_SVN_MAJOR] = run->module.svn_major;
		info->seam_ready = 1;
	}
	info->p_seamldr_ready = 1;
	return SEAMLDR_SUCCESS;
}

/**
 * tdx_model_image_hash() - The hash the model expects of a module image
 * @pages: the module pages, in order
 * @nr_pages: how many
 *
 * Context: Any context.
 * Return: The sum of all u64 words of the pages.
 */
u64 tdx_model_image_hash(void * const *pages, unsigned int nr_pages)
{
	unsigned int i, w;
	u64 hash = 0;

	for (i = 0; i < nr_pages; i++) {
		const u64 *words = pages[i];

		for (w = 0; w < SZ_4K / sizeof(u64); w++)
			hash += words[w];
	}
	return hash;
}

/**
 * tdx_model_sign() - Make a model sigstruct match its image
 * @sig: the sigstruct, with @sig->module filled in by the caller
 * @pages: the module pages, in order
 * @nr_pages: how many
 *
 * Context: Any context.
 */
void tdx_model_sign(struct tdx_model_sigstruct *sig, void * const *pages,
		    unsigned int nr_pages)
{
	sig->magic = TDX_MODEL_SIGSTRUCT_MAGIC;
	sig->num_module_pages = nr_pages;
	sig->image_hash = tdx_model_image_hash(pages, nr_pages);
	sig->signature = TDX_MODEL_SIGNATURE_GOOD;
}

/**
 * tdx_model_build_image() - Build an update image the model accepts
 * @buf: room for the image: (2 + @nr_module_pages) * 4 KiB
 * @module: identity of the module the image carries
 * @nr_module_pages: module pages, 1 to SEAMLDR_MAX_MODULE_PAGES
 *
 * Writes a tdx_image header, a model sigstruct signed for the module
 * pages and module pages with a fixed pattern.
 *
 * Context: Process context; may sleep.
 * Return: 0, -EINVAL for a bad page count, or -ENOMEM.
 */
int tdx_model_build_image(void *buf, const struct tdx_model_module *module,
			  unsigned int nr_module_pages)
{
	struct tdx_image_header *hdr = buf;
	struct tdx_model_sigstruct *sig = buf + SZ_4K;
	void **pages;
	unsigned int i;

	if (!nr_module_pages || nr_module_pages > SEAMLDR_MAX_MODULE_PAGES)
		return -EINVAL;
	pages = kmalloc_array(nr_module_pages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;

	memset(buf, 0, 2 * SZ_4K);
	hdr->version = TDX_IMAGE_VERSION;
	memcpy(hdr->signature, TDX_IMAGE_SIGNATURE, sizeof(hdr->signature));
	hdr->sigstruct_pages = 1;
	hdr->module_pages = nr_module_pages;

	for (i = 0; i < nr_module_pages; i++) {
		pages[i] = buf + (2 + i) * SZ_4K;
		memset(pages[i], 0x11 * (i % 15 + 1), SZ_4K);
	}
	sig->module = *module;
	tdx_model_sign(sig, pages, nr_module_pages);
	kfree(pages);
	return 0;
}

static bool tdxm_page_ok(u64 pa)
{
	return IS_ALIGNED(pa, SZ_4K) && tdxm_pa_is_ram(pa, SZ_4K);
}

static u64 tdxm_check_params(const struct seamldr_params *p)
{
	u64 i;

	if (p->version != SEAMLDR_PARAMS_VERSION ||
	    p->scenario > SEAMLDR_SCENARIO_UPDATE ||
	    memchr_inv(p->reserved, 0, sizeof(p->reserved)) ||
	    !p->num_module_pages ||
	    p->num_module_pages > SEAMLDR_MAX_MODULE_PAGES ||
	    !tdxm_page_ok(p->sigstruct_pa))
		return SEAMLDR_EBADPARAM;

	for (i = 0; i < p->num_module_pages; i++) {
		if (!tdxm_page_ok(p->module_pages_pa[i]))
			return SEAMLDR_EBADPARAM;
	}
	return SEAMLDR_SUCCESS;
}

/* An update must keep the major SVN and not lower the minor SVN. */
static u64 tdxm_check_svn(const struct tdx_model_module *new)
{
	const struct tdxm_run *run = &tdxm.run;

	if (new->svn_major != run->module.svn_major)
		return SEAMLDR_EUNSUPPORTED;
	if (new->svn_minor < run->module.svn_minor)
		return SEAMLDR_EBADSIG;
	return SEAMLDR_SUCCESS;
}

/* An update left, and handoff data the new module accepts. */
static u64 tdxm_check_handoff(const struct tdx_model_module *new)
{
	const struct tdxm_run *run = &tdxm.run;

	if (!run->remaining_updates)
		return SEAMLDR_EBADCALL;
	if (!run->handoff_valid || run->handoff_hv < new->min_update_hv ||
	    run->handoff_hv > new->module_hv)
		return SEAMLDR_EBADHANDOFF;
	return SEAMLDR_SUCCESS;
}

static u64 tdxm_image_hash_pa(const struct seamldr_params *p)
{
	u64 hash = 0, i;
	unsigned int w;

	for (i = 0; i < p->num_module_pages; i++) {
		const u64 *words = __va(p->module_pages_pa[i]);

		for (w = 0; w < SZ_4K / sizeof(u64); w++)
			hash += words[w];
	}
	return hash;
}

/* Start the new module; it needs TDH.SYS.INIT and LP.INIT everywhere. */
static void tdxm_load_module(const struct tdx_model_module *new, bool update)
{
	struct tdxm_run *run = &tdxm.run;

	run->module = *new;
	run->sys_state = TDX_MODEL_SYSINIT_PENDING;
	cpumask_clear(&run->lp_init);
	run->lps_initialized = 0;
	run->pkgs_keyed = 0;
	run->ext_ready = false;
	run->ext_init_done = 0;
	run->ext_add.pending = false;
	/* Only an update hands the extension pages over. */
	if (update)
		run->remaining_updates--;
	else
		run->ext_nr = 0;
}

/*
 * Setting up the new module's memory draws random numbers (F13.5): fails
 * when a test ran RDRAND dry or by the configured chance.
 */
static bool tdxm_seamldr_entropy_fails(void)
{
	struct tdxm_run *run = &tdxm.run;

	if (run->seamldr_no_entropy) {
		run->seamldr_no_entropy--;
		return true;
	}
	return tdxm_entropy_fails();
}

/*
 * The last LP of a round: validate everything, then load, in P-SEAMLDR's
 * order (F13.5).  Before the module pages are copied a failure changes
 * nothing and RDX is 0; from then on it is 1.
 */
static u64 tdxm_install_last(struct tdxm_call *c)
{
	const struct tdx_model_sigstruct *sig;
	const struct seamldr_params *p;
	bool update;
	u64 status;

	if (!tdxm_page_ok(c->in.rcx))
		return SEAMLDR_EBADPARAM;
	p = __va(c->in.rcx);
	status = tdxm_check_params(p);
	if (status)
		return status;
	update = p->scenario == SEAMLDR_SCENARIO_UPDATE;
	if (update && tdxm.run.install_from == TDX_MODEL_NO_MODULE)
		return SEAMLDR_EBADPARAM;

	sig = __va(p->sigstruct_pa);
	if (sig->magic != TDX_MODEL_SIGSTRUCT_MAGIC ||
	    sig->num_module_pages != p->num_module_pages)
		return SEAMLDR_EBADSIG;
	if (update) {
		status = tdxm_check_svn(&sig->module);
		if (status)
			return status;
	}
	/* The signature is verified last of the manifest checks. */
	if (sig->signature != TDX_MODEL_SIGNATURE_GOOD)
		return SEAMLDR_EBADSIG;
	if (tdxm_seamldr_entropy_fails())
		return SEAMLDR_ENOENTROPY;
	if (update) {
		status = tdxm_check_handoff(&sig->module);
		if (status)
			return status;
	}

	/* From here on the old module's memory has been overwritten. */
	c->work_ns = tdxm.run.install_ns;
	if (tdxm_image_hash_pa(p) != sig->image_hash) {
		c->out.rdx = TDXM_SEAMLDR_UNRECOVERABLE;
		return SEAMLDR_EBADHASH;
	}

	tdxm_load_module(&sig->module, update);
	return SEAMLDR_SUCCESS;
}

/**
 * tdxm_seamldr_install() - SEAMLDR.INSTALL
 * @c: the call
 *
 * Context: Model lock held.
 * Return: The P-SEAMLDR completion status.
 */
u64 tdxm_seamldr_install(struct tdxm_call *c)
{
	struct tdxm_run *run = &tdxm.run;
	u64 status;

	if (cpumask_test_cpu(c->cpu, &run->installed))
		return SEAMLDR_EBADCALL;

	/* The first LP clears SEAM_READY: the old module is out of reach. */
	if (cpumask_empty(&run->installed)) {
		run->install_from = run->sys_state;
		run->sys_state = TDX_MODEL_NO_MODULE;
	}

	cpumask_set_cpu(c->cpu, &run->installed);
	c->out.rdx = 0;
	if (cpumask_weight(&run->installed) < tdxm_platform_lps())
		return SEAMLDR_SUCCESS;

	/* Whatever the outcome, the next call starts a new round. */
	cpumask_clear(&run->installed);
	status = tdxm_install_last(c);
	/* A recoverable failure puts the old module back as it was. */
	if (status && c->out.rdx != TDXM_SEAMLDR_UNRECOVERABLE)
		run->sys_state = run->install_from;
	else if (status)
		run->handoff_valid = false;
	return status;
}
