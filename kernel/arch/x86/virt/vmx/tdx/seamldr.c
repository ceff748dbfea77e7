// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime update of the TDX module through P-SEAMLDR.
 *
 * An update replaces the running TDX module without losing the TDs: the
 * old module writes its state to handoff memory (TDH.SYS.SHUTDOWN),
 * P-SEAMLDR installs the new module on every logical CPU
 * (SEAMLDR.INSTALL), every CPU initializes the new module (TDH.SYS.INIT,
 * TDH.SYS.LP.INIT) and the new module takes over the handoff state
 * (TDH.SYS.UPDATE).
 *
 * No SEAMCALL may reach the module while this happens, and KVM makes them
 * from many contexts on every CPU.  stop_machine() is the one primitive
 * that keeps all of them out, vCPUs included, so the steps run inside it.
 * Some steps run on one CPU, one on each CPU in turn, some on all CPUs
 * at once; a single state machine moves all CPUs through them together.
 *
 * Everything that can be checked is checked before the CPUs stop: the
 * image format, the module's support for TD-preserving updates, the
 * updates P-SEAMLDR still allows, that kvm-intel keeps every CPU in VMX
 * operation.  A rejected update changes nothing.  Once TDH.SYS.SHUTDOWN
 * has succeeded the old module no longer runs TDs: a failure after it
 * loses the module and every TD until reboot, unless P-SEAMLDR refused
 * the new module without touching the old one, which then stays shut
 * down with its handoff data for another update to take over.
 *
 * Lock order: cpus_read_lock(), then seamldr.lock, then the core's
 * tdx_module_lock() (which tdx_enable() takes under cpus_read_lock() too).
 */
#define pr_fmt(fmt) "virt/seamldr: " fmt

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nmi.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/timekeeping.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/topology.h>
#include <linux/unaligned.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <crypto/sig.h>
#include <kunit/visibility.h>
#include <asm/tdx.h>

#include "seamcall.h"
#include "seamldr.h"
#include "tdx.h"

/* Bit of seamldr_update.flags: some CPU failed; nothing may advance. */
#define SEAMLDR_FAILED		0

/*
 * seamldr_update.gate: until the lead CPU commits to shutting the old
 * module down, a CPU that waits too long may still call the update off.
 */
enum seamldr_gate {
	SEAMLDR_GATE_OPEN,
	SEAMLDR_GATE_COMMITTED,
	SEAMLDR_GATE_ABORTED,
};

/* seamldr_update.phase: the step in the low byte, a sequence above it. */
#define SEAMLDR_PHASE_STEP	GENMASK(7, 0)
#define SEAMLDR_PHASE_SEQ	BIT(8)

/**
 * struct seamldr_image - An update image copied to pages P-SEAMLDR reads
 * @params:		the SEAMLDR_PARAMS page
 * @sigstruct:		the sigstruct page
 * @module:		the module pages, in image order
 * @nr_module_pages:	entries in @module
 */
struct seamldr_image {
	struct seamldr_params *params;
	struct page *sigstruct;
	struct page **module;
	unsigned int nr_module_pages;
};

/**
 * struct seamldr_update - What the CPUs share while they are stopped
 * @lead_cpu:		the CPU that runs the single-CPU steps
 * @nr_cpus:		CPUs taking part: every online CPU
 * @shutdown_rcx:	RCX of TDH.SYS.SHUTDOWN
 * @resume:		the old module is already shut down: an earlier
 *			update's install was refused harmlessly
 * @addons:		add-on features for TDH.SYS.UPDATE, as the old module had
 * @params_pa:		physical address of SEAMLDR_PARAMS
 * @phase:		the step all CPUs are in, see SEAMLDR_PHASE_*
 * @nr_pending:		CPUs that have not finished the current step yet
 * @progress:		bumped by every new step and every install turn
 * @gate:		enum seamldr_gate
 * @install_turn:	the CPU whose turn it is to run SEAMLDR.INSTALL
 * @nr_installed:	SEAMLDR.INSTALL calls made in this round
 * @install_rounds:	rounds of SEAMLDR.INSTALL begun
 * @install_again:	the last install of the round found no entropy and
 *			changed nothing: run the round again
 * @flags:		SEAMLDR_FAILED
 * @shutdown_done:	the old module is shut down: it runs no TDs
 * @compat_refused:	the module refused RCX bit 16 of TDH.SYS.SHUTDOWN
 * @install_harmless:	the failed install was refused by P-SEAMLDR with
 *			the old module put back (RDX 0 from the last CPU)
 * @stamp:		ktime_get_ns() when each step was published
 */
struct seamldr_update {
	int lead_cpu;
	unsigned int nr_cpus;
	u64 shutdown_rcx;
	bool resume;
	u64 addons;
	u64 params_pa;
	unsigned int phase;
	atomic_t nr_pending;
	atomic_t progress;
	atomic_t gate;
	atomic_t install_turn;
	atomic_t nr_installed;
	unsigned int install_rounds;
	bool install_again;
	unsigned long flags;
	bool shutdown_done;
	bool compat_refused;
	bool install_harmless;
	u64 stamp[SEAMLDR_NR_STEPS];
};

/**
 * struct seamldr_state - Module-scope state of the update code
 * @lock:	serializes updates and guards the members below
 * @have_last:	@last and the per-CPU results describe an update
 * @last:	outcome and timing of the last update that stopped the CPUs
 * @handoff_hv:	the handoff version of the running module, read by the
 *		last update that found it initialized
 */
struct seamldr_state {
	/* Serializes updates; guards the members below. */
	struct mutex lock;
	bool have_last;
	struct tdx_update_stats last;
	u16 handoff_hv;
};

static struct seamldr_state seamldr = {
	.lock = __MUTEX_INITIALIZER(seamldr.lock),
};

/* Each CPU's part in the last update; written by that CPU while stopped. */
static DEFINE_PER_CPU(struct seamldr_cpu_result, seamldr_result);

static const char * const seamldr_step_names[SEAMLDR_NR_STEPS] = {
	[SEAMLDR_STEP_CHECK]		= "check",
	[SEAMLDR_STEP_SHUTDOWN]		= "shutdown",
	[SEAMLDR_STEP_CPU_INSTALL]	= "install",
	[SEAMLDR_STEP_CPU_INIT]		= "init",
	[SEAMLDR_STEP_RUN_UPDATE]	= "update",
	[SEAMLDR_STEP_DONE]		= "done",
};

/* ----- P-SEAMLDR information ----- */

static int seamldr_read_info(struct seamldr_info *raw)
{
	struct tdx_module_args args;
	int tries = TDX_NO_ENTROPY_TRIES;
	u64 status;

	/* P-SEAMLDR runs out of entropy only for a moment. */
	do {
		args = (struct tdx_module_args) { .rcx = __pa(raw) };
		status = seamldr_call(P_SEAMLDR_INFO, &args);
	} while (status == SEAMLDR_ENOENTROPY && --tries);

	if (status) {
		pr_err("SEAMLDR.INFO failed: %#llx\n", status);
		return seamldr_status_to_errno(status);
	}
	return 0;
}

/**
 * tdx_seamldr_get_info() - Ask P-SEAMLDR about itself
 * @info:	receives the answer
 *
 * Each call is a P-SEAMLDR call, serialized with all others on the
 * platform; callers that show the values to users should not poll.
 *
 * Context: Process context; may sleep.
 * Return: 0 on success; -ENODEV without TDX; -ENXIO while no CPU is kept
 * in VMX operation (kvm-intel is not loaded with tdx=1); -ENOMEM; the
 * errno of the failed SEAMLDR.INFO otherwise.
 */
