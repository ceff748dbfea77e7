// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the TDX host's userspace interface: the tdx_host device's
 * attributes and runtime TDX module updates through the tdx_module
 * firmware upload.
 *
 * They need an initialized TDX module (kvm_intel loaded with tdx=1) and
 * an update image: $TDX_HOST_TEST_IMAGE, or the one the software TDX
 * module offers in debugfs.  Tests that cannot run here are skipped.
 * The update tests really update the module; each uses one of the
 * updates P-SEAMLDR allows until reboot.
 */
#define _GNU_SOURCE
#include <assert.h>
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

#define TDX_HOST	"/sys/devices/platform/tdx_host/"
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

/* A valid update image for the running module, if this host has one. */
static int get_image(struct image *img)
{
	const char *path = getenv("TDX_HOST_TEST_IMAGE");

	return read_file(path ?: MODEL "image", img);
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
 * running version.  Errors other than a missing device or module fail.
 */
static const char *updates_unavailable(struct version *v, int *err)
{
	*err = read_version(TDX_HOST "version", v);
	if (*err == -ENOENT) {
		*err = 0;
		return "no tdx_host device: not a TDX host";
	}
	if (*err == -ENXIO) {
		*err = 0;
		return "TDX module not initialized (kvm_intel tdx=1)";
	}
	if (!*err && access(FW "loading", F_OK))
		return "runtime updates not supported here";
	return NULL;
}

TEST(version)
{
	struct version v;
	int ret;

	ret = read_version(TDX_HOST "version", &v);
	if (ret == -ENOENT)
		SKIP(return, "no tdx_host device: not a TDX host");
	if (ret == -ENXIO)
		SKIP(return, "TDX module not initialized (kvm_intel tdx=1)");
	ASSERT_EQ(0, ret);
	EXPECT_GE(v.major, 1);
	TH_LOG("TDX module %u.%u.%u", v.major, v.minor, v.update);
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
	int ret;

	why = updates_unavailable(&before, &ret);
	ASSERT_EQ(0, ret);
	if (why)
		SKIP(return, "%s", why);
	if (get_image(&img))
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

/* Each class of malformed image, and the upload error it must get. */
FIXTURE(bad_image) {
	struct image img;
	struct version before;
};

FIXTURE_VARIANT(bad_image) {
	/* Byte offset to overwrite, or -1. */
	int offset;
	/* Little-endian value written there, 1 to 4 bytes. */
	uint32_t value;
	unsigned int width;
	/* Change to the length of the upload, in bytes. */
	long len_delta;
	/* Upload only the first bytes; 0: no truncation. */
	size_t truncate;
	const char *error;
};

#define HDR(field)	offsetof(struct tdx_image_header, field)

FIXTURE_VARIANT_ADD(bad_image, truncated) {
	.offset = -1, .truncate = 100,
	.error = "preparing:invalid-file-size",
};

FIXTURE_VARIANT_ADD(bad_image, not_a_tdx_blob) {
	.offset = HDR(signature) + 4, .value = 'x', .width = 1,
	.error = "preparing:firmware-invalid",
};

FIXTURE_VARIANT_ADD(bad_image, header_version) {
	.offset = HDR(version), .value = 0x100, .width = 2,
	.error = "preparing:firmware-invalid",
};

FIXTURE_VARIANT_ADD(bad_image, reserved_byte_set) {
	.offset = HDR(reserved) + 100, .value = 1, .width = 1,
	.error = "preparing:firmware-invalid",
};

FIXTURE_VARIANT_ADD(bad_image, two_sigstruct_pages) {
	.offset = HDR(sigstruct_pages), .value = 2, .width = 4,
	.error = "preparing:firmware-invalid",
};

FIXTURE_VARIANT_ADD(bad_image, no_module_pages) {
	.offset = HDR(module_pages), .value = 0, .width = 4,
	.error = "preparing:firmware-invalid",
};

FIXTURE_VARIANT_ADD(bad_image, too_many_module_pages) {
	.offset = HDR(module_pages), .value = 497, .width = 4,
	.error = "preparing:invalid-file-size",
};

FIXTURE_VARIANT_ADD(bad_image, one_page_too_long) {
	.offset = -1, .len_delta = PAGE,
	.error = "preparing:invalid-file-size",
};

FIXTURE_VARIANT_ADD(bad_image, one_page_too_short) {
	.offset = -1, .len_delta = -PAGE,
	.error = "preparing:invalid-file-size",
};

FIXTURE_VARIANT_ADD(bad_image, one_byte_too_long) {
	.offset = -1, .len_delta = 1,
	.error = "preparing:invalid-file-size",
};

/* The sigstruct is the image's second page (tdx-abi.md section 7). */
#define SIGSTRUCT_SIGNATURE	(PAGE + 516)
#define SIGSTRUCT_SVN_MAJOR	(PAGE + 949)
#define FIRST_MODULE_PAGE	(2 * PAGE)

FIXTURE_VARIANT_ADD(bad_image, bad_signature) {
	.offset = SIGSTRUCT_SIGNATURE + 200, .value = 0x5a5aa5a5, .width = 4,
	.error = "preparing:firmware-invalid",
};

FIXTURE_VARIANT_ADD(bad_image, svn_changed_after_signing) {
	.offset = SIGSTRUCT_SVN_MAJOR, .value = 0x7f, .width = 1,
	.error = "preparing:firmware-invalid",
};

FIXTURE_VARIANT_ADD(bad_image, module_page_changed) {
	.offset = FIRST_MODULE_PAGE + 2048, .value = 0x5a5aa5a5, .width = 4,
	.error = "preparing:firmware-invalid",
};

FIXTURE_SETUP(bad_image)
{
	const char *why;
	int ret;

	memset(&self->img, 0, sizeof(self->img));
	why = updates_unavailable(&self->before, &ret);
	ASSERT_EQ(0, ret);
	if (why)
		SKIP(return, "%s", why);
	if (get_image(&self->img))
		SKIP(return, "no update image (set TDX_HOST_TEST_IMAGE)");
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
	struct version after;
	char err[64];

	if (variant->offset >= 0) {
		uint32_t v = variant->value;

		/* Images are little-endian, like the CPUs that run them. */
		memcpy(self->img.data + variant->offset, &v, variant->width);
	}
	if (variant->truncate)
		len = variant->truncate;

	ASSERT_EQ(0, upload(self->img.data, len, err, sizeof(err)));
	EXPECT_STREQ(variant->error, err);
	ASSERT_EQ(0, read_version(TDX_HOST "version", &after));
	EXPECT_TRUE(same_version(&self->before, &after));
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
	int ret;

	why = updates_unavailable(&before, &ret);
	ASSERT_EQ(0, ret);
	if (why)
		SKIP(return, "%s", why);
	if (access(MODEL "compat_sensitive", F_OK))
		SKIP(return, "needs the software TDX module");
	if (!can_refuse_update(&before))
		SKIP(return, "TDX module %u.%u.%u cannot refuse an update",
		     before.major, before.minor, before.update);
	ASSERT_EQ(0, get_image(&img));
	ASSERT_EQ(0, read_long(TDX_HOST "num_remaining_updates", &left));
	if (left < 1)
		SKIP(return, "P-SEAMLDR allows no more updates");

	ASSERT_EQ(0, write_attr(MODEL "compat_sensitive", "1", 1));
	ASSERT_EQ(0, upload(img.data, img.len, err, sizeof(err)));
	ASSERT_EQ(0, write_attr(MODEL "compat_sensitive", "0", 1));
	EXPECT_STREQ("transferring:device-busy", err);
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

TEST_HARNESS_MAIN
