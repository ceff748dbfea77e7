// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing of the update image parser.
 *
 * Suite "tdx_fuzz": mutated update images (truncated, header fields
 * flipped, counts at and past their limits, reserved bytes set, lengths
 * off by a page, random byte flips from a fixed-seed generator) go
 * through seamldr_check_image(), the parser tdx_module_update() uses.
 * Each must be rejected with the errno the image format rules give (see
 * seamldr_check_image()), and a sample goes through tdx_module_update()
 * with an initialized module, which must come out unchanged.  A table of
 * hand-picked images is kept as regression input.
 */
#include <kunit/test.h>
#include <linux/cleanup.h>
#include <linux/cpu.h>
#include <linux/prandom.h>
#include <linux/smp.h>

#include "model.h"
#include "model_test_util.h"
#include "seamldr.h"
#include "tdx.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define FUZZ_ITERATIONS		10000
#define FUZZ_SEED		0x7d5b10bULL
/* Every this many images one also goes through tdx_module_update(). */
#define FUZZ_UPDATE_EVERY	100
/* The images: header, sigstruct page, one module page. */
#define FUZZ_PAGES		3
#define FUZZ_LEN		(FUZZ_PAGES * PAGE_SIZE)
/* Bytes of the header before the reserved area. */
#define FUZZ_HDR_FIELDS		offsetof(struct tdx_image_header, reserved)

/* The errnos seamldr_check_image() documents, in the order it checks. */
static const int fuzz_errnos[] = {
	0, -ENODATA, -ENOEXEC, -EPROTONOSUPPORT, -EPROTO, -EINVAL, -EFBIG,
	-EMSGSIZE,
};

/**
 * struct fuzz_ctx - One fuzzing run
 * @image:	the image being mutated, FUZZ_LEN bytes
 * @pristine:	the well-formed image it is restored from
 * @rnd:	the generator
 * @hist:	how often each entry of fuzz_errnos[] came back
 * @nr:		images tried
 */
struct fuzz_ctx {
	u8 *image;
	u8 *pristine;
	struct rnd_state rnd;
	unsigned int hist[ARRAY_SIZE(fuzz_errnos)];
	unsigned int nr;
};

/*
 * The image format rules of the specification, in the documented order
 * of seamldr_check_image(), written from the rules, not from the code.
 */
static int fuzz_expected(const u8 *image, size_t len)
{
	const struct tdx_image_header *hdr = (const void *)image;
	unsigned int i;

	if (len < 4096)
		return -ENODATA;
	if (memcmp(hdr->signature, "TDX-BLOB", 8))
		return -ENOEXEC;
	if (hdr->version != 0x200)
		return -EPROTONOSUPPORT;
	for (i = 0; i < sizeof(hdr->reserved); i++) {
		if (hdr->reserved[i])
			return -EPROTO;
	}
	if (hdr->sigstruct_pages != 1 || hdr->module_pages == 0)
		return -EINVAL;
	if (hdr->module_pages > 496)
		return -EFBIG;
	if ((u64)len != ((u64)hdr->module_pages + 2) * 4096)
		return -EMSGSIZE;
	return 0;
}

static void fuzz_reset(struct fuzz_ctx *f)
{
	memcpy(f->image, f->pristine, PAGE_SIZE);
}

/* Check one image: the parser agrees with the rules; count the result. */
static int fuzz_check(struct kunit *test, struct fuzz_ctx *f, size_t len,
		      const char *what)
{
	int ret = seamldr_check_image(f->image, len);
	unsigned int i;

	KUNIT_EXPECT_EQ_MSG(test, ret, fuzz_expected(f->image, len),
			    "%s, image %u, len %zu", what, f->nr, len);
	for (i = 0; i < ARRAY_SIZE(fuzz_errnos); i++) {
		if (fuzz_errnos[i] == ret)
			break;
	}
	KUNIT_EXPECT_LT_MSG(test, i, ARRAY_SIZE(fuzz_errnos),
			    "undocumented errno %d", ret);
	if (i < ARRAY_SIZE(fuzz_errnos))
		f->hist[i]++;
	f->nr++;
	return ret;
}

static void fuzz_build(struct fuzz_ctx *f)
{
	struct tdx_image_header *hdr = (void *)f->pristine;

	memset(f->pristine, 0, FUZZ_LEN);
	hdr->version = TDX_IMAGE_VERSION;
	memcpy(hdr->signature, TDX_IMAGE_SIGNATURE, sizeof(hdr->signature));
	hdr->sigstruct_pages = 1;
	hdr->module_pages = FUZZ_PAGES - 2;
	memset(f->pristine + PAGE_SIZE, 0xa5, FUZZ_LEN - PAGE_SIZE);
	memcpy(f->image, f->pristine, FUZZ_LEN);
}