int tdx_seamldr_get_info(struct tdx_seamldr_info *info)
{
	struct seamldr_info *raw;
	int ret;

	if (!tdx_platform_detected())
		return -ENODEV;

	/* kmalloc() aligns a 256-byte object to 256 bytes, as required. */
	raw = kzalloc(sizeof(*raw), GFP_KERNEL);
	if (!raw)
		return -ENOMEM;

	/* The module lock keeps kvm-intel from turning VMX off meanwhile. */
	tdx_module_lock();
	ret = tdx_check_vmx_locked() ?: seamldr_read_info(raw);
	tdx_module_unlock();
	if (!ret) {
		*info = (struct tdx_seamldr_info) {
			.version		= raw->version,
			.major			= raw->major,
			.minor			= raw->minor,
			.update			= raw->update,
			.build_num		= raw->build_num,
			.build_date		= raw->build_date,
			.num_remaining_updates	= raw->num_remaining_updates,
			.seam_ready		= raw->seam_ready,
			.p_seamldr_ready	= raw->p_seamldr_ready,
		};
	}
	kfree(raw);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_seamldr_get_info);

/* ----- The image ----- */

/*
 * Sum of the little-endian 16-bit words of @len bytes, an odd last byte
 * counting as a low byte.  A blob's checksum field makes it 0.
 */
static u16 seamldr_blob_sum(const u8 *p, size_t len)
{
	u16 sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get_unaligned_le16(p + i);
	if (len & 1)
		sum += p[len - 1];
	return sum;
}

/* Intel's published blob, version 0x100; the header is within @len. */
static int seamldr_parse_blob(const void *image, size_t len,
			      struct seamldr_image_parts *parts)
{
	const struct tdx_blob_header *hdr = image;
	const size_t gap_start = TDX_BLOB_SIGSTRUCT_OFFSET + SEAM_SIGSTRUCT_SIZE;
	size_t offset = hdr->offset_of_module, module_len;

	if (hdr->length != len) {
		pr_err_ratelimited("image: length field %u, data %zu bytes\n",
				   hdr->length, len);
		return -EMSGSIZE;
	}
	if (seamldr_blob_sum(image, len)) {
		pr_err_ratelimited("image: bad checksum\n");
		return -EBADMSG;
	}
	if (hdr->reserved0 || memchr_inv(hdr->reserved, 0, sizeof(hdr->reserved))) {
		pr_err_ratelimited("image: reserved header bytes are not zero\n");
		return -EPROTO;
	}
	if (offset < TDX_BLOB_MIN_MODULE_OFFSET || !PAGE_ALIGNED(offset) ||
	    offset > len) {
		pr_err_ratelimited("image: module offset %#zx is not 8 KiB plus whole pages within the file\n",
				   offset);
		return -EINVAL;
	}
	module_len = len - offset;
	if (!module_len || !PAGE_ALIGNED(module_len)) {
		pr_err_ratelimited("image: module of %zu bytes is not whole pages\n",
				   module_len);
		return -EINVAL;
	}
	if (module_len / PAGE_SIZE > TDX_IMAGE_MAX_MODULE_PAGES) {
		pr_err_ratelimited("image: more than %u module pages\n",
				   TDX_IMAGE_MAX_MODULE_PAGES);
		return -EFBIG;
	}
	/* The 2 KiB after the sigstruct and the reserved pages. */
	if (memchr_inv(image + gap_start, 0, offset - gap_start)) {
		pr_err_ratelimited("image: reserved bytes after the sigstruct are not zero\n");
		return -EPROTO;
	}

	parts->sigstruct_page = image + TDX_BLOB_SIGSTRUCT_OFFSET;
	parts->module = image + offset;
	parts->nr_module_pages = module_len / PAGE_SIZE;
	return 0;
}

/* Mainline's tdx_image, version 0x200; the header is within @len. */
static int seamldr_parse_tdx_image(const void *image, size_t len,
				   struct seamldr_image_parts *parts)
{
	const struct tdx_image_header *hdr = image;
	size_t expected;

	if (memchr_inv(hdr->reserved, 0, sizeof(hdr->reserved))) {
		pr_err_ratelimited("image: reserved header bytes are not zero\n");
		return -EPROTO;
	}
	if (hdr->sigstruct_pages != TDX_IMAGE_MAX_SIGSTRUCT_PAGES ||
	    !hdr->module_pages) {
		pr_err_ratelimited("image: %u sigstruct and %u module pages\n",
				   hdr->sigstruct_pages, hdr->module_pages);
		return -EINVAL;
	}
	if (hdr->module_pages > TDX_IMAGE_MAX_MODULE_PAGES) {
		pr_err_ratelimited("image: more than %u module pages\n",
				   TDX_IMAGE_MAX_MODULE_PAGES);
		return -EFBIG;
	}

	/* The counts are bounded above, so this cannot overflow. */
	expected = (size_t)(1 + hdr->sigstruct_pages + hdr->module_pages) * PAGE_SIZE;
	if (len != expected) {
		pr_err_ratelimited("image: %zu bytes, the header's page counts make %zu\n",
				   len, expected);
		return -EMSGSIZE;
	}

	parts->sigstruct_page = image + PAGE_SIZE;
	parts->module = image + 2 * PAGE_SIZE;
	parts->nr_module_pages = hdr->module_pages;
	return 0;
}

/**
 * seamldr_parse_image() - Check the format of an update image
 * @image:	the image: Intel's blob (0x100) or a tdx_image (0x200)
 * @len:	its length in bytes
 * @parts:	where the sigstruct page and the module pages are, on success
 *
 * Checks are made in an order that never reads beyond @len.  Each
 * refusal logs the field it found wrong.
 *
 * Context: Any context.
 * Return: 0 if the image is well formed;
 * -ENODATA if it is shorter than its header;
 * -ENOEXEC if the header has no "TDX-BLOB" signature;
 * -EPROTONOSUPPORT if the header version is not the signature's;
 * -EMSGSIZE if @len is not what the header says;
 * -EBADMSG if a blob's checksum is wrong;
 * -EPROTO if reserved bytes are not zero;
 * -EINVAL if the module is not in whole pages where the format puts it,
 * has none, or a tdx_image has not exactly one sigstruct page;
 * -EFBIG if it has more module pages than P-SEAMLDR takes (496).
 */
VISIBLE_IF_KUNIT int seamldr_parse_image(const void *image, size_t len,
					 struct seamldr_image_parts *parts)
{
	const struct tdx_image_header *img = image;
	const struct tdx_blob_header *blob = image;

	if (!image || len < PAGE_SIZE) {
		pr_err_ratelimited("image: %zu bytes, shorter than its header\n", len);
		return -ENODATA;
	}
	/* The signature's place tells the two formats apart. */
	if (!memcmp(blob->signature, TDX_IMAGE_SIGNATURE, sizeof(blob->signature))) {
		if (blob->version == TDX_BLOB_VERSION)
			return seamldr_parse_blob(image, len, parts);
	} else if (!memcmp(img->signature, TDX_IMAGE_SIGNATURE,
			   sizeof(img->signature))) {
		if (img->version == TDX_IMAGE_VERSION)
			return seamldr_parse_tdx_image(image, len, parts);
	} else {
		pr_err_ratelimited("image: no TDX-BLOB signature\n");
		return -ENOEXEC;
	}
	pr_err_ratelimited("image: unknown version %#x\n", img->version);
	return -EPROTONOSUPPORT;
}

static void seamldr_image_free(struct seamldr_image *img)
{
	unsigned int i;

	for (i = 0; i < img->nr_module_pages; i++)
		__free_page(img->module[i]);
	kfree(img->module);
	if (img->sigstruct)
		__free_page(img->sigstruct);
	free_page((unsigned long)img->params);
	memset(img, 0, sizeof(*img));
}

/* A page holding a copy of one page of the image. */
static struct page *seamldr_copy_page(const void *src)
{
	struct page *page = alloc_page(GFP_KERNEL);

	if (page)
		memcpy(page_address(page), src, PAGE_SIZE);
	return page;
}

/*
 * P-SEAMLDR reads the image by physical address, page by page, so the
 * caller's buffer (vmalloc()ed by the firmware loader, say) is copied to
 * pages of the direct map.  SEAMLDR_PARAMS points at them.
 */
