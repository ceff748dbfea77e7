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
#include <linux/cpu.h>
#include <linux/init.h>
#include <linux/processor.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <crypto/hash.h>
#include <crypto/sig.h>

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

/* ----- Signatures ----- */

/*
 * SHA-384 for the model, usable with interrupts off (P-SEAMLDR runs
 * inside stop_machine()): the transform is allocated once, at boot.
 */
static struct crypto_shash *tdxm_sha384;

static int __init tdxm_crypto_init(void)
{
	tdxm_sha384 = crypto_alloc_shash("sha384", 0, 0);
	if (IS_ERR(tdxm_sha384)) {
		pr_err("no SHA-384: images cannot be signed or installed\n");
		tdxm_sha384 = NULL;
	}
	return 0;
}
late_initcall(tdxm_crypto_init);

/* Start a SHA-384 on @desc; false if the model has none. */
static bool tdxm_hash_start(struct shash_desc *desc)
{
	if (!tdxm_sha384)
		return false;
	desc->tfm = tdxm_sha384;
	return !crypto_shash_init(desc);
}

/* The digest the signature covers: the header, then the body (F13.6). */
static bool tdxm_signed_digest(const struct seam_sigstruct *sig, u8 *digest)
{
	SHASH_DESC_ON_STACK(desc, tdxm_sha384);

	if (!tdxm_hash_start(desc))
		return false;
	crypto_shash_update(desc, (const u8 *)sig, SEAM_SIGSTRUCT_SIGNED_HEAD);
	crypto_shash_update(desc, sig->seamhash,
			    SEAM_SIGSTRUCT_SIZE - SEAM_SIGSTRUCT_SIGNED_BODY);
	crypto_shash_final(desc, digest);
	return true;
}

/*
 * The signatures made with the test key.  PKCS#1 v1.5 signatures are
 * deterministic: for each digest one signature verifies, and the model's
 * signer is the only holder of the key.  So P-SEAMLDR, which cannot call
 * the RSA code with interrupts off, accepts exactly what an RSA check
 * with the test key would: a signature this table holds for its digest.
 * Signing again what was signed before costs a lookup.  A cache of
 * results, not model state: tdx_model_reset() keeps it.
 */
#define TDXM_NR_SIGNATURES	256

struct tdxm_signature {
	u8 digest[SEAM_SIGSTRUCT_HASH_BYTES];
	u8 sig[SEAM_SIGSTRUCT_KEY_BYTES];
};

static struct tdxm_signature tdxm_signatures[TDXM_NR_SIGNATURES];
static unsigned int tdxm_nr_signatures;

/* Context: model lock held. */
static const struct tdxm_signature *tdxm_find_signature(const u8 *digest)
{
	unsigned int i, n = min(tdxm_nr_signatures, TDXM_NR_SIGNATURES);

	for (i = 0; i < n; i++) {
		if (!memcmp(tdxm_signatures[i].digest, digest,
			    SEAM_SIGSTRUCT_HASH_BYTES))
			return &tdxm_signatures[i];
	}
	return NULL;
}

/* RSA-3072 with the test key; @sig receives it little-endian. */
static int tdxm_rsa_sign(const u8 *digest, u8 *sig)
{
	u8 be[SEAM_SIGSTRUCT_KEY_BYTES];
	struct crypto_sig *tfm;
	unsigned int i;
	int ret;

	tfm = crypto_alloc_sig("pkcs1pad(rsa,sha384)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = crypto_sig_set_privkey(tfm, tdxm_test_key_der,
				     tdxm_test_key_der_len);
	if (!ret)
		ret = crypto_sig_sign(tfm, digest, SEAM_SIGSTRUCT_HASH_BYTES,
				      be, sizeof(be));
	crypto_free_sig(tfm);
	if (ret < 0)
		return ret;
	for (i = 0; i < sizeof(be); i++)
		sig[i] = be[sizeof(be) - 1 - i];
	return 0;
}