static struct fuzz_ctx *fuzz_alloc(struct kunit *test)
{
	struct fuzz_ctx *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->image = kunit_kzalloc(test, FUZZ_LEN, GFP_KERNEL);
	f->pristine = kunit_kzalloc(test, FUZZ_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->image);
	KUNIT_ASSERT_NOT_NULL(test, f->pristine);
	prandom_seed_state(&f->rnd, FUZZ_SEED);
	fuzz_build(f);
	return f;
}

/* Interesting values for a 32-bit count. */
static const u32 fuzz_counts[] = {
	0, 1, 2, 3, 495, 496, 497, 0x7fffffff, 0x80000000, 0xfffffffe,
	0xffffffff,
};

/* Lengths around the ones that matter, in pages and bytes. */
static size_t fuzz_len(struct fuzz_ctx *f)
{
	const struct tdx_image_header *hdr = (const void *)f->image;
	size_t pages = (size_t)hdr->module_pages + 2;

	switch (prandom_u32_state(&f->rnd) % 8) {
	case 0:
		return prandom_u32_state(&f->rnd) % (PAGE_SIZE + 2);
	case 1:
		return (pages - 1) * PAGE_SIZE;
	case 2:
		return (pages + 1) * PAGE_SIZE;
	case 3:
		return pages * PAGE_SIZE + 1;
	case 4:
		return pages * PAGE_SIZE - 1;
	case 5:
		return prandom_u32_state(&f->rnd) % (FUZZ_LEN + 1);
	default:
		return FUZZ_LEN;
	}
}

/* One random mutation of the header. */
static void fuzz_mutate(struct fuzz_ctx *f)
{
	struct tdx_image_header *hdr = (void *)f->image;
	u32 r = prandom_u32_state(&f->rnd);
	unsigned int flips, i;

	switch (r % 8) {
	case 0:
		hdr->version = prandom_u32_state(&f->rnd) & 1 ?
			       TDX_IMAGE_VERSION ^ BIT(prandom_u32_state(&f->rnd) % 16) :
			       prandom_u32_state(&f->rnd);
		break;
	case 1:
		hdr->signature[prandom_u32_state(&f->rnd) % 8] ^=
			BIT(prandom_u32_state(&f->rnd) % 8);
		break;
	case 2:
		hdr->sigstruct_pages = fuzz_counts[prandom_u32_state(&f->rnd) %
						   ARRAY_SIZE(fuzz_counts)];
		break;
	case 3:
		hdr->module_pages = fuzz_counts[prandom_u32_state(&f->rnd) %
						ARRAY_SIZE(fuzz_counts)];
		break;
	case 4:
		hdr->reserved[prandom_u32_state(&f->rnd) % sizeof(hdr->reserved)] =
			prandom_u32_state(&f->rnd) | 1;
		break;
	case 5:
		/* The checksum is optional: any value is fine. */
		hdr->checksum = prandom_u32_state(&f->rnd);
		break;
	default:
		/* Random bit flips, mostly in the fields. */
		flips = 1 + prandom_u32_state(&f->rnd) % 4;
		for (i = 0; i < flips; i++) {
			u32 at = prandom_u32_state(&f->rnd);

			at %= (at & 1) ? FUZZ_HDR_FIELDS : PAGE_SIZE;
			f->image[at] ^= BIT(prandom_u32_state(&f->rnd) % 8);
		}
		break;
	}
}

static void fuzz_report(struct kunit *test, const struct fuzz_ctx *f,
			const char *what)
{
	kunit_info(test,
		   "fuzz: %s: %u images: ok %u, ENODATA %u, ENOEXEC %u, EPROTONOSUPPORT %u, EPROTO %u, EINVAL %u, EFBIG %u, EMSGSIZE %u\n",
		   what, f->nr, f->hist[0], f->hist[1], f->hist[2], f->hist[3],
		   f->hist[4], f->hist[5], f->hist[6], f->hist[7]);
}

/* ----- Tests ----- */

/**
 * struct fuzz_corpus - A hand-picked image
 * @desc:	what it is
 * @offset:	header byte to overwrite
 * @bytes:	how many bytes (0: none)
 * @value:	their value, little-endian
 * @len:	length of the image handed to the parser
 * @expected:	what the parser returns
 */