static int seamldr_image_load(struct seamldr_image *img,
			      const struct seamldr_image_parts *parts)
{
	unsigned int i, nr = parts->nr_module_pages;

	memset(img, 0, sizeof(*img));
	img->params = (void *)get_zeroed_page(GFP_KERNEL);
	img->module = kcalloc(nr, sizeof(*img->module), GFP_KERNEL);
	img->sigstruct = seamldr_copy_page(parts->sigstruct_page);
	if (!img->params || !img->module || !img->sigstruct)
		goto err_free;

	for (i = 0; i < nr; i++) {
		img->module[i] = seamldr_copy_page(parts->module + i * PAGE_SIZE);
		if (!img->module[i])
			goto err_free;
		img->nr_module_pages++;
	}

	img->params->version = SEAMLDR_PARAMS_VERSION;
	img->params->scenario = SEAMLDR_SCENARIO_UPDATE;
	img->params->sigstruct_pa = page_to_phys(img->sigstruct);
	img->params->num_module_pages = nr;
	for (i = 0; i < nr; i++)
		img->params->module_pages_pa[i] = page_to_phys(img->module[i]);
	return 0;

err_free:
	seamldr_image_free(img);
	return -ENOMEM;
}

/* ----- The sigstruct ----- */

/*
 * What P-SEAMLDR would refuse is refused here, before the CPUs stop: a
 * refusal by P-SEAMLDR comes after TDH.SYS.SHUTDOWN, when the old module
 * no longer runs TDs (F13.4-F13.6).  Each check logs what it found.
 */

static_assert(SEAM_SIGSTRUCT_HASH_BYTES == SHA384_DIGEST_SIZE);

static int seamldr_bad_sigstruct(const char *what)
{
	pr_err("sigstruct: %s\n", what);
	return -EINVAL;
}

/* The fields P-SEAMLDR checks before anything else (F13.6). */
static int seamldr_check_sigstruct_header(const struct seam_sigstruct *s)
{
	if (s->header_type != SEAM_SIGSTRUCT_HEADER_TYPE ||
	    s->header_length != SEAM_SIGSTRUCT_HEADER_LENGTH ||
	    s->header_version != SEAM_SIGSTRUCT_HEADER_VERSION)
		return seamldr_bad_sigstruct("unknown header type, length or version");
	if (s->module_type & ~SEAM_SIGSTRUCT_TYPE_DEBUG)
		return seamldr_bad_sigstruct("reserved module type bits set");
	if (s->module_vendor != SEAMLDR_VENDOR_INTEL)
		return seamldr_bad_sigstruct("vendor is not Intel");
	if (s->size != SEAM_SIGSTRUCT_DWORDS ||
	    s->key_size != SEAM_SIGSTRUCT_KEY_DWORDS ||
	    s->modulus_size != SEAM_SIGSTRUCT_KEY_DWORDS ||
	    s->exponent_size != SEAM_SIGSTRUCT_EXPONENT_DWORDS ||
	    s->exponent != SEAM_SIGSTRUCT_EXPONENT)
		return seamldr_bad_sigstruct("not an RSA-3072 sigstruct");
	if (memchr_inv(s->reserved0, 0, sizeof(s->reserved0)) ||
	    memchr_inv(s->reserved1, 0, sizeof(s->reserved1)) ||
	    memchr_inv(s->reserved2, 0, sizeof(s->reserved2)) ||
	    memchr_inv(s->reserved3, 0, sizeof(s->reserved3)) ||
	    s->attributes)
		return seamldr_bad_sigstruct("reserved fields not zero");
	return 0;
}

/* What the sigstruct says of the module, against the image (F13.5, F13.6). */
static int seamldr_check_sigstruct_body(const struct seam_sigstruct *s,
					unsigned int nr_module_pages)
{
	u64 module_size = (u64)nr_module_pages * PAGE_SIZE;

	if (s->cpuid_table_size > SEAM_SIGSTRUCT_MAX_CPUIDS)
		return seamldr_bad_sigstruct("CPUID table too long");
	if (!s->cpuid_table_size && !(s->module_type & SEAM_SIGSTRUCT_TYPE_DEBUG))
		return seamldr_bad_sigstruct("production module without CPUID table");
	if (s->min_update_hv > s->module_hv)
		return seamldr_bad_sigstruct("handoff versions out of order");
	if (!IS_ALIGNED(s->gdt_idt_offset, PAGE_SIZE) ||
	    !s->gdt_idt_offset != !s->fault_wrapper_offset)
		return seamldr_bad_sigstruct("bad GDT/IDT or fault wrapper offset");
	if (s->gdt_idt_offset + PAGE_SIZE > module_size ||
	    s->fault_wrapper_offset >= module_size)
		return seamldr_bad_sigstruct("offsets beyond the module");
	return 0;
}

/* SHA-384 of @nr chunks of @len[i] bytes at @p[i]. */
static int seamldr_sha384(const void * const *p, const size_t *len,
			  unsigned int nr, u8 *digest)
{
	struct crypto_shash *tfm;
	unsigned int i;
	int ret;

	tfm = crypto_alloc_shash("sha384", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		ret = crypto_shash_init(desc);
		for (i = 0; !ret && i < nr; i++)
			ret = crypto_shash_update(desc, p[i], len[i]);
		if (!ret)
			ret = crypto_shash_final(desc, digest);
		shash_desc_zero(desc);
	}
	crypto_free_shash(tfm);
	return ret;
}

/*
 * The RSAPublicKey DER P-SEAMLDR's key makes: SEQUENCE { INTEGER 0 || n,
 * INTEGER 65537 }, n big-endian.
 */
#define SEAMLDR_DER_N_OFF	9
#define SEAMLDR_DER_LEN		(SEAMLDR_DER_N_OFF + SEAM_SIGSTRUCT_KEY_BYTES + 5)

static const u8 seamldr_der_head[SEAMLDR_DER_N_OFF] = {
	0x30, 0x82, 0x01, 0x8a, 0x02, 0x82, 0x01, 0x81, 0x00,
};

static const u8 seamldr_der_tail[5] = { 0x02, 0x03, 0x01, 0x00, 0x01 };

/* Copy @len little-endian bytes to @dst in big-endian order. */
static void seamldr_reverse(u8 *dst, const u8 *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = src[len - 1 - i];
}

/* RSA-3072 PKCS#1 v1.5 over SHA-384 of the signed bytes, with its own key. */
static int seamldr_verify_signature(const struct seam_sigstruct *s)
{
	const void *signed_bytes[] = {
		s, &s->seamhash,
	};
	const size_t signed_len[] = {
		SEAM_SIGSTRUCT_SIGNED_HEAD,
		SEAM_SIGSTRUCT_SIZE - SEAM_SIGSTRUCT_SIGNED_BODY,
	};
	u8 digest[SEAM_SIGSTRUCT_HASH_BYTES];
	struct crypto_sig *tfm;
	u8 *der, *sig;
	int ret;

	ret = seamldr_sha384(signed_bytes, signed_len, 2, digest);
	if (ret)
		return ret;

	der = kmalloc(SEAMLDR_DER_LEN + SEAM_SIGSTRUCT_KEY_BYTES, GFP_KERNEL);
	if (!der)
		return -ENOMEM;
	sig = der + SEAMLDR_DER_LEN;
	memcpy(der, seamldr_der_head, sizeof(seamldr_der_head));
	seamldr_reverse(der + SEAMLDR_DER_N_OFF, s->modulus, sizeof(s->modulus));
	memcpy(der + SEAMLDR_DER_N_OFF + sizeof(s->modulus), seamldr_der_tail,
	       sizeof(seamldr_der_tail));
	seamldr_reverse(sig, s->signature, sizeof(s->signature));

	tfm = crypto_alloc_sig("pkcs1pad(rsa,sha384)", 0, 0);
	if (IS_ERR(tfm)) {
		ret = PTR_ERR(tfm);
		goto out_free;
	}
	ret = crypto_sig_set_pubkey(tfm, der, SEAMLDR_DER_LEN);
	if (!ret)
		ret = crypto_sig_verify(tfm, sig, SEAM_SIGSTRUCT_KEY_BYTES,
					digest, sizeof(digest));
	crypto_free_sig(tfm);
	if (ret && ret != -ENOMEM) {
		pr_err("sigstruct: the signature does not verify (%d)\n", ret);
		ret = -EKEYREJECTED;
	}
out_free:
	kfree(der);
	return ret;
}