/* The signature of @digest: from the table, or made and recorded. */
static int tdxm_signature_of(const u8 *digest, u8 *sig)
{
	const struct tdxm_signature *known;
	struct tdxm_signature *slot;
	unsigned long flags;
	int ret;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	known = tdxm_find_signature(digest);
	if (known)
		memcpy(sig, known->sig, SEAM_SIGSTRUCT_KEY_BYTES);
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
	if (known)
		return 0;

	ret = tdxm_rsa_sign(digest, sig);
	if (ret)
		return ret;

	raw_spin_lock_irqsave(&tdxm_lock, flags);
	slot = &tdxm_signatures[tdxm_nr_signatures++ % TDXM_NR_SIGNATURES];
	memcpy(slot->digest, digest, SEAM_SIGSTRUCT_HASH_BYTES);
	memcpy(slot->sig, sig, SEAM_SIGSTRUCT_KEY_BYTES);
	raw_spin_unlock_irqrestore(&tdxm_lock, flags);
	return 0;
}

/* Context: model lock held. */
static bool tdxm_signature_valid(const struct seam_sigstruct *sig)
{
	const struct tdxm_signature *known;
	u8 digest[SEAM_SIGSTRUCT_HASH_BYTES];

	if (!tdxm_signed_digest(sig, digest))
		return false;
	known = tdxm_find_signature(digest);
	return known && !memcmp(known->sig, sig->signature, sizeof(known->sig));
}

/* ----- Images ----- */

static void tdxm_add_fms(void *info)
{
	struct seam_sigstruct *sig = info;
	u32 fms = cpuid_eax(1);
	unsigned int i;

	for (i = 0; i < sig->cpuid_table_size; i++) {
		if (sig->cpuid_table[i] == fms)
			return;
	}
	if (i < SEAM_SIGSTRUCT_MAX_CPUIDS)
		sig->cpuid_table[sig->cpuid_table_size++] = fms;
}

/**
 * tdx_model_fill_sigstruct() - Write an unsigned sigstruct for a module
 * @sig: the sigstruct
 * @module: the module: its SVN and handoff fields go into @sig
 *
 * The fields are those of a production-signed Intel sigstruct; the CPUID
 * table lists the CPUs this machine has.
 *
 * Context: Process context; may sleep.
 */
void tdx_model_fill_sigstruct(struct seam_sigstruct *sig,
			      const struct tdx_model_module *module)
{
	unsigned int cpu;

	memset(sig, 0, sizeof(*sig));
	sig->header_type = SEAM_SIGSTRUCT_HEADER_TYPE;
	sig->header_length = SEAM_SIGSTRUCT_HEADER_LENGTH;
	sig->header_version = SEAM_SIGSTRUCT_HEADER_VERSION;
	sig->module_vendor = SEAMLDR_VENDOR_INTEL;
	sig->date = 0x20261201;
	sig->size = SEAM_SIGSTRUCT_DWORDS;
	sig->key_size = SEAM_SIGSTRUCT_KEY_DWORDS;
	sig->modulus_size = SEAM_SIGSTRUCT_KEY_DWORDS;
	sig->exponent_size = SEAM_SIGSTRUCT_EXPONENT_DWORDS;
	sig->exponent = SEAM_SIGSTRUCT_EXPONENT;
	sig->svn_minor = module->svn_minor;
	sig->svn_major = module->svn_major;
	sig->module_hv = module->module_hv;
	sig->min_update_hv = module->min_update_hv;
	sig->no_downgrade = module->no_downgrade;
	sig->num_handoff_pages = module->num_handoff_pages;

	cpus_read_lock();
	for_each_online_cpu(cpu)
		smp_call_function_single(cpu, tdxm_add_fms, sig, true);
	cpus_read_unlock();
}

/**
 * tdx_model_sign() - Sign a sigstruct for its module pages
 * @sig: the sigstruct, its other fields filled in
 * @pages: the module pages, in order
 * @nr_pages: how many
 *
 * Sets the test key's modulus, SEAMHASH and the signature.
 *
 * Context: Process context; may sleep.
 * Return: 0, or the errno of the crypto code.
 */