struct fuzz_corpus {
	const char *desc;
	unsigned int offset;
	unsigned int bytes;
	u64 value;
	size_t len;
	int expected;
};

#define HDR_OFF(f)	offsetof(struct tdx_image_header, f)

static const struct fuzz_corpus fuzz_corpus[] = {
	{ "well formed", 0, 0, 0, FUZZ_LEN, 0 },
	{ "empty", 0, 0, 0, 0, -ENODATA },
	{ "header minus one", 0, 0, 0, PAGE_SIZE - 1, -ENODATA },
	{ "header only", 0, 0, 0, PAGE_SIZE, -EMSGSIZE },
	{ "one page short", 0, 0, 0, FUZZ_LEN - PAGE_SIZE, -EMSGSIZE },
	{ "one byte short", 0, 0, 0, FUZZ_LEN - 1, -EMSGSIZE },
	{ "one byte long", 0, 0, 0, FUZZ_LEN + 1, -EMSGSIZE },
	{ "one page long", 0, 0, 0, FUZZ_LEN + PAGE_SIZE, -EMSGSIZE },
	{ "version 0x100", HDR_OFF(version), 2, 0x100, FUZZ_LEN, -EPROTONOSUPPORT },
	{ "version 0x201", HDR_OFF(version), 2, 0x201, FUZZ_LEN, -EPROTONOSUPPORT },
	{ "version 0x0", HDR_OFF(version), 2, 0, FUZZ_LEN, -EPROTONOSUPPORT },
	{ "lower-case signature", HDR_OFF(signature), 1, 't', FUZZ_LEN, -ENOEXEC },
	{ "signature NUL-terminated early", HDR_OFF(signature) + 7, 1, 0,
	  FUZZ_LEN, -ENOEXEC },
	{ "short header before bad signature", HDR_OFF(signature), 1, 'X',
	  PAGE_SIZE - 1, -ENODATA },
	{ "checksum ignored", HDR_OFF(checksum), 2, 0xffff, FUZZ_LEN, 0 },
	{ "no sigstruct", HDR_OFF(sigstruct_pages), 4, 0, FUZZ_LEN, -EINVAL },
	{ "two sigstructs", HDR_OFF(sigstruct_pages), 4, 2, FUZZ_LEN + PAGE_SIZE,
	  -EINVAL },
	{ "sigstruct count wraps", HDR_OFF(sigstruct_pages), 4, 0xffffffff,
	  FUZZ_LEN, -EINVAL },
	{ "no module pages", HDR_OFF(module_pages), 4, 0, 2 * PAGE_SIZE, -EINVAL },
	{ "496 module pages, short", HDR_OFF(module_pages), 4, 496, FUZZ_LEN,
	  -EMSGSIZE },
	{ "496 module pages, exact", HDR_OFF(module_pages), 4, 496,
	  498 * PAGE_SIZE, 0 },
	{ "497 module pages", HDR_OFF(module_pages), 4, 497, 499 * PAGE_SIZE,
	  -EFBIG },
	{ "module count that would wrap a 32-bit size", HDR_OFF(module_pages), 4,
	  0xfffff, FUZZ_LEN, -EFBIG },
	{ "module count 2^32-1", HDR_OFF(module_pages), 4, 0xffffffff,
	  FUZZ_LEN, -EFBIG },
	{ "first reserved byte", HDR_OFF(reserved), 1, 1, FUZZ_LEN, -EPROTO },
	{ "last reserved byte", PAGE_SIZE - 1, 1, 0x80, FUZZ_LEN, -EPROTO },
	{ "empty image with a reserved byte set", PAGE_SIZE - 1, 1, 1, 0,
	  -ENODATA },
};

static void fuzz_corpus_desc(const struct fuzz_corpus *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fuzz_corpus, fuzz_corpus, fuzz_corpus_desc);

/* The regression inputs: each gives its recorded errno. */
static void fuzz_regression(struct kunit *test)
{
	const struct fuzz_corpus *c = test->param_value;
	struct fuzz_ctx *f = fuzz_alloc(test);
	unsigned int i;

	for (i = 0; i < c->bytes; i++)
		f->image[c->offset + i] = c->value >> (8 * i);
	/* Only the header is read: the length may exceed the buffer. */
	KUNIT_EXPECT_EQ(test, seamldr_check_image(f->image, c->len), c->expected);
	KUNIT_EXPECT_EQ(test, fuzz_expected(f->image, c->len), c->expected);
}

/* No image at all. */
static void fuzz_null(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, seamldr_check_image(NULL, 0), -ENODATA);
	KUNIT_EXPECT_EQ(test, seamldr_check_image(NULL, FUZZ_LEN), -ENODATA);
}