/* P-SEAMLDR takes only modules signed with the key it trusts. */
static int seamldr_check_key(const struct seam_sigstruct *s)
{
	const void *modulus = s->modulus;
	const size_t len = sizeof(s->modulus);
	u8 digest[SEAM_SIGSTRUCT_HASH_BYTES];
	int ret;

	ret = seamldr_sha384(&modulus, &len, 1, digest);
	if (ret)
		return ret;
	if (memcmp(digest, tdx_seam_signing_key_hash(), sizeof(digest))) {
		pr_err("sigstruct: not signed with the key P-SEAMLDR trusts\n");
		return -ENOKEY;
	}
	return 0;
}

/* SEAMHASH is SHA-384 over the module pages, as P-SEAMLDR loads them. */
static int seamldr_check_seamhash(const struct seam_sigstruct *s,
				  const void *module, unsigned int nr_pages)
{
	const size_t len = (size_t)nr_pages * PAGE_SIZE;
	u8 digest[SEAM_SIGSTRUCT_HASH_BYTES];
	int ret;

	ret = seamldr_sha384(&module, &len, 1, digest);
	if (ret)
		return ret;
	if (memcmp(digest, s->seamhash, sizeof(digest))) {
		pr_err("sigstruct: SEAMHASH does not match the module pages\n");
		return -EBADMSG;
	}
	return 0;
}

/*
 * Everything about an image that does not depend on the platform, in the
 * order P-SEAMLDR finds it wrong: fields, key, signature, then the module
 * pages' hash.
 */
static int seamldr_check_manifest(const struct seamldr_image_parts *parts)
{
	const struct seam_sigstruct *s = parts->sigstruct_page;
	unsigned int nr = parts->nr_module_pages;

	return seamldr_check_sigstruct_header(s) ?:
	       seamldr_check_sigstruct_body(s, nr) ?:
	       seamldr_check_key(s) ?:
	       seamldr_verify_signature(s) ?:
	       seamldr_check_seamhash(s, parts->module, nr);
}

/**
 * tdx_update_check_image() - Check an update image on its own
 * @image:	the image: Intel's blob (0x100) or a tdx_image (0x200)
 * @len:	its length in bytes
 *
 * Lets a caller reject a bad image early, before it asks for the update:
 * its format, its sigstruct's fields, signing key and signature, and the
 * hash of its module pages.  What depends on the platform and the
 * running module is checked by tdx_module_update(), which makes these
 * checks again.
 *
 * Context: Process context; may sleep.
 * Return: 0 if the image is good, otherwise the errno tdx_module_update()
 * would return for it: see seamldr_parse_image() for the format;
 * -EINVAL for a malformed sigstruct, -ENOKEY if it is not signed with the
 * key P-SEAMLDR trusts, -EKEYREJECTED if the signature does not verify,
 * -EBADMSG if the module pages do not match SEAMHASH; -ENOMEM.
 */
int tdx_update_check_image(const void *image, size_t len)
{
	struct seamldr_image_parts parts;

	return seamldr_parse_image(image, len, &parts) ?:
	       seamldr_check_manifest(&parts);
}
EXPORT_SYMBOL_GPL(tdx_update_check_image);

/* ----- Checks made while the old module still runs ----- */

/*
 * The running module must take part in an update at all, and its
 * handoff versions, read now and not at initialization, must make sense.
 * Every published module writes and accepts only version 0 (F9.5).
 */
static int seamldr_check_module(const struct tdx_sys_info *si,
				struct tdx_sys_info_handoff *h)
{
	int ret;

	if (!(si->features0 & TDX_FEATURES0_TD_PRESERVING)) {
		pr_err("the running module does not support TD-preserving updates\n");
		return -EOPNOTSUPP;
	}
	ret = tdx_read_handoff_locked(h);
	if (ret) {
		pr_err("cannot read the running module's handoff versions (%d)\n",
		       ret);
		return ret;
	}
	if (h->module_hv < h->min_update_hv) {
		pr_err("the running module reports handoff versions %u..%u\n",
		       h->min_update_hv, h->module_hv);
		return -EINVAL;
	}
	return 0;
}

/* An update keeps the major SVN and does not lower the minor (F13.5). */
static int seamldr_check_svn(const struct seam_sigstruct *s,
			     const struct seamldr_info *ldr)
{
	u8 major = ldr->seamextend.tee_tcb_svn[SEAM_SVN_MAJOR];
	u8 minor = ldr->seamextend.tee_tcb_svn[SEAM_SVN_MINOR];

	if (!s->svn_major || s->svn_major != major) {
		pr_err("sigstruct: SVN %u.%u cannot replace the running module's %u.%u\n",
		       s->svn_major, s->svn_minor, major, minor);
		return -EOPNOTSUPP;
	}
	if (s->svn_minor < minor) {
		pr_err("sigstruct: SVN %u.%u is older than the running module's %u.%u\n",
		       s->svn_major, s->svn_minor, major, minor);
		return -EPERM;
	}
	return 0;
}

static void seamldr_read_fms(void *fms)
{
	*(u32 *)fms = cpuid_eax(1);
}