int tdx_model_sign(struct seam_sigstruct *sig, void * const *pages,
		   unsigned int nr_pages)
{
	SHASH_DESC_ON_STACK(desc, tdxm_sha384);
	u8 digest[SEAM_SIGSTRUCT_HASH_BYTES];
	unsigned int i;

	memcpy(sig->modulus, tdxm_test_key_modulus, sizeof(sig->modulus));
	if (!tdxm_hash_start(desc))
		return -ENOPKG;
	for (i = 0; i < nr_pages; i++)
		crypto_shash_update(desc, pages[i], SZ_4K);
	crypto_shash_final(desc, sig->seamhash);

	tdxm_signed_digest(sig, digest);
	return tdxm_signature_of(digest, sig->signature);
}

/**
 * tdx_model_image_sigstruct() - The sigstruct of an update image
 * @image: a tdx_image: header, sigstruct page, module pages
 *
 * Context: Any context.
 * Return: The sigstruct in @image.
 */
struct seam_sigstruct *tdx_model_image_sigstruct(void *image)
{
	return image + SZ_4K;
}

/**
 * tdx_model_image_module() - The model module header of an update image
 * @image: a tdx_image with at least one module page
 *
 * Context: Any context.
 * Return: The header at the start of the first module page.
 */
struct tdx_model_module_header *tdx_model_image_module(void *image)
{
	return image + 2 * SZ_4K;
}

/* Whether @image is Intel's blob (0x100) rather than a tdx_image. */
static bool tdxm_is_blob(const void *image)
{
	const struct tdx_blob_header *blob = image;

	return blob->version == TDX_BLOB_VERSION &&
	       !memcmp(blob->signature, TDX_IMAGE_SIGNATURE, sizeof(blob->signature));
}

/**
 * tdx_model_blob_fix_checksum() - Make a blob's checksum right again
 * @image: Intel's blob (0x100), as long as its length field says
 *
 * The checksum makes the sum of the blob's little-endian 16-bit words 0.
 *
 * Context: Any context.
 */
void tdx_model_blob_fix_checksum(void *image)
{
	struct tdx_blob_header *blob = image;
	const u8 *p = image;
	u32 i, len = blob->length;
	u16 sum = 0;

	blob->checksum = 0;
	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] | p[i + 1] << 8;
	if (len & 1)
		sum += p[len - 1];
	blob->checksum = -sum;
}

/**
 * tdx_model_image_to_blob() - Turn a tdx_image into Intel's blob format
 * @image: a tdx_image (0x200) with one sigstruct page
 *
 * Writes the 0x100 header in place of the 0x200 one: the sigstruct and
 * the module stay where they are, the module at 8 KiB, no reserved
 * pages, as in every published release.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL if @image is not such a tdx_image.
 */
int tdx_model_image_to_blob(void *image)
{
	const struct tdx_image_header *hdr = image;
	struct tdx_blob_header *blob = image;
	u32 nr = hdr->module_pages;

	if (hdr->version != TDX_IMAGE_VERSION || hdr->sigstruct_pages != 1 ||
	    !nr || nr > SEAMLDR_MAX_MODULE_PAGES)
		return -EINVAL;
	memset(blob, 0, sizeof(*blob));
	blob->version = TDX_BLOB_VERSION;
	blob->offset_of_module = TDX_BLOB_MIN_MODULE_OFFSET;
	memcpy(blob->signature, TDX_IMAGE_SIGNATURE, sizeof(blob->signature));
	blob->length = (2 + nr) * SZ_4K;
	tdx_model_blob_fix_checksum(image);
	return 0;
}

/**
 * tdx_model_sign_image() - Sign an update image again
 * @image: a tdx_image whose header gives its module page count, or a
 *	   blob whose module starts at 8 KiB
 *
 * For a test that changed the sigstruct or the module pages and wants
 * the image correctly signed nonetheless.  A blob's checksum is made
 * right again.
 *
 * Context: Process context; may sleep.
 * Return: 0, -EINVAL for a bad page count, -ENOMEM, or the errno of the
 * crypto code.
 */