/* Image lengths in pages that sit at the limits. */
static const size_t fuzz_len_pages[] = { 0, 1, 2, 3, 4, 5, 497, 498, 499 };

/* Each pair of interesting counts, at each length around the limits. */
static void fuzz_counts_exhaustive(struct kunit *test)
{
	struct fuzz_ctx *f = fuzz_alloc(test);
	struct tdx_image_header *hdr = (void *)f->image;
	unsigned int s, m, l;
	size_t len;

	for (s = 0; s < ARRAY_SIZE(fuzz_counts); s++) {
		for (m = 0; m < ARRAY_SIZE(fuzz_counts); m++) {
			fuzz_reset(f);
			hdr->sigstruct_pages = fuzz_counts[s];
			hdr->module_pages = fuzz_counts[m];
			for (l = 0; l < ARRAY_SIZE(fuzz_len_pages); l++) {
				len = fuzz_len_pages[l] * PAGE_SIZE;
				if (len)
					fuzz_check(test, f, len - 1, "counts");
				fuzz_check(test, f, len, "counts");
				fuzz_check(test, f, len + 1, "counts");
			}
		}
	}
	fuzz_report(test, f, "counts");
}

static int fuzz_tdx_enable(void)
{
	guard(cpus_read_lock)();
	return tdx_enable();
}

static void fuzz_enable_fn(void *unused)
{
	WARN_ON_ONCE(tdx_cpu_enable());
}

/*
 * FUZZ_ITERATIONS random mutations.  Every FUZZ_UPDATE_EVERY-th rejected
 * image also goes to tdx_module_update(), which must give the same errno
 * and leave the running module alone.
 */
static void fuzz_random(struct kunit *test)
{
	struct fuzz_ctx *f = fuzz_alloc(test);
	struct tdx_model_module before, after;
	struct tdx_model_config cfg;
	unsigned int i, updates = 0;
	u32 remaining;
	int ret, err;

	tdx_reset_for_test();
	tdx_model_default_config(&cfg);
	tdxt_start(test, &cfg);
	KUNIT_ASSERT_EQ(test, tdx_probe_platform(), 0);
	on_each_cpu(fuzz_enable_fn, NULL, true);
	KUNIT_ASSERT_EQ(test, fuzz_tdx_enable(), 0);
	tdx_model_get_module(&before);
	remaining = tdx_model_remaining_updates();

	for (i = 0; i < FUZZ_ITERATIONS; i++) {
		size_t len;

		fuzz_reset(f);
		fuzz_mutate(f);
		if (prandom_u32_state(&f->rnd) & 1)
			fuzz_mutate(f);
		len = fuzz_len(f);
		ret = fuzz_check(test, f, len, "random");
		if (ret && len <= FUZZ_LEN && !(i % FUZZ_UPDATE_EVERY)) {
			KUNIT_EXPECT_EQ(test, tdx_module_update(f->image, len), ret);
			updates++;
		}
		if (!(i % 256))
			cond_resched();
	}

	tdx_model_get_module(&after);
	KUNIT_EXPECT_EQ(test, after.update, before.update);
	KUNIT_EXPECT_EQ(test, after.build_num, before.build_num);
	KUNIT_EXPECT_EQ(test, tdx_model_remaining_updates(), remaining);
	KUNIT_EXPECT_EQ(test, tdx_model_sys_state(), TDX_MODEL_SYS_READY);
	KUNIT_EXPECT_EQ(test, tdx_module_state(&err), TDX_MODULE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(TDH_SYS_SHUTDOWN), 0);
	KUNIT_EXPECT_EQ(test, tdx_model_leaf_calls(P_SEAMLDR_INSTALL), 0);
	KUNIT_EXPECT_GE(test, f->nr, FUZZ_ITERATIONS);
	fuzz_report(test, f, "random");
	kunit_info(test, "fuzz: random: %u also through tdx_module_update(), module unchanged\n",
		   updates);
	tdx_reset_for_test();
}

static struct kunit_case fuzz_cases[] = {
	KUNIT_CASE_PARAM(fuzz_regression, fuzz_corpus_gen_params),
	KUNIT_CASE(fuzz_null),
	KUNIT_CASE(fuzz_counts_exhaustive),
	KUNIT_CASE_SLOW(fuzz_random),
	{}
};

static struct kunit_suite fuzz_suite = {
	.name = "tdx_fuzz",
	.test_cases = fuzz_cases,
};

kunit_test_suites(&fuzz_suite);