/* A CPUID table lists, stepping aside, the CPU of every package (F13.5). */
static int seamldr_check_cpuid_table(const struct seam_sigstruct *s)
{
	unsigned int cpu, i;
	u32 fms;

	if (!s->cpuid_table_size)
		return 0;

	for_each_online_cpu(cpu) {
		if (cpu != cpumask_first(topology_core_cpumask(cpu)))
			continue;
		smp_call_function_single(cpu, seamldr_read_fms, &fms, true);
		for (i = 0; i < s->cpuid_table_size; i++) {
			if (!((s->cpuid_table[i] ^ fms) & SEAM_SIGSTRUCT_FMS_MASK))
				break;
		}
		if (i == s->cpuid_table_size) {
			pr_err("sigstruct: the CPU of package %u (CPUID.1.EAX %#x) is not in its CPUID table\n",
			       topology_logical_package_id(cpu), fms);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

/*
 * The new module must accept the handoff data the old one writes, whose
 * version @handoff_hv is the old module's own (F9.5, F13.5).
 */
static int seamldr_check_handoff(const struct seam_sigstruct *s, u16 handoff_hv)
{
	if (handoff_hv < s->min_update_hv || handoff_hv > s->module_hv) {
		pr_err("sigstruct: the new module takes handoff versions %u..%u, not %u\n",
		       s->min_update_hv, s->module_hv, handoff_hv);
		return -EINVAL;
	}
	return 0;
}

/* The image against this platform and the running module. */
static int seamldr_check_fit(const struct seam_sigstruct *s,
			     const struct seamldr_info *ldr, u16 handoff_hv)
{
	if ((s->module_type & SEAM_SIGSTRUCT_TYPE_DEBUG) &&
	    !tdx_platform_runs_debug_modules()) {
		pr_err("sigstruct: a debug-signed module on a production platform\n");
		return -EPERM;
	}
	return seamldr_check_svn(s, ldr) ?:
	       seamldr_check_cpuid_table(s) ?:
	       seamldr_check_handoff(s, handoff_hv);
}

/*
 * P-SEAMLDR must be ready, still allow an update, and take the image on
 * this platform after the running module.
 */
static int seamldr_check_loader(const struct seam_sigstruct *s, u16 handoff_hv)
{
	struct seamldr_info *ldr;
	int ret;

	/* kmalloc() aligns a 256-byte object to 256 bytes, as required. */
	ldr = kzalloc(sizeof(*ldr), GFP_KERNEL);
	if (!ldr)
		return -ENOMEM;

	ret = seamldr_read_info(ldr);
	if (ret)
		goto out_free;

	if (!ldr->p_seamldr_ready || !ldr->seam_ready) {
		pr_err("P-SEAMLDR is not ready for an update\n");
		ret = -ENODEV;
	} else if (!ldr->num_remaining_updates) {
		pr_err("P-SEAMLDR allows no more updates until reboot\n");
		ret = -ENOSPC;
	} else {
		ret = seamldr_check_fit(s, ldr, handoff_hv);
	}
out_free:
	kfree(ldr);
	return ret;
}

/*
 * On CPUs with the P-SEAMLDR erratum, returning from P-SEAMLDR clears the
 * current VMCS under KVM's feet, so updates are not offered there.
 */
static bool seamldr_keeps_vmcs(void)
{
	return tdx_read_vmx_basic() & VMX_BASIC_SEAMRET_PRESERVES_VMCS;
}

/**
 * tdx_update_supported() - Whether runtime module updates can work here
 *
 * Makes no SEAMCALL: it tells whether the platform has TDX and whether
 * its CPUs let P-SEAMLDR run while KVM is active.  Whether the running
 * module and P-SEAMLDR allow an update is checked by the update itself.
 *
 * Context: Any context.
 * Return: true if a runtime update may be attempted.
 */
bool tdx_update_supported(void)
{
	if (!tdx_platform_detected())
		return false;
	return seamldr_keeps_vmcs();
}
EXPORT_SYMBOL_GPL(tdx_update_supported);

/* SEAMLDR.INSTALL must run on every logical CPU of the platform. */
static int seamldr_check_cpus(void)
{
	if (!cpumask_equal(cpu_online_mask, cpu_present_mask)) {
		pr_err("all CPUs must be online for an update\n");
		return -EBUSY;
	}
	return 0;
}

/*
 * Checks that need no SEAMCALL come first, then the module's and
 * P-SEAMLDR's.  A module already shut down by an earlier attempt answers
 * no metadata reads; its handoff data is what that attempt found.
 */
static int seamldr_check_platform(const struct tdx_sys_info *si,
				  const struct seam_sigstruct *s,
				  struct tdx_sys_info_handoff *h, bool resume)
{
	int ret;

	if (!seamldr_keeps_vmcs()) {
		pr_err("not supported: P-SEAMLDR clears the current VMCS on this CPU\n");
		return -EOPNOTSUPP;
	}
	ret = tdx_check_vmx_locked() ?: seamldr_check_cpus();
	if (ret)
		return ret;
	if (!resume) {
		ret = seamldr_check_module(si, h);
		if (ret)
			return ret;
		seamldr.handoff_hv = h->module_hv;
	}
	return seamldr_check_loader(s, seamldr.handoff_hv);
}

/*
 * The running module writes its handoff data in its own, newest format,
 * and is asked to refuse rather than break a TD build or migration in
 * progress.  Modules before 2.0.14 do not know the request and refuse
 * RCX bit 16 as a whole (F9.2-F9.4); seamldr_shutdown() then asks again
 * without it.
 */
static u64 seamldr_shutdown_rcx(const struct tdx_sys_info_handoff *h)
{
	return (h->module_hv & TDX_SYS_SHUTDOWN_HV_MASK) |
	       TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE;
}

/* ----- The steps, run with all CPUs stopped ----- */

static bool seamldr_failed(struct seamldr_update *u)
{
	return test_bit(SEAMLDR_FAILED, &u->flags);
}

static void seamldr_record_failure(struct seamldr_update *u,
				   struct seamldr_cpu_result *res,
				   enum seamldr_step step, int err)
{
	res->step = step;
	res->err = err;
	if (err == -ETIMEDOUT)
		res->outcome = SEAMLDR_CPU_TIMEOUT;
	else if (step == SEAMLDR_STEP_SHUTDOWN &&
		 tdx_status_code(res->status) == TDX_UPDATE_COMPAT_SENSITIVE)
		res->outcome = SEAMLDR_CPU_BUSY;
	else
		res->outcome = SEAMLDR_CPU_FAILED;
	/* Before the acknowledgment that may end the step: see seamldr_ack(). */
	set_bit(SEAMLDR_FAILED, &u->flags);
}

static enum seamldr_step seamldr_phase_step(unsigned int phase)
{
	return phase & SEAMLDR_PHASE_STEP;
}

/* When a wait that starts (or sees progress) now gives up. */
static u64 seamldr_deadline(void)
{
	return ktime_get_ns() + tdx_seam_stop_wait_ns(SEAMLDR_WAIT_NS);
}

/*
 * A waiter ran out of time: call the update off, unless the lead CPU has
 * already committed to it.  True if the update is off.
 */
static bool seamldr_abort(struct seamldr_update *u)
{
	return atomic_cmpxchg(&u->gate, SEAMLDR_GATE_OPEN,
			      SEAMLDR_GATE_ABORTED) != SEAMLDR_GATE_COMMITTED;
}

/**
 * seamldr_wait() - Wait, stopped, for the other CPUs
 * @u:		the update
 * @ready:	what to wait for
 * @arg:	its argument
 *
 * Every new step and every install turn is progress and restarts the
 * budget, so a machine with many CPUs installing one after another never
 * runs out of it.  Until the lead CPU commits to TDH.SYS.SHUTDOWN the
 * budget is bounded and running out calls the update off, which changes
 * nothing.  After that nothing is gained by giving up: a CPU still busy
 * in P-SEAMLDR would be abandoned with the module half installed, so the
 * wait lasts as long as the others take.  The NMI watchdog and RCU are
 * kept quiet meanwhile, as multi_cpu_stop() does.
 *
 * Every turn rereads what it waits for, so a waiter notices progress
 * within a clock read, not a udelay() (which can be much slower than it
 * claims in a virtual machine); the budget is wall time.
 *
 * Return: 0 once @ready; -ECANCELED if another CPU called the update off;
 * -ETIMEDOUT if this one did.
 */
static int seamldr_wait(struct seamldr_update *u,
			bool (*ready)(struct seamldr_update *u, unsigned int arg),
			unsigned int arg)
{
	int seen = atomic_read(&u->progress), now;
	u64 deadline = seamldr_deadline();

	while (!ready(u, arg)) {
		if (atomic_read(&u->gate) == SEAMLDR_GATE_ABORTED)
			return -ECANCELED;
		now = atomic_read(&u->progress);
		if (now != seen) {
			seen = now;
			deadline = seamldr_deadline();
		} else if (ktime_get_ns() > deadline) {
			if (seamldr_abort(u))
				return -ETIMEDOUT;
			deadline = U64_MAX;
		}
		cpu_relax();
		touch_nmi_watchdog();
		rcu_momentary_eqs();
	}
	return 0;
}

/* The step has changed since the CPU saw phase @seen. */
static bool seamldr_phase_moved(struct seamldr_update *u, unsigned int seen)
{
	/* Pairs with seamldr_publish(): see the step's full count. */
	return smp_load_acquire(&u->phase) != seen;
}

/* It is @cpu's turn to install, or nobody installs any more. */
static bool seamldr_my_turn(struct seamldr_update *u, unsigned int cpu)
{
	/* Pairs with the release in seamldr_install_in_turn(). */
	return atomic_read_acquire(&u->install_turn) == cpu ||
	       seamldr_failed(u);
}

/* Every CPU: SEAMCALL needs VMX operation, and nothing may fail later. */
static int seamldr_check_cpu(void)
{
	if (tdx_cpu_in_vmx())
		return 0;
	return -ENXIO;
}

/*
 * Lead CPU: write the handoff data and stop the old module.  Commits to
 * the update first: no waiter may call it off from here on.
 */
static int seamldr_shutdown(struct seamldr_update *u,
			    struct seamldr_cpu_result *res)
{
	struct tdx_module_args args = { .rcx = u->shutdown_rcx };

	if (atomic_cmpxchg(&u->gate, SEAMLDR_GATE_OPEN,
			   SEAMLDR_GATE_COMMITTED) != SEAMLDR_GATE_OPEN)
		return -ECANCELED;
	if (u->resume)
		goto shut_down;

	res->status = seamcall(TDH_SYS_SHUTDOWN, &args);
	if (res->status == (TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX) &&
	    (u->shutdown_rcx & TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE)) {
		/* The refusal changed nothing (F9.1). */
		u->compat_refused = true;
		args.rcx = u->shutdown_rcx & ~TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE;
		res->status = seamcall(TDH_SYS_SHUTDOWN, &args);
	}
	if (res->status)
		return tdx_status_to_errno(res->status) ?: -EIO;

shut_down:
	/*
	 * The new module needs TDH.SYS.INIT and TDH.SYS.LP.INIT again, so
	 * forget that the old one had them; the other CPUs read this only
	 * after they see the next step.
	 */
	u->shutdown_done = true;
	tdx_reset_cpu_state();
	return 0;
}

/*
 * One CPU's SEAMLDR.INSTALL.  Only the last CPU's call does anything; if
 * P-SEAMLDR refuses it with RDX 0, it has put the old module back
 * (F13.5), and if it only ran out of entropy the round can simply run
 * again.  A SEAMCALL that did not reach P-SEAMLDR (VMfailInvalid, #GP,
 * #UD) left the round incomplete and the old module out of reach.
 */
static int seamldr_install_one(struct seamldr_update *u,
			       struct seamldr_cpu_result *res)
{
	struct tdx_module_args args = { .rcx = u->params_pa };
	bool last;

	res->install_seq = atomic_inc_return(&u->nr_installed);
	last = res->install_seq == u->nr_cpus;
	res->status = seamldr_call(P_SEAMLDR_INSTALL, &args);
	if (!res->status || !last || args.rdx ||
	    (res->status & TDX_SW_ERROR) == TDX_SW_ERROR)
		return seamldr_status_to_errno(res->status);

	u->install_harmless = true;
	if (res->status == SEAMLDR_ENOENTROPY &&
	    u->install_rounds < TDX_NO_ENTROPY_TRIES) {
		u->install_again = true;
		return 0;
	}
	return seamldr_status_to_errno(res->status);
}

/*
 * Every CPU, in CPU-number order: only one logical CPU may be inside
 * P-SEAMLDR at a time, and the last one to install validates and loads
 * the new module.  After a failure on an earlier CPU, later CPUs do not
 * install.  Records its own failures: the next CPU must see them.
 */
static void seamldr_install_in_turn(struct seamldr_update *u, int cpu,
				    struct seamldr_cpu_result *res)
{
	int err;

	err = seamldr_wait(u, seamldr_my_turn, cpu);
	if (err || seamldr_failed(u))
		return;

	err = seamldr_install_one(u, res);
	if (err)
		seamldr_record_failure(u, res, SEAMLDR_STEP_CPU_INSTALL, err);

	/*
	 * Pass the turn on.  The release publishes the failure bit with
	 * the turn, and a CPU waiting for its turn gives up on seeing it.
	 */
	atomic_set_release(&u->install_turn, cpumask_next(cpu, cpu_online_mask));
	atomic_inc(&u->progress);
}

/*
 * Lead CPU: let the new module take over the old module's state, with
 * the add-on features the old one ran with (version 1 then).
 */
static int seamldr_sys_update(struct seamldr_update *u,
			      struct seamldr_cpu_result *res)
{
	struct tdx_module_args args = { .r9 = u->addons };
	u64 fn = TDH_SYS_UPDATE;

	if (u->addons)
		fn |= TDX_LEAF_VERSION(1);
	res->status = seamcall(fn, &args);
	if (res->status)
		return tdx_status_to_errno(res->status) ?: -EIO;
	return 0;
}

static void seamldr_run_step(struct seamldr_update *u, enum seamldr_step step,
			     int cpu, struct seamldr_cpu_result *res)
{
	bool is_lead_cpu = cpu == u->lead_cpu;
	int err = 0;

	/*
	 * Every CPU takes its turn to install, or sees that nobody does:
	 * a CPU that skipped the step would leave the next one waiting.
	 */
	if (step == SEAMLDR_STEP_CPU_INSTALL) {
		seamldr_install_in_turn(u, cpu, res);
		return;
	}
	if (seamldr_failed(u))
		return;

	switch (step) {
	case SEAMLDR_STEP_CHECK:
		err = seamldr_check_cpu();
		break;
	case SEAMLDR_STEP_SHUTDOWN:
		if (is_lead_cpu)
			err = seamldr_shutdown(u, res);
		break;
	case SEAMLDR_STEP_CPU_INIT:
		/* The first CPU here also does the global TDH.SYS.INIT. */
		err = tdx_cpu_init_module();
		break;
	case SEAMLDR_STEP_RUN_UPDATE:
		if (is_lead_cpu)
			err = seamldr_sys_update(u, res);
		break;
	case SEAMLDR_STEP_CPU_INSTALL:
	case SEAMLDR_STEP_DONE:
		break;
	}
	/* -ECANCELED: a waiter called the update off and said why. */
	if (err && err != -ECANCELED)
		seamldr_record_failure(u, res, step, err);
}

/* Move all CPUs to @step; called by the last CPU to finish the previous one. */
static void seamldr_publish(struct seamldr_update *u, enum seamldr_step step)
{
	unsigned int seq = (u->phase & ~SEAMLDR_PHASE_STEP) + SEAMLDR_PHASE_SEQ;

	u->stamp[step] = ktime_get_ns();
	atomic_set(&u->nr_pending, u->nr_cpus);
	/*
	 * Reset the count before publishing the step: a CPU that sees the
	 * new step must find the full count when it acknowledges it.  The
	 * release pairs with the acquire in seamldr_phase_moved().
	 */
	smp_store_release(&u->phase, seq | step);
	atomic_inc(&u->progress);
}

/* The next step after @step, all CPUs having finished it. */
static enum seamldr_step seamldr_next_step(struct seamldr_update *u,
					   enum seamldr_step step)
{
	if (seamldr_failed(u))
		return SEAMLDR_STEP_DONE;
	if (step == SEAMLDR_STEP_CPU_INSTALL && u->install_again) {
		u->install_again = false;
		u->install_harmless = false;
		u->install_rounds++;
		atomic_set(&u->nr_installed, 0);
		atomic_set(&u->install_turn, u->lead_cpu);
		return SEAMLDR_STEP_CPU_INSTALL;
	}
	return step + 1;
}

/*
 * A CPU is done with the current step.  The last one to finish moves all
 * CPUs on, after any failure straight to DONE, so that no CPU starts a
 * later step.  A failing CPU sets SEAMLDR_FAILED before it acknowledges,
 * and atomic_dec_and_test() is fully ordered, so the last CPU sees every
 * failure of the step, its own included.
 */
static void seamldr_ack(struct seamldr_update *u, enum seamldr_step step)
{
	if (atomic_dec_and_test(&u->nr_pending))
		seamldr_publish(u, seamldr_next_step(u, step));
}

/*
 * The stop_machine() callback, run on every online CPU with interrupts
 * off.  Outcomes go to the CPU's result; the return value is unused.
 *
 * The first step, CHECK, is published before the stop: stop_machine()
 * runs the callback only once every CPU has interrupts off and has left
 * whatever it was doing, so no CPU can be inside a SEAMCALL.
 */
static int seamldr_stop_cpu(void *data)
{
	struct seamldr_cpu_result *res = this_cpu_ptr(&seamldr_result);
	struct seamldr_update *u = data;
	int cpu = smp_processor_id();
	unsigned int phase = u->phase;
	enum seamldr_step step;
	int err;

	lockdep_assert_irqs_disabled();

	for (;;) {
		step = seamldr_phase_step(phase);
		if (step == SEAMLDR_STEP_DONE)
			break;
		seamldr_run_step(u, step, cpu, res);
		seamldr_ack(u, step);

		err = seamldr_wait(u, seamldr_phase_moved, phase);
		if (err) {
			/* Only before the commit: nothing has changed. */
			if (err == -ETIMEDOUT)
				seamldr_record_failure(u, res, step, err);
			break;
		}
		/* Pairs with seamldr_publish(), as in seamldr_phase_moved(). */
		phase = smp_load_acquire(&u->phase);
	}
	return 0;
}

/* ----- After the stop ----- */

/* Time from the start of @step to the start of the next step that ran. */
static u64 seamldr_step_ns(const struct seamldr_update *u,
			   enum seamldr_step step)
{
	enum seamldr_step next;

	if (!u->stamp[step])
		return 0;
	for (next = step + 1; next < SEAMLDR_NR_STEPS; next++) {
		if (u->stamp[next])
			return u->stamp[next] - u->stamp[step];
	}
	return 0;
}

/*
 * Whether result @a explains the failure better than @b: the earliest
 * step, and a failed SEAMCALL rather than a CPU that gave up waiting.
 */
static bool seamldr_worse(const struct seamldr_cpu_result *a,
			  const struct seamldr_cpu_result *b)
{
	if (a->step != b->step)
		return a->step < b->step;
	return a->outcome != SEAMLDR_CPU_TIMEOUT &&
	       b->outcome == SEAMLDR_CPU_TIMEOUT;
}

/*
 * Count the outcomes and report the failure that explains the others:
 * one line, however many CPUs there are.
 * Return: 0, or the errno of that failure.
 */
static int seamldr_summarize(void)
{
	const struct seamldr_cpu_result *res, *cause = NULL;
	unsigned int nr[SEAMLDR_NR_OUTCOMES] = {};
	int cpu, cause_cpu = -1;

	for_each_online_cpu(cpu) {
		res = per_cpu_ptr(&seamldr_result, cpu);
		nr[res->outcome]++;
		if (res->outcome == SEAMLDR_CPU_OK)
			continue;
		if (!cause || seamldr_worse(res, cause)) {
			cause = res;
			cause_cpu = cpu;
		}
	}
	if (!cause)
		return 0;

	if (cause->outcome == SEAMLDR_CPU_BUSY) {
		pr_info("the module is busy with a TD build or migration; try again later\n");
		return -EBUSY;
	}
	pr_err("%s failed on CPU %d: %d (status %#llx); %u failed, %u timed out, %u ok\n",
	       seamldr_step_names[cause->step], cause_cpu, cause->err,
	       cause->status, nr[SEAMLDR_CPU_FAILED], nr[SEAMLDR_CPU_TIMEOUT],
	       nr[SEAMLDR_CPU_OK]);
	return cause->err;
}

static void seamldr_keep_stats(struct seamldr_update *u, u64 blackout_ns,
			       const struct tdx_sys_info_version *from,
			       const struct tdx_sys_info_version *to, int result)
{
	lockdep_assert_held(&seamldr.lock);

	seamldr.last = (struct tdx_update_stats) {
		.result		= result,
		.from		= *from,
		.to		= *to,
		.blackout_ns	= blackout_ns,
		.shutdown_ns	= seamldr_step_ns(u, SEAMLDR_STEP_SHUTDOWN),
		.install_ns	= seamldr_step_ns(u, SEAMLDR_STEP_CPU_INSTALL),
		.init_ns	= seamldr_step_ns(u, SEAMLDR_STEP_CPU_INIT),
		.update_ns	= seamldr_step_ns(u, SEAMLDR_STEP_RUN_UPDATE),
	};
	seamldr.have_last = true;
}

static void seamldr_report(const struct tdx_update_stats *s)
{
	if (s->result)
		return;

	pr_info("TDX module updated from %u.%u.%02u to %u.%u.%02u in %llu us (shutdown %llu, install %llu, init %llu, update %llu)\n",
		s->from.major, s->from.minor, s->from.update,
		s->to.major, s->to.minor, s->to.update,
		div_u64(s->blackout_ns, NSEC_PER_USEC),
		div_u64(s->shutdown_ns, NSEC_PER_USEC),
		div_u64(s->install_ns, NSEC_PER_USEC),
		div_u64(s->init_ns, NSEC_PER_USEC),
		div_u64(s->update_ns, NSEC_PER_USEC));
}

/*
 * The new module runs: read what it is, and start its extensions.
 *
 * They start after the stop, not inside it: TDH.EXT.INIT is long and
 * interruptible, and with interrupts off the interrupt that stops it
 * stays pending, so it could not make progress; it would also lengthen
 * the blackout for all TDs, which run without extensions meanwhile.
 * Users of the extensions are kept out by tdx_module_lock(), held until
 * this is done.  TDs do not need the extensions: if they cannot start,
 * the new module runs on without them.
 */
static void seamldr_settle_new_module(void)
{
	int ret;

	ret = tdx_refresh_sysinfo_locked();
	if (ret)
		pr_warn("updated, but the new module's metadata cannot be read (%d)\n",
			ret);
	ret = tdx_ext_after_update_locked();
	if (ret)
		pr_err("the new module's extensions failed to start (%d); it runs without them\n",
		       ret);
}

/*
 * What a failed update left, as the module sees it: the old module still
 * running (nothing to do), the old module shut down but intact, or no
 * module at all.
 */
static void seamldr_settle_failure(const struct seamldr_update *u)
{
	if (!u->shutdown_done)
		return;
	if (u->install_harmless) {
		tdx_set_module_state_locked(TDX_MODULE_SHUT_DOWN, -ESHUTDOWN);
		pr_err("P-SEAMLDR refused the new module; the old one is shut down with the TDs' state kept: update with a good image to resume them\n");
		return;
	}
	tdx_set_module_state_locked(TDX_MODULE_DEAD, -ENODEV);
	pr_err("TDX module lost by a failed update; TDs are gone, reboot to use TDX again\n");
}

/*
 * Stop all CPUs and replace the module, then settle the core's state:
 * new metadata on success, SHUT_DOWN or DEAD after a failure past
 * TDH.SYS.SHUTDOWN.
 */
static int seamldr_do_update(struct seamldr_update *u)
{
	const struct tdx_sys_info *si = tdx_sysinfo_locked();
	struct tdx_sys_info_version from = si->version;
	u64 blackout_ns;
	int cpu, ret;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(&seamldr_result, cpu), 0,
		       sizeof(struct seamldr_cpu_result));

	blackout_ns = ktime_get_ns();
	ret = stop_machine_cpuslocked(seamldr_stop_cpu, u, cpu_online_mask);
	if (ret)
		return ret;
	blackout_ns = ktime_get_ns() - blackout_ns;

	ret = seamldr_summarize();
	if (u->compat_refused)
		pr_info_once("this module cannot refuse an update during a TD build or migration\n");
	if (!ret) {
		tdx_set_module_state_locked(TDX_MODULE_INITIALIZED, 0);
		seamldr_settle_new_module();
	} else {
		seamldr_settle_failure(u);
	}

	seamldr_keep_stats(u, blackout_ns, &from, &si->version, ret);
	seamldr_report(&seamldr.last);
	return ret;
}

static void seamldr_update_init(struct seamldr_update *u,
				const struct seamldr_image *img)
{
	*u = (struct seamldr_update) {
		.lead_cpu	= cpumask_first(cpu_online_mask),
		.nr_cpus	= num_online_cpus(),
		.params_pa	= __pa(img->params),
		.phase		= SEAMLDR_STEP_CHECK,
	};
	atomic_set(&u->nr_pending, u->nr_cpus);
	atomic_set(&u->install_turn, u->lead_cpu);
	atomic_set(&u->gate, SEAMLDR_GATE_OPEN);
}

/* The checks and the update proper, under both locks. */
static int seamldr_update_locked(struct seamldr_update *u,
				 const struct seam_sigstruct *s)
{
	struct tdx_sys_info_handoff h = {};
	const struct tdx_sys_info *si;
	int ret;

	lockdep_assert_held(&seamldr.lock);

	/*
	 * 1. Only an initialized module can hand its state over, or one
	 *    that an earlier update shut down and P-SEAMLDR put back.
	 */
	u->resume = tdx_module_state_locked() == TDX_MODULE_SHUT_DOWN;
	ret = u->resume ? 0 : tdx_module_check_ready_locked();
	if (ret)
		return ret;

	/* 2. Check the module, P-SEAMLDR and the CPUs against the image. */
	si = tdx_sysinfo_locked();
	ret = seamldr_check_platform(si, s, &h, u->resume);
	if (ret)
		return ret;

	/* 3. Replace the module with all CPUs stopped. */
	u->shutdown_rcx = seamldr_shutdown_rcx(&h);
	u->addons = tdx_addons_locked();
	return seamldr_do_update(u);
}

/**
 * tdx_update_image_load() - Check an update image and copy it for P-SEAMLDR
 * @image:	the image: Intel's blob (0x100) or a tdx_image (0x200)
 * @len:	its length in bytes
 *
 * Makes the checks of tdx_update_check_image() and copies the sigstruct
 * and the module pages to pages of their own, as P-SEAMLDR reads them.
 * The caller's buffer is not needed afterwards.
 *
 * Context: Process context; may sleep.
 * Return: the copy, for tdx_module_update_image() and
 * tdx_update_image_free(), or an ERR_PTR() of the errnos of
 * tdx_update_check_image().
 */
struct seamldr_image *tdx_update_image_load(const void *image, size_t len)
{
	struct seamldr_image_parts parts;
	struct seamldr_image *img;
	int ret;

	ret = seamldr_parse_image(image, len, &parts) ?:
	      seamldr_check_manifest(&parts);
	if (ret)
		return ERR_PTR(ret);

	img = kzalloc(sizeof(*img), GFP_KERNEL);
	if (!img)
		return ERR_PTR(-ENOMEM);
	ret = seamldr_image_load(img, &parts);
	if (ret) {
		kfree(img);
		return ERR_PTR(ret);
	}
	return img;
}
EXPORT_SYMBOL_GPL(tdx_update_image_load);

/**
 * tdx_update_image_free() - Free a copy made by tdx_update_image_load()
 * @img:	the copy; NULL and ERR_PTR() values are ignored
 *
 * Context: Process context.
 */
void tdx_update_image_free(struct seamldr_image *img)
{
	if (IS_ERR_OR_NULL(img))
		return;
	seamldr_image_free(img);
	kfree(img);
}
EXPORT_SYMBOL_GPL(tdx_update_image_free);

/**
 * tdx_module_update_image_cpuslocked() - Replace the running TDX module
 * @img:	the update image, from tdx_update_image_load()
 *
 * Like tdx_module_update_image(), for a caller that holds the hotplug
 * lock.
 *
 * Context: Process context; may sleep.  Caller holds cpus_read_lock().
 * Return: as for tdx_module_update().
 */
int tdx_module_update_image_cpuslocked(const struct seamldr_image *img)
{
	struct seamldr_update u;
	int ret;

	lockdep_assert_cpus_held();

	/* Check and update; serialized with updates and tdx_enable(). */
	mutex_lock(&seamldr.lock);
	seamldr_update_init(&u, img);
	tdx_module_lock();
	ret = seamldr_update_locked(&u, page_address(img->sigstruct));
	tdx_module_unlock();
	mutex_unlock(&seamldr.lock);
	return ret;
}

/**
 * tdx_module_update_image() - Replace the running TDX module, keeping the TDs
 * @img:	the update image, from tdx_update_image_load()
 *
 * tdx_module_update() for an image that is already checked and copied.
 *
 * Context: Process context; may sleep.  Takes cpus_read_lock().
 * Return: as for tdx_module_update(), apart from the errnos of the image
 * itself, which tdx_update_image_load() returned.
 */
int tdx_module_update_image(const struct seamldr_image *img)
{
	int ret;

	cpus_read_lock();
	ret = tdx_module_update_image_cpuslocked(img);
	cpus_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_module_update_image);

/**
 * tdx_module_update_cpuslocked() - Replace the running TDX module
 * @image:	the update image: Intel's blob (0x100) or a tdx_image (0x200)
 * @len:	length of @image in bytes
 *
 * Like tdx_module_update(), for a caller that holds the hotplug lock.
 *
 * Context: Process context; may sleep.  Caller holds cpus_read_lock().
 * Return: as for tdx_module_update().
 */
int tdx_module_update_cpuslocked(const void *image, size_t len)
{
	struct seamldr_image *img;
	int ret;

	lockdep_assert_cpus_held();

	/* 1. Reject a bad image before anything is touched. */
	img = tdx_update_image_load(image, len);
	if (IS_ERR(img))
		return PTR_ERR(img);

	/* 2. Check the platform against it and update. */
	ret = tdx_module_update_image_cpuslocked(img);
	tdx_update_image_free(img);
	return ret;
}

/**
 * tdx_module_update() - Replace the running TDX module, keeping the TDs
 * @image:	the update image: Intel's blob (0x100) or a tdx_image (0x200)
 * @len:	length of @image in bytes
 *
 * Checks the image and the platform, then stops all CPUs for the update
 * (the "blackout", logged and kept for tdx_update_last()).  Allocated
 * guest KeyIDs do not prevent an update: the TDs and their keys survive
 * a TD-preserving update.  All CPUs must be online, and kvm-intel must
 * keep them in VMX operation (tdx_vmx_get()).
 *
 * Context: Process context; may sleep.  Takes cpus_read_lock().
 * Return: 0 on success, also if the new module's extensions did not
 * start (logged; it runs without them).  Nothing was changed after
 * these: the errnos of tdx_update_check_image() for the image itself;
 * for an image P-SEAMLDR would refuse here, -EPERM for a debug-signed
 * module on a production platform or a lower minor SVN, -EOPNOTSUPP for
 * another major SVN or a CPU its CPUID table does not list, -EINVAL for
 * handoff versions that exclude the running module's;
 * -ENXIO if the module is not initialized yet (call tdx_enable() first)
 * or no CPU is kept in VMX operation (kvm-intel is not loaded with
 * tdx=1), or if a CPU was found outside VMX operation once stopped;
 * the errno of a failed tdx_enable();
 * -ENODEV without TDX or P-SEAMLDR, or after a failed update lost the
 * module;
 * -EOPNOTSUPP if the module cannot do TD-preserving updates or the CPU
 * has the P-SEAMLDR VMCS erratum;
 * -ENOSPC if P-SEAMLDR allows no more updates;
 * -EBUSY if a CPU is offline, or if the module refused to shut down
 * during a TD build or migration (the old module keeps running);
 * -ENOMEM; -ETIMEDOUT if a CPU did not arrive in time;
 * the errno of a failed SEAMCALL before the old module shut down.
 * After the old module shut down, the errno of the step that failed
 * (for SEAMLDR.INSTALL, -EKEYREJECTED for a signature, -EBADMSG for a
 * hash, -EOPNOTSUPP for an SVN or CPU P-SEAMLDR refuses): if P-SEAMLDR
 * put the old module back, it stays shut down with the TDs' state,
 * tdx_enable() and tdx_cpu_enable() return -ESHUTDOWN and another call
 * of this function with a good image can resume them; otherwise the
 * module and all TDs are lost until reboot and later calls of
 * tdx_enable(), tdx_cpu_enable() and this function return -ENODEV.
 */
int tdx_module_update(const void *image, size_t len)
{
	int ret;

	cpus_read_lock();
	ret = tdx_module_update_cpuslocked(image, len);
	cpus_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_module_update);

/**
 * tdx_update_last() - Outcome and timing of the last update
 * @stats:	receives a copy
 *
 * Only updates that stopped the CPUs are recorded; one refused by the
 * checks before that is not.
 *
 * Context: Process context; may sleep.
 * Return: 0, or -ENODATA if no update has stopped the CPUs since boot.
 */
int tdx_update_last(struct tdx_update_stats *stats)
{
	guard(mutex)(&seamldr.lock);

	if (!seamldr.have_last)
		return -ENODATA;
	*stats = seamldr.last;
	return 0;
}
EXPORT_SYMBOL_GPL(tdx_update_last);

#ifdef CONFIG_TDX_KUNIT_HELPERS
/**
 * seamldr_last_cpu_result() - One CPU's outcome of the last update, for tests
 * @cpu:	the CPU
 * @res:	receives a copy
 *
 * Context: Process context; may sleep.
 * Return: 0, or -ENODATA if no update has stopped the CPUs.
 */
int seamldr_last_cpu_result(int cpu, struct seamldr_cpu_result *res)
{
	guard(mutex)(&seamldr.lock);

	if (!seamldr.have_last)
		return -ENODATA;
	*res = *per_cpu_ptr(&seamldr_result, cpu);
	return 0;
}
#endif
