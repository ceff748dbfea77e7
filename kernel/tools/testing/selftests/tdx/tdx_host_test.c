// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the TDX host's userspace interface: the tdx_host device's
 * attributes and runtime TDX module updates through the tdx_module
 * firmware upload.
 *
 * They need an initialized TDX module (kvm_intel loaded with tdx=1) and
 * an update image: $TDX_HOST_TEST_IMAGE (a release file of
 * intel/tdx-module-binaries, say), or the ones the software TDX module
 * offers in debugfs, in both formats: Intel's blob (0x100) and
 * mainline's tdx_image (0x200).  Tests that cannot run here are skipped.
 * The tool_flow tests update the way Intel's version_select_and_load.py
 * does.
 * The update tests really update the module; each uses one of the
 * updates P-SEAMLDR allows until reboot.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"

#define TDX_HOST	"/sys/devices/faux/tdx_host/"
#define FW		"/sys/class/firmware/tdx_module/"
#define MODEL		"/sys/kernel/debug/tdx_model/"

#define PAGE		4096
#define UPLOAD_TIMEOUT_S	120

/* The tdx_image header, as the kernel checks it; no padding needed. */
struct tdx_image_header {
	uint16_t version;
	uint16_t checksum;
	char signature[8];
	uint32_t sigstruct_pages;
	uint32_t module_pages;
	uint8_t reserved[4076];
};

static_assert(sizeof(struct tdx_image_header) == PAGE, "tdx_image header");

/* Intel's blob header, version 0x100; no padding needed either. */
struct tdx_blob_header {
	uint16_t version;
	uint16_t checksum;
	uint32_t offset_of_module;
	char signature[8];
	uint32_t length;
	uint32_t reserved0;
	uint64_t reserved[509];
};

static_assert(sizeof(struct tdx_blob_header) == PAGE, "blob header");

/* The sigstruct is the second page of both formats (tdx-abi.md 7). */
#define SIGSTRUCT		PAGE
#define SIGSTRUCT_MODULE_TYPE	(SIGSTRUCT + 12)
#define SIGSTRUCT_SIGNATURE	(SIGSTRUCT + 516)
#define SIGSTRUCT_SVN_MAJOR	(SIGSTRUCT + 949)
#define SIGSTRUCT_CPUID_SIZE	(SIGSTRUCT + 1024)
#define SIGSTRUCT_CPUID_TABLE	(SIGSTRUCT + 1028)
#define SIGSTRUCT_SIZE		2048
#define FIRST_MODULE_PAGE	(2 * PAGE)

struct version {
	unsigned int major, minor, update;
};

struct image {
	uint8_t *data;
	size_t len;
};

/* Read a sysfs file; returns its length or -errno. */
static int read_attr(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return n;
}

static int write_attr(const char *path, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	int fd, ret = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			ret = -errno;
			break;
		}
		p += n;
		len -= n;
	}
	close(fd);
	return ret;
}

static int write_str(const char *path, const char *s)
{
	return write_attr(path, s, strlen(s));
}

