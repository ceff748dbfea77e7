// SPDX-License-Identifier: GPL-2.0
/*
 * Leak check of everything the TDX suites ran before it.
 *
 * Suite "tdx_leaks": linked after the other TDX suites, so it runs after
 * them.  With kmemleak built in it asks kmemleak for a scan through its
 * debugfs file (there is no user space in a KUnit run) and fails on any
 * unreferenced object whose allocation trace goes through the TDX host
 * code, its model or its tests.  Objects allocated elsewhere are counted
 * but not held against the series.  A canary object leaked on purpose
 * (its address hidden from the scan, then freed) must be found, which
 * shows that the scan works and that traces name functions.  Without
 * kmemleak the test is skipped.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/mman.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/* The report is read in pieces of this size. */
#define LEAKS_CHUNK		PAGE_SIZE
/* At most this much of the report is looked at. */
#define LEAKS_MAX_REPORT	(256 * 1024)
/* kmemleak reports objects older than 5 s only; give the last ones time. */
#define LEAKS_MIN_AGE_MS	5500

/* The canary's size, unusual enough to spot in the report. */
#define LEAKS_CANARY_SIZE	1234
/* Hides the canary's address from kmemleak's scan of the stack. */
#define LEAKS_HIDE		0x5a5a5a5a5a5a5a5aUL

/* Allocation traces through these belong to the series. */
static const char * const leaks_ours[] = {
	"tdx", "seamldr", "tdxm_", "tdxt_", "upd_", "sweep_", "fuzz_",
	"stress_",
};

static bool leaks_is_ours(const char *entry)
{
	const char *trace = strstr(entry, "backtrace");
	unsigned int i;

	if (!trace)
		trace = entry;
	for (i = 0; i < ARRAY_SIZE(leaks_ours); i++) {
		if (strstr(trace, leaks_ours[i]))
			return true;
	}
	return false;
}

static void leaks_unmount(void *mnt)
{
	kern_unmount(mnt);
}

static void leaks_fput(void *file)
{
	fput(file);
}

/* Write a command to kmemleak's file through a user buffer. */
static ssize_t leaks_cmd(struct file *f, char __user *ubuf, const char *cmd)
{
	size_t len = strlen(cmd);
	loff_t pos = 0;

	if (copy_to_user(ubuf, cmd, len))
		return -EFAULT;
	return vfs_write(f, ubuf, len, &pos);
}

/* Not inlined: its name must show in the canary's allocation trace. */
static noinline unsigned long leaks_canary_alloc(void)
{
	return (unsigned long)kmalloc(LEAKS_CANARY_SIZE, GFP_KERNEL) ^ LEAKS_HIDE;
}

/* Count the report's entries: the canary, ours and others; log ours. */
static void leaks_parse(struct kunit *test, char *report, unsigned int *canary,
			unsigned int *ours, unsigned int *others)
{
	char *entry = report, *next;

	while ((entry = strstr(entry, "unreferenced object"))) {
		next = strstr(entry + 1, "unreferenced object");
		if (next)
			next[-1] = '\0';
		if (strstr(entry, "leaks_canary_alloc")) {
			(*canary)++;
		} else if (leaks_is_ours(entry)) {
			(*ours)++;
			kunit_err(test, "leak: %s\n", entry);
		} else {
			(*others)++;
		}
		if (!next)
			break;
		next[-1] = '\n';
		entry = next;
	}
}

/* Scan for leaks; fail on those in TDX code. */
static void leaks_kmemleak(struct kunit *test)
{
	struct file_system_type *fs;
	struct vfsmount *mnt;
	unsigned int canary = 0, ours = 0, others = 0;
	unsigned long uaddr, hidden;
	char __user *ubuf;
	struct file *f;
	char *report;
	ssize_t n;
	size_t len = 0;
	loff_t pos = 0;

	if (!IS_ENABLED(CONFIG_DEBUG_KMEMLEAK))
		kunit_skip(test, "kmemleak is not built in");

	fs = get_fs_type("debugfs");
	KUNIT_ASSERT_NOT_NULL(test, fs);
	mnt = kern_mount(fs);
	put_filesystem(fs);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mnt));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, leaks_unmount, mnt), 0);

	f = file_open_root_mnt(mnt, "kmemleak", O_RDWR, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "kmemleak: %ld", PTR_ERR(f));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, leaks_fput, f), 0);

	uaddr = kunit_vm_mmap(test, NULL, 0, LEAKS_CHUNK, PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, uaddr, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(uaddr));
	ubuf = (char __user *)uaddr;

	report = kunit_kzalloc(test, LEAKS_MAX_REPORT + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, report);

	hidden = leaks_canary_alloc();
	KUNIT_ASSERT_NE(test, hidden, LEAKS_HIDE);

	/*
	 * An object is reported once two scans found it unreferenced and
	 * unchanged, and it is old enough.
	 */
	msleep(LEAKS_MIN_AGE_MS);
	KUNIT_ASSERT_GT(test, leaks_cmd(f, ubuf, "scan"), 0);
	KUNIT_ASSERT_GT(test, leaks_cmd(f, ubuf, "scan"), 0);

	while (len < LEAKS_MAX_REPORT) {
		n = vfs_read(f, ubuf, min_t(size_t, LEAKS_CHUNK,
					    LEAKS_MAX_REPORT - len), &pos);
		KUNIT_ASSERT_GE(test, n, 0);
		if (!n)
			break;
		KUNIT_ASSERT_EQ(test, copy_from_user(report + len, ubuf, n), 0);
		len += n;
	}

	kfree((void *)(hidden ^ LEAKS_HIDE));

	leaks_parse(test, report, &canary, &ours, &others);
	kunit_info(test, "leaks: kmemleak: %u in TDX code, %u elsewhere, canary found %u time(s)\n",
		   ours, others, canary);
	KUNIT_EXPECT_EQ(test, canary, 1);
	KUNIT_EXPECT_EQ(test, ours, 0);
}

static struct kunit_case leaks_cases[] = {
	KUNIT_CASE_SLOW(leaks_kmemleak),
	{}
};

static struct kunit_suite leaks_suite = {
	.name = "tdx_leaks",
	.test_cases = leaks_cases,
};

kunit_test_suites(&leaks_suite);