int tdx_model_sign_image(void *image)
{
	const struct tdx_blob_header *blob = image;
	const struct tdx_image_header *hdr = image;
	bool is_blob = tdxm_is_blob(image);
	unsigned int i, nr;
	void **pages;
	int ret;

	nr = is_blob ? blob->length / SZ_4K - 2 : hdr->module_pages;
	if (!nr || nr > SEAMLDR_MAX_MODULE_PAGES)
		return -EINVAL;
	pages = kmalloc_array(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	for (i = 0; i < nr; i++)
		pages[i] = image + (2 + i) * SZ_4K;
	ret = tdx_model_sign(tdx_model_image_sigstruct(image), pages, nr);
	kfree(pages);
	if (!ret && is_blob)
		tdx_model_blob_fix_checksum(image);
	return ret;
}

/**
 * tdx_model_build_image() - Build an update image the model accepts
 * @buf: room for the image: (2 + @nr_module_pages) * 4 KiB
 * @module: the module the image carries
 * @nr_module_pages: module pages, 1 to SEAMLDR_MAX_MODULE_PAGES
 *
 * Writes a tdx_image header, a sigstruct signed with the test key and
 * module pages: the module header, then a fixed pattern.
 *
 * Context: Process context; may sleep.
 * Return: 0, -EINVAL for a bad page count, -ENOMEM, or the errno of the
 * crypto code.
 */
int tdx_model_build_image(void *buf, const struct tdx_model_module *module,
			  unsigned int nr_module_pages)
{
	struct tdx_image_header *hdr = buf;
	struct tdx_model_module_header *mh;
	unsigned int i;

	if (!nr_module_pages || nr_module_pages > SEAMLDR_MAX_MODULE_PAGES)
		return -EINVAL;

	memset(buf, 0, 2 * SZ_4K);
	hdr->version = TDX_IMAGE_VERSION;
	memcpy(hdr->signature, TDX_IMAGE_SIGNATURE, sizeof(hdr->signature));
	hdr->sigstruct_pages = 1;
	hdr->module_pages = nr_module_pages;

	for (i = 0; i < nr_module_pages; i++)
		memset(buf + (2 + i) * SZ_4K, 0x11 * (i % 15 + 1), SZ_4K);
	mh = tdx_model_image_module(buf);
	mh->magic = TDX_MODEL_MODULE_MAGIC;
	mh->module = *module;

	tdx_model_fill_sigstruct(tdx_model_image_sigstruct(buf), module);
	return tdx_model_sign_image(buf);
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

/* The field checks of the sigstruct (F13.6): EBADSIG if one fails. */
static bool tdxm_sigstruct_fields_ok(const struct seam_sigstruct *sig)
{
	return sig->header_type == SEAM_SIGSTRUCT_HEADER_TYPE &&
	       sig->header_length == SEAM_SIGSTRUCT_HEADER_LENGTH &&
	       sig->header_version == SEAM_SIGSTRUCT_HEADER_VERSION &&
	       sig->key_size == SEAM_SIGSTRUCT_KEY_DWORDS &&
	       sig->modulus_size == SEAM_SIGSTRUCT_KEY_DWORDS &&
	       sig->exponent_size == SEAM_SIGSTRUCT_EXPONENT_DWORDS &&
	       sig->module_vendor == SEAMLDR_VENDOR_INTEL &&
	       !(sig->module_type & ~SEAM_SIGSTRUCT_TYPE_DEBUG) &&
	       !sig->attributes &&
	       sig->size == SEAM_SIGSTRUCT_DWORDS &&
	       sig->cpuid_table_size <= SEAM_SIGSTRUCT_MAX_CPUIDS &&
	       sig->exponent == SEAM_SIGSTRUCT_EXPONENT &&
	       sig->min_update_hv <= sig->module_hv &&
	       IS_ALIGNED(sig->gdt_idt_offset, SZ_4K) &&
	       !sig->gdt_idt_offset == !sig->fault_wrapper_offset &&
	       !memchr_inv(sig->reserved0, 0, sizeof(sig->reserved0)) &&
	       !memchr_inv(sig->reserved1, 0, sizeof(sig->reserved1)) &&
	       !memchr_inv(sig->reserved2, 0, sizeof(sig->reserved2)) &&
	       !memchr_inv(sig->reserved3, 0, sizeof(sig->reserved3));
}

/* SHA-384 of the modulus must be the key P-SEAMLDR trusts. */
static bool tdxm_key_trusted(const struct seam_sigstruct *sig)
{
	SHASH_DESC_ON_STACK(desc, tdxm_sha384);
	u8 digest[SEAM_SIGSTRUCT_HASH_BYTES];

	if (!tdxm_hash_start(desc))
		return false;
	crypto_shash_update(desc, sig->modulus, sizeof(sig->modulus));
	crypto_shash_final(desc, digest);
	return !memcmp(digest, tdxm_test_key_hash, sizeof(digest));
}

/* Debug signing, SVNs and offsets, in P-SEAMLDR's order (F13.5). */
static u64 tdxm_check_manifest(const struct seam_sigstruct *sig,
			       const struct seamldr_params *p, bool update)
{
	const struct tdxm_run *run = &tdxm.run;
	u64 module_size = p->num_module_pages * SZ_4K;

	if ((sig->module_type & SEAM_SIGSTRUCT_TYPE_DEBUG) &&
	    !tdxm.cfg.debug_platform)
		return SEAMLDR_EBADSIG;
	if (!sig->svn_major)
		return SEAMLDR_EUNSUPPORTED;
	if (update && sig->svn_major != run->module.svn_major)
		return SEAMLDR_EUNSUPPORTED;
	if (update && sig->svn_minor < run->module.svn_minor)
		return SEAMLDR_EBADSIG;
	if (sig->gdt_idt_offset > module_size - SZ_4K ||
	    sig->fault_wrapper_offset >= module_size)
		return SEAMLDR_EBADSIG;
	return SEAMLDR_SUCCESS;
}

/*
 * A CPUID table lists the CPU of every LP of the round, stepping aside;
 * a production module must have one (F13.5).
 */
static u64 tdxm_check_cpuid_table(const struct seam_sigstruct *sig)
{
	const struct tdxm_run *run = &tdxm.run;
	unsigned int cpu, i;

	if (!sig->cpuid_table_size)
		return (sig->module_type & SEAM_SIGSTRUCT_TYPE_DEBUG) ?
		       SEAMLDR_SUCCESS : SEAMLDR_EBADSIG;

	for_each_cpu(cpu, &run->installed) {
		for (i = 0; i < sig->cpuid_table_size; i++) {
			if (!((sig->cpuid_table[i] ^ run->lp_fms[cpu]) &
			      SEAM_SIGSTRUCT_FMS_MASK))
				break;
		}
		if (i == sig->cpuid_table_size)
			return SEAMLDR_EUNSUPCPU;
	}
	return SEAMLDR_SUCCESS;
}

/*
 * The model's sizing of the new module's memory: its pages, its data and
 * keyhole pages, and a stack and TLS for every LP must fit the SEAM
 * range, else ENOMEM (F13.5).
 */
static bool tdxm_fits_seam_range(const struct seam_sigstruct *sig,
				 const struct seamldr_params *p)
{
	u64 pages = p->num_module_pages + sig->num_global_data_pages +
		    sig->num_keyhole_pages + sig->num_handoff_pages +
		    (u64)tdxm_platform_lps() *
		    (sig->num_stack_pages + sig->num_tls_pages);

	return pages <= tdxm.cfg.seam_range_pages;
}

/* An update left, and handoff data the new module accepts. */
static u64 tdxm_check_handoff(const struct seam_sigstruct *sig)
{
	const struct tdxm_run *run = &tdxm.run;

	if (!run->remaining_updates)
		return SEAMLDR_EBADCALL;
	if (!run->handoff_valid || run->handoff_hv < sig->min_update_hv ||
	    run->handoff_hv > sig->module_hv)
		return SEAMLDR_EBADHANDOFF;
	return SEAMLDR_SUCCESS;
}

/* SHA-384 over the module pages as loaded must be SEAMHASH. */
static bool tdxm_seamhash_ok(const struct seam_sigstruct *sig,
			     const struct seamldr_params *p)
{
	SHASH_DESC_ON_STACK(desc, tdxm_sha384);
	u8 digest[SEAM_SIGSTRUCT_HASH_BYTES];
	u64 i;

	if (!tdxm_hash_start(desc))
		return false;
	for (i = 0; i < p->num_module_pages; i++)
		crypto_shash_update(desc, __va(p->module_pages_pa[i]), SZ_4K);
	crypto_shash_final(desc, digest);
	return !memcmp(digest, sig->seamhash, sizeof(digest));
}

/*
 * Start the new module; it needs TDH.SYS.INIT and LP.INIT everywhere.
 * The SVN and the handoff fields are the sigstruct's; the module itself
 * checks the latter at TDH.SYS.INIT (F2.1, F13.5).
 */
static void tdxm_load_module(const struct tdx_model_module *new,
			     const struct seam_sigstruct *sig, bool update)
{
	struct tdxm_run *run = &tdxm.run;

	run->module = *new;
	run->module.svn_minor = sig->svn_minor;
	run->module.svn_major = sig->svn_major;
	run->sigstruct_mismatch = new->module_hv != sig->module_hv ||
				  new->min_update_hv != sig->min_update_hv ||
				  new->no_downgrade != sig->no_downgrade ||
				  new->num_handoff_pages != sig->num_handoff_pages;
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
	const struct tdx_model_module_header *mh;
	const struct seam_sigstruct *sig;
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
	if (!tdxm_sigstruct_fields_ok(sig) || !tdxm_key_trusted(sig))
		return SEAMLDR_EBADSIG;
	status = tdxm_check_manifest(sig, p, update) ?:
		 tdxm_check_cpuid_table(sig);
	if (status)
		return status;
	/* The signature is verified last of the manifest checks. */
	if (!tdxm_signature_valid(sig))
		return SEAMLDR_EBADSIG;
	if (tdxm_seamldr_entropy_fails())
		return SEAMLDR_ENOENTROPY;
	if (!tdxm_fits_seam_range(sig, p))
		return SEAMLDR_ENOMEM;
	if (update) {
		status = tdxm_check_handoff(sig);
		if (status)
			return status;
	}

	/* From here on the old module's memory has been overwritten. */
	c->work_ns = tdxm.run.install_ns;
	c->out.rdx = TDXM_SEAMLDR_UNRECOVERABLE;
	if (!tdxm_seamhash_ok(sig, p))
		return SEAMLDR_EBADHASH;
	/* A module the model cannot run fails like a bad relocation. */
	mh = __va(p->module_pages_pa[0]);
	if (mh->magic != TDX_MODEL_MODULE_MAGIC)
		return SEAMLDR_EBADPARAM;

	c->out.rdx = 0;
	tdxm_load_module(&mh->module, sig, update);
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
	/* This LP's CPU, for the check of the CPUID table. */
	run->lp_fms[c->cpu] = cpuid_eax(1);
	c->out.rdx = 0;
	if (cpumask_weight(&run->installed) < tdxm_platform_lps())
		return SEAMLDR_SUCCESS;

	status = tdxm_install_last(c);
	/* Whatever the outcome, the next call starts a new round. */
	cpumask_clear(&run->installed);
	/* A recoverable failure puts the old module back as it was. */
	if (status && c->out.rdx != TDXM_SEAMLDR_UNRECOVERABLE)
		run->sys_state = run->install_from;
	else if (status)
		run->handoff_valid = false;
	return status;
}