static int read_version(const char *path, struct version *v)
{
	char buf[64];
	int ret;

	ret = read_attr(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	if (sscanf(buf, "%u.%u.%u", &v->major, &v->minor, &v->update) != 3)
		return -EINVAL;
	return 0;
}

static long read_long(const char *path, long *val)
{
	char buf[64], *end;
	int ret;

	ret = read_attr(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	*val = strtol(buf, &end, 10);
	return *end ? -EINVAL : 0;
}

static bool same_version(const struct version *a, const struct version *b)
{
	return a->major == b->major && a->minor == b->minor &&
	       a->update == b->update;
}

static int read_file(const char *path, struct image *img)
{
	size_t cap = 64 * PAGE;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	img->data = malloc(cap);
	img->len = 0;
	while (img->data) {
		n = read(fd, img->data + img->len, cap - img->len);
		if (n <= 0)
			break;
		img->len += n;
		if (img->len == cap)
			img->data = realloc(img->data, cap *= 2);
	}
	close(fd);
	return img->data && img->len ? 0 : -EIO;
}

/*
 * A valid update image for the running module, if this host has one:
 * the operator's, or the model's in Intel's blob format (@blob) or as a
 * tdx_image.
 */
static int get_image(struct image *img, bool blob)
{
	const char *path = getenv("TDX_HOST_TEST_IMAGE");

	return read_file(path ?: blob ? MODEL "blob" : MODEL "image", img);
}

static bool is_blob(const struct image *img)
{
	const struct tdx_blob_header *hdr = (const void *)img->data;

	return img->len >= PAGE && hdr->version == 0x100 &&
	       !memcmp(hdr->signature, "TDX-BLOB", 8);
}

/* Make a blob's 16-bit little-endian word sum 0 again after an edit. */
static void blob_fix_checksum(uint8_t *data, size_t len)
{
	struct tdx_blob_header *hdr = (void *)data;
	uint16_t sum = 0;
	size_t i;

	hdr->checksum = 0;
	for (i = 0; i + 1 < len; i += 2)
		sum += data[i] | data[i + 1] << 8;
	if (len & 1)
		sum += data[len - 1];
	hdr->checksum = -sum;
}

/*
 * Upload @len bytes of @data to tdx_module and wait for the upload to
 * finish.  @err receives the error file: "" on success, otherwise
 * "<progress>:<error>".
 */
static int upload(const void *data, size_t len, char *err, size_t size)
{
	time_t end = time(NULL) + UPLOAD_TIMEOUT_S;
	char status[32];
	int ret;

	ret = write_attr(FW "loading", "1", 1);
	if (!ret)
		ret = write_attr(FW "data", data, len);
	if (!ret)
		ret = write_attr(FW "loading", "0", 1);
	if (ret)
		return ret;

	do {
		ret = read_attr(FW "status", status, sizeof(status));
		if (ret < 0)
			return ret;
		if (!strcmp(status, "idle"))
			return read_attr(FW "error", err, size) < 0 ? -EIO : 0;
		usleep(10000);
	} while (time(NULL) < end);
	return -ETIMEDOUT;
}

/*
 * Why updates cannot be tested here, or NULL if they can; @v receives the
 * running version.  Errors other than a missing device or module fail the
 * test (the harness's assertions work from helpers given _metadata).
 */
static const char *updates_unavailable(struct __test_metadata *_metadata,
				       struct version *v)
{
	int err = read_version(TDX_HOST "version", v);

	if (err == -ENOENT)
		return "no tdx_host device: not a TDX host";
	if (err == -ENXIO)
		return "TDX module not initialized (kvm_intel tdx=1)";
	ASSERT_EQ(0, err);
	if (access(FW "loading", F_OK))
		return "runtime updates not supported here";
	return NULL;
}

static bool mainline_format(const char *s);

TEST(version)
{
	struct version v;
	char buf[32];
	int ret;

	ret = read_version(TDX_HOST "version", &v);
	if (ret == -ENOENT)
		SKIP(return, "no tdx_host device: not a TDX host");
	if (ret == -ENXIO)
		SKIP(return, "TDX module not initialized (kvm_intel tdx=1)");
	ASSERT_EQ(0, ret);
	EXPECT_GE(v.major, 1);
	ASSERT_LT(0, read_attr(TDX_HOST "version", buf, sizeof(buf)));
	EXPECT_TRUE(mainline_format(buf)) TH_LOG("version \"%s\"", buf);
	/* Where mainline has it: a faux device. */
	EXPECT_EQ(0, access("/sys/bus/faux/devices/tdx_host", F_OK));
	TH_LOG("TDX module %s", buf);
}

/*
 * Usable memory ranges below 2 GiB in the kernel's memory map: top-level
 * "System RAM" lines of /proc/iomem.
 */
static int ram_ranges_below_2g(void)
{
	unsigned long long start, end;
	char line[256];
	int n = 0;
	FILE *f;

	f = fopen("/proc/iomem", "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == ' ' || !strstr(line, ": System RAM"))
			continue;
		if (sscanf(line, "%llx-%llx", &start, &end) == 2 &&
		    start < (2ULL << 30))
			n++;
	}
	fclose(f);
	return n;
}

/*
 * On a memory map carved up the way an Emerald Rapids host's is (16
 * usable ranges below 2 GiB, more than a TDMR has reserved areas), the
 * module still initializes: only holes in convertible memory need
 * reserved areas.
 */
TEST(fragmented_memory_map)
{
	struct version v;
	int n = ram_ranges_below_2g();

	ASSERT_LE(0, n);
	if (n <= 16)
		SKIP(return, "%d RAM ranges below 2 GiB: not carved up by memmap=", n);
	TH_LOG("%d RAM ranges below 2 GiB", n);
	if (read_version(TDX_HOST "version", &v) == -ENOENT)
		SKIP(return, "no tdx_host device: not a TDX host");
	ASSERT_EQ(0, read_version(TDX_HOST "version", &v));
}

TEST(seamldr_info)
{
	struct version v;
	long remaining;

	if (access(TDX_HOST "seamldr_version", F_OK))
		SKIP(return, "no P-SEAMLDR attributes here");
	ASSERT_EQ(0, read_version(TDX_HOST "seamldr_version", &v));
	ASSERT_EQ(0, read_long(TDX_HOST "num_remaining_updates", &remaining));
	EXPECT_GE(remaining, 0);
	TH_LOG("P-SEAMLDR %u.%u.%u, %ld updates remaining",
	       v.major, v.minor, v.update, remaining);
}

TEST(good_update)
{
	struct version before, after;
	long left0, left1, result, blackout;
	struct image img;
	const char *why;
	char err[64];

	why = updates_unavailable(_metadata, &before);
	if (why)
		SKIP(return, "%s", why);
	if (get_image(&img, false))
		SKIP(return, "no update image (set TDX_HOST_TEST_IMAGE)");
	ASSERT_EQ(0, read_long(TDX_HOST "num_remaining_updates", &left0));
	if (!left0)
		SKIP(return, "P-SEAMLDR allows no more updates");

	ASSERT_EQ(0, upload(img.data, img.len, err, sizeof(err)));
	EXPECT_STREQ("", err);

	ASSERT_EQ(0, read_version(TDX_HOST "version", &after));
	EXPECT_FALSE(same_version(&before, &after));
	if (!getenv("TDX_HOST_TEST_IMAGE")) {
		/* The model's image raises the update version by one. */
		EXPECT_EQ(before.update + 1, after.update);
	}
	ASSERT_EQ(0, read_long(TDX_HOST "num_remaining_updates", &left1));
	EXPECT_EQ(left0 - 1, left1);
	ASSERT_EQ(0, read_long(TDX_HOST "last_update_result", &result));
	EXPECT_EQ(0, result);
	ASSERT_EQ(0, read_long(TDX_HOST "last_update_blackout_us", &blackout));
	EXPECT_GT(blackout, 0);
	TH_LOG("%u.%u.%u -> %u.%u.%u, blackout %ld us",
	       before.major, before.minor, before.update,
	       after.major, after.minor, after.update, blackout);
	free(img.data);
}

/*
 * Each class of malformed image, in both formats, and the upload error it
 * must get: all are refused while the upload is "preparing", before any
 * SEAMCALL, and the module keeps running.
 */
FIXTURE(bad_image) {
	struct image img;
	struct version before;
};

FIXTURE_VARIANT(bad_image) {
	/* The model's image in Intel's blob format, not as a tdx_image. */
	bool blob;
	/* Byte offset to overwrite, or -1. */
	int offset;
	/* Little-endian value written there, 1 to 4 bytes. */
	uint32_t value;
	unsigned int width;
	/* Change to the length of the upload, in bytes. */
	long len_delta;
	/* Upload only the first bytes; 0: no truncation. */
	size_t truncate;
	/* Blob: its length field follows the upload's length. */
	bool set_length;
	/* Blob: the module starts at the end, so it has no page. */
	bool no_module;
	/* Blob: leave the checksum as the edit made it. */
	bool keep_checksum;
	const char *error;
};

#define HDR(field)	offsetof(struct tdx_image_header, field)
#define BLOB(field)	offsetof(struct tdx_blob_header, field)
#define INVALID		"preparing:firmware-invalid"

FIXTURE_VARIANT_ADD(bad_image, truncated) {
	.offset = -1, .truncate = 100, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, not_a_tdx_blob) {
	.offset = HDR(signature) + 4, .value = 'x', .width = 1, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, header_version) {
	.offset = HDR(version), .value = 0x201, .width = 2, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, reserved_byte_set) {
	.offset = HDR(reserved) + 100, .value = 1, .width = 1, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, two_sigstruct_pages) {
	.offset = HDR(sigstruct_pages), .value = 2, .width = 4, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, no_module_pages) {
	.offset = HDR(module_pages), .value = 0, .width = 4, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, too_many_module_pages) {
	.offset = HDR(module_pages), .value = 497, .width = 4, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, one_page_too_long) {
	.offset = -1, .len_delta = PAGE, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, one_page_too_short) {
	.offset = -1, .len_delta = -PAGE, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, one_byte_too_long) {
	.offset = -1, .len_delta = 1, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, bad_signature) {
	.offset = SIGSTRUCT_SIGNATURE + 200, .value = 0x5a5aa5a5, .width = 4,
	.error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, svn_changed_after_signing) {
	.offset = SIGSTRUCT_SVN_MAJOR, .value = 0x7f, .width = 1,
	.error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, module_page_changed) {
	.offset = FIRST_MODULE_PAGE + 2048, .value = 0x5a5aa5a5, .width = 4,
	.error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_truncated) {
	.blob = true, .offset = -1, .truncate = 100, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_not_a_tdx_blob) {
	.blob = true, .offset = BLOB(signature) + 4, .value = 'x', .width = 1,
	.error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_unknown_version) {
	.blob = true, .offset = BLOB(version), .value = 0x101, .width = 2,
	.error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_length_field_wrong) {
	.blob = true, .offset = BLOB(length) + 1, .value = 0x11, .width = 1,
	.error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_one_page_too_short) {
	.blob = true, .offset = -1, .len_delta = -PAGE, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_bad_checksum) {
	.blob = true, .offset = BLOB(checksum), .value = 0x5a5a, .width = 2,
	.keep_checksum = true, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_module_offset_not_8k) {
	.blob = true, .offset = BLOB(offset_of_module), .value = PAGE,
	.width = 4, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_module_not_whole_pages) {
	.blob = true, .offset = -1, .len_delta = 1, .set_length = true,
	.error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_no_module_pages) {
	.blob = true, .offset = -1, .no_module = true, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_reserved_byte_set) {
	.blob = true, .offset = BLOB(reserved) + 100, .value = 1, .width = 1,
	.error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_byte_after_sigstruct) {
	.blob = true, .offset = SIGSTRUCT + SIGSTRUCT_SIZE + 10, .value = 1,
	.width = 1, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_bad_signature) {
	.blob = true, .offset = SIGSTRUCT_SIGNATURE + 200, .value = 0x5a5aa5a5,
	.width = 4, .error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_svn_changed_after_signing) {
	.blob = true, .offset = SIGSTRUCT_SVN_MAJOR, .value = 0x7f, .width = 1,
	.error = INVALID,
};

FIXTURE_VARIANT_ADD(bad_image, blob_module_page_changed) {
	.blob = true, .offset = FIRST_MODULE_PAGE + 2048, .value = 0x5a5aa5a5,
	.width = 4, .error = INVALID,
};

FIXTURE_SETUP(bad_image)
{
	const char *why;

	memset(&self->img, 0, sizeof(self->img));
	why = updates_unavailable(_metadata, &self->before);
	if (why)
		SKIP(return, "%s", why);
	if (getenv("TDX_HOST_TEST_IMAGE"))
		SKIP(return, "edits the software TDX module's images only");
	if (get_image(&self->img, variant->blob))
		SKIP(return, "no update image");
	ASSERT_EQ(variant->blob, is_blob(&self->img));
	/* Room for a page more than the image. */
	self->img.data = realloc(self->img.data, self->img.len + PAGE);
	ASSERT_NE(NULL, self->img.data);
	memset(self->img.data + self->img.len, 0, PAGE);
}

FIXTURE_TEARDOWN(bad_image)
{
	free(self->img.data);
}

TEST_F(bad_image, rejected)
{
	size_t len = self->img.len + variant->len_delta;
	struct tdx_blob_header *blob = (void *)self->img.data;
	struct version after;
	char err[64];

	if (variant->offset >= 0) {
		uint32_t v = variant->value;

		/* Images are little-endian, like the CPUs that run them. */
		memcpy(self->img.data + variant->offset, &v, variant->width);
	}
	if (variant->truncate)
		len = variant->truncate;
	if (variant->set_length)
		blob->length = len;
	if (variant->no_module)
		blob->offset_of_module = len;
	if (variant->blob && !variant->keep_checksum)
		blob_fix_checksum(self->img.data, len);

	ASSERT_EQ(0, upload(self->img.data, len, err, sizeof(err)));
	EXPECT_STREQ(variant->error, err);
	ASSERT_EQ(0, read_version(TDX_HOST "version", &after));
	EXPECT_TRUE(same_version(&self->before, &after));
}

/* ----- The update the way Intel's tool makes it ----- */

/* Whether the sigstruct's CPUID table lists this CPU, stepping masked. */
static bool cpuid_listed(const struct image *img)
{
	uint32_t eax, ebx, ecx, edx, n, i, entry;

	__cpuid(1, eax, ebx, ecx, edx);
	memcpy(&n, img->data + SIGSTRUCT_CPUID_SIZE, sizeof(n));
	for (i = 0; i < n && i < 255; i++) {
		memcpy(&entry, img->data + SIGSTRUCT_CPUID_TABLE + 4 * i,
		       sizeof(entry));
		if ((entry & ~0xfu) == (eax & ~0xfu))
			return true;
	}
	return false;
}

/* "x.y.zz", as mainline prints the versions. */
static bool mainline_format(const char *s)
{
	unsigned int a, b, c;
	int n = -1;

	return sscanf(s, "%u.%u.%u%n", &a, &b, &c, &n) == 3 &&
	       n == (int)strlen(s) && strlen(strrchr(s, '.') + 1) >= 2;
}

FIXTURE(tool_flow) {
	struct image img;
};

FIXTURE_VARIANT(tool_flow) {
	bool blob;
};

FIXTURE_VARIANT_ADD(tool_flow, blob_0x100) {
	.blob = true,
};

FIXTURE_VARIANT_ADD(tool_flow, tdx_image_0x200) {
	.blob = false,
};

FIXTURE_SETUP(tool_flow)
{
	memset(&self->img, 0, sizeof(self->img));
}

FIXTURE_TEARDOWN(tool_flow)
{
	free(self->img.data);
}

/*
 * What version_select_and_load.py does: read the versions, read the
 * image's CPUID table and debug bit, write 1 to loading, the whole file
 * to data, 0 to loading, poll status once a second until idle, giving up
 * after 10 s, then read error and version.
 */
TEST_F(tool_flow, update)
{
	char version[32], seamldr[32], status[32], err[64];
	struct version before, after;
	uint32_t module_type;
	const char *why;
	int waited;
	long left;

	why = updates_unavailable(_metadata, &before);
	if (why)
		SKIP(return, "%s", why);
	if (get_image(&self->img, variant->blob))
		SKIP(return, "no update image");
	if (is_blob(&self->img) != variant->blob)
		SKIP(return, "$TDX_HOST_TEST_IMAGE is in the other format");
	ASSERT_EQ(0, read_long(TDX_HOST "num_remaining_updates", &left));
	if (!left)
		SKIP(return, "P-SEAMLDR allows no more updates");

	/* 1. The versions, in mainline's format. */
	ASSERT_LT(0, read_attr(TDX_HOST "version", version, sizeof(version)));
	ASSERT_LT(0, read_attr(TDX_HOST "seamldr_version", seamldr, sizeof(seamldr)));
	EXPECT_TRUE(mainline_format(version)) TH_LOG("version \"%s\"", version);
	EXPECT_TRUE(mainline_format(seamldr)) TH_LOG("seamldr_version \"%s\"", seamldr);
	/* The upload is the device's, as in mainline. */
	EXPECT_EQ(0, access(TDX_HOST "firmware/tdx_module/loading", F_OK));

	/* 2. What the tool reads from the file to choose it. */
	memcpy(&module_type, self->img.data + SIGSTRUCT_MODULE_TYPE,
	       sizeof(module_type));
	EXPECT_EQ(0, module_type >> 31) TH_LOG("a debug-signed module");
	ASSERT_TRUE(cpuid_listed(&self->img));

	/* 3. The upload, polled as the tool polls it. */
	ASSERT_EQ(0, write_attr(FW "loading", "1", 1));
	ASSERT_EQ(0, write_attr(FW "data", self->img.data, self->img.len));
	ASSERT_EQ(0, write_attr(FW "loading", "0", 1));
	for (waited = 0; ; waited++) {
		ASSERT_LT(0, read_attr(FW "status", status, sizeof(status)));
		if (!strcmp(status, "idle"))
			break;
		ASSERT_LT(waited, 10) TH_LOG("the tool gives up after 10 s");
		sleep(1);
	}
	ASSERT_LE(0, read_attr(FW "error", err, sizeof(err)));
	EXPECT_STREQ("", err);

	/* 4. The new version. */
	ASSERT_EQ(0, read_version(TDX_HOST "version", &after));
	if (!getenv("TDX_HOST_TEST_IMAGE"))
		EXPECT_EQ(before.update + 1, after.update);
	TH_LOG("%s -> %u.%u.%02u (%s), within %d s", version, after.major,
	       after.minor, after.update, variant->blob ? "blob" : "tdx_image",
	       waited);
}

/*
 * The upload's status shows the update as "programming": a slow call in
 * the checks made before the CPUs stop makes it long enough to see.
 */
TEST(upload_phases)
{
	static const char * const phases[] = {
		"receiving", "preparing", "transferring", "programming", "idle",
	};
	const unsigned int nr_phases = 5, idle = 4;
	char status[32], err[64], order[128] = "";
	unsigned int i, last = 0;
	bool in_order = true, programming = false;
	struct version before;
	struct image img;
	const char *why;
	int ret, polls;
	long left;

	why = updates_unavailable(_metadata, &before);
	if (why)
		SKIP(return, "%s", why);
	if (access(MODEL "latency", F_OK))
		SKIP(return, "needs the software TDX module");
	ASSERT_EQ(0, get_image(&img, true));
	ASSERT_EQ(0, read_long(TDX_HOST "num_remaining_updates", &left));
	if (!left)
		SKIP(return, "P-SEAMLDR allows no more updates");

	ASSERT_EQ(0, write_str(MODEL "latency", "SEAMLDR.INFO 1000000000"));
	ret = write_attr(FW "loading", "1", 1) ?:
	      write_attr(FW "data", img.data, img.len) ?:
	      write_attr(FW "loading", "0", 1);
	for (polls = 0; !ret && polls < 6000; polls++) {
		if (read_attr(FW "status", status, sizeof(status)) < 0)
			break;
		for (i = 0; i < nr_phases && strcmp(status, phases[i]); i++)
			;
		/* The phases come in order. */
		if (i == nr_phases || i < last) {
			in_order = false;
			break;
		}
		if (i != last || !polls) {
			strcat(order, polls ? " " : "");
			strcat(order, status);
		}
		programming |= i == 3;
		last = i;
		if (i == idle)
			break;
		usleep(10000);
	}
	/* Put the latency back before anything can end the test. */
	ASSERT_EQ(0, write_str(MODEL "latency", "SEAMLDR.INFO 0"));
	ASSERT_EQ(0, ret);
	TH_LOG("status: %s", order);
	ASSERT_TRUE(in_order);
	ASSERT_EQ(idle, last);
	EXPECT_TRUE(programming);
	ASSERT_LE(0, read_attr(FW "error", err, sizeof(err)));
	EXPECT_STREQ("", err);
	free(img.data);
}

/*
 * Whether the module can refuse to shut down during a TD build or
 * migration: TDH.SYS.SHUTDOWN takes RCX bit 16 from 2.0.14 on (and, by
 * inference from its error codes, 1.5.28); older modules cannot.
 */
static bool can_refuse_update(const struct version *v)
{
	if (v->major == 1)
		return v->minor > 5 || (v->minor == 5 && v->update >= 28);
	if (v->major == 2)
		return v->minor > 0 || v->update >= 14;
	return v->major > 2;
}

/*
 * A module in the middle of a TD build or migration refuses to shut down
 * for an update that asks it to avoid that: the upload fails as busy and
 * the old module keeps running; the same image goes in later.
 */
TEST(busy_then_retry)
{
	struct version before, after;
	struct image img;
	long result, left;
	const char *why;
	char err[64];

	why = updates_unavailable(_metadata, &before);
	if (why)
		SKIP(return, "%s", why);
	if (access(MODEL "compat_sensitive", F_OK))
		SKIP(return, "needs the software TDX module");
	if (!can_refuse_update(&before))
		SKIP(return, "TDX module %u.%u.%u cannot refuse an update",
		     before.major, before.minor, before.update);
	ASSERT_EQ(0, get_image(&img, false));
	ASSERT_EQ(0, read_long(TDX_HOST "num_remaining_updates", &left));
	if (left < 1)
		SKIP(return, "P-SEAMLDR allows no more updates");

	ASSERT_EQ(0, write_attr(MODEL "compat_sensitive", "1", 1));
	ASSERT_EQ(0, upload(img.data, img.len, err, sizeof(err)));
	ASSERT_EQ(0, write_attr(MODEL "compat_sensitive", "0", 1));
	EXPECT_STREQ("programming:device-busy", err);
	ASSERT_EQ(0, read_version(TDX_HOST "version", &after));
	EXPECT_TRUE(same_version(&before, &after));
	ASSERT_EQ(0, read_long(TDX_HOST "last_update_result", &result));
	EXPECT_EQ(-EBUSY, result);

	ASSERT_EQ(0, upload(img.data, img.len, err, sizeof(err)));
	EXPECT_STREQ("", err);
	ASSERT_EQ(0, read_version(TDX_HOST "version", &after));
	EXPECT_EQ(before.update + 1, after.update);
	free(img.data);
}

/* What only root may do: P-SEAMLDR calls and updates. */
TEST(non_root_denied)
{
	int status;
	pid_t pid;

	if (geteuid())
		SKIP(return, "must start as root");
	if (access(TDX_HOST "seamldr_version", F_OK) || access(FW "loading", F_OK))
		SKIP(return, "no update interface here");

	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		char buf[64];

		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (read_attr(TDX_HOST "seamldr_version", buf, sizeof(buf)) != -EACCES)
			_exit(11);
		if (read_attr(TDX_HOST "num_remaining_updates", buf, sizeof(buf)) != -EACCES)
			_exit(12);
		if (write_attr(FW "loading", "1", 1) != -EACCES)
			_exit(13);
		if (write_attr(FW "data", "x", 1) != -EACCES)
			_exit(14);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/*
 * Last (a fixture of its own runs after the others), because it loses
 * the module: an update that fails after the old
 * module shut down and the new one was installed leaves no module.  The
 * upload fails as a hardware error while "programming" and version is
 * unreadable with ENXIO, as in mainline, until reboot.
 */
FIXTURE(lost_module) {
};

FIXTURE_SETUP(lost_module)
{
}

FIXTURE_TEARDOWN(lost_module)
{
}

TEST_F(lost_module, fatal_update_failure)
{
	struct version before, after;
	struct image img;
	const char *why;
	char err[64];
	long result;

	why = updates_unavailable(_metadata, &before);
	if (why)
		SKIP(return, "%s", why);
	if (access(MODEL "inject", F_OK))
		SKIP(return, "needs the software TDX module");
	ASSERT_EQ(0, get_image(&img, true));

	/* The new module's TDH.SYS.INIT fails. */
	ASSERT_EQ(0, write_str(MODEL "inject", "TDH.SYS.INIT 0xc000010000000000"));
	ASSERT_EQ(0, upload(img.data, img.len, err, sizeof(err)));
	EXPECT_STREQ("programming:hw-error", err);
	EXPECT_EQ(-ENXIO, read_version(TDX_HOST "version", &after));
	ASSERT_EQ(0, read_long(TDX_HOST "last_update_result", &result));
	EXPECT_GT(0, result);
	/* The device stays, to say what happened. */
	EXPECT_EQ(0, access("/sys/bus/faux/devices/tdx_host", F_OK));
	free(img.data);
}

TEST_HARNESS_MAIN
