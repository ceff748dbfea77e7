// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the faux bus.
 *
 * Suite "faux": where faux devices appear, when their attribute groups
 * and callbacks run, and that a failed probe or a destroy leaves nothing
 * behind.
 */
#include <kunit/test.h>
#include <linux/device/faux.h>
#include <linux/kernfs.h>
#include <linux/sysfs.h>

#define FAUX_TEST_NAME	"faux_kunit_dev"

/**
 * struct faux_test - What the callbacks saw
 * @probed:	probe calls
 * @removed:	remove calls
 * @attr_seen:	the test attribute existed when probe ran
 * @probe_ret:	what probe returns
 */
struct faux_test {
	int probed;
	int removed;
	bool attr_seen;
	int probe_ret;
};

static struct faux_test faux_test;

static ssize_t answer_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "42\n");
}
static DEVICE_ATTR_RO(answer);

static struct attribute *faux_test_attrs[] = {
	&dev_attr_answer.attr,
	NULL
};
ATTRIBUTE_GROUPS(faux_test);

static int faux_test_probe(struct faux_device *faux_dev)
{
	struct kernfs_node *kn;

	faux_test.probed++;
	kn = kernfs_find_and_get(faux_dev->dev.kobj.sd, "answer");
	faux_test.attr_seen = kn;
	kernfs_put(kn);
	faux_device_set_drvdata(faux_dev, &faux_test);
	return faux_test.probe_ret;
}

static void faux_test_remove(struct faux_device *faux_dev)
{
	faux_test.removed++;
}

static const struct faux_device_ops faux_test_ops = {
	.probe	= faux_test_probe,
	.remove	= faux_test_remove,
};

static int faux_test_init(struct kunit *test)
{
	memset(&faux_test, 0, sizeof(faux_test));
	return 0;
}

/* Whether @bus has a device called @name. */
static bool faux_test_on_bus(const struct bus_type *bus, const char *name)
{
	struct device *dev = bus_find_device_by_name(bus, NULL, name);

	put_device(dev);
	return dev;
}

static void faux_test_destroy(void *faux_dev)
{
	faux_device_destroy(faux_dev);
}

/* A device without a parent: /sys/devices/faux/<name>, probed, with its groups. */
static void faux_create_root(struct kunit *test)
{
	struct faux_device *fdev;
	char *path;

	fdev = faux_device_create_with_groups(FAUX_TEST_NAME, NULL,
					      &faux_test_ops, faux_test_groups);
	KUNIT_ASSERT_NOT_NULL(test, fdev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, faux_test_destroy,
							fdev), 0);

	path = kobject_get_path(&fdev->dev.kobj, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, path);
	KUNIT_EXPECT_STREQ(test, path, "/devices/faux/" FAUX_TEST_NAME);
	kfree(path);
	KUNIT_EXPECT_STREQ(test, fdev->dev.bus->name, "faux");
	KUNIT_EXPECT_TRUE(test, faux_test_on_bus(fdev->dev.bus, FAUX_TEST_NAME));
	KUNIT_EXPECT_EQ(test, faux_test.probed, 1);
	KUNIT_EXPECT_TRUE(test, faux_test.attr_seen);
	KUNIT_EXPECT_PTR_EQ(test, faux_device_get_drvdata(fdev),
			    (void *)&faux_test);
}

/* A device with a parent lives below it; destroy calls remove once. */
static void faux_create_child(struct kunit *test)
{
	struct faux_device *parent, *child;
	const struct bus_type *bus;

	parent = faux_device_create(FAUX_TEST_NAME, NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, parent);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, faux_test_destroy,
							parent), 0);
	child = faux_device_create("child", &parent->dev, &faux_test_ops);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_PTR_EQ(test, child->dev.parent, &parent->dev);
	KUNIT_EXPECT_EQ(test, faux_test.probed, 1);
	/* No groups were given. */
	KUNIT_EXPECT_FALSE(test, faux_test.attr_seen);

	bus = child->dev.bus;
	faux_device_destroy(child);
	KUNIT_EXPECT_EQ(test, faux_test.removed, 1);
	KUNIT_EXPECT_FALSE(test, faux_test_on_bus(bus, "child"));
}

/* A failed probe: NULL, no device left, remove not called. */
static void faux_probe_fails(struct kunit *test)
{
	struct faux_device *other, *fdev;

	other = faux_device_create("faux_kunit_other", NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, faux_test_destroy,
							other), 0);

	faux_test.probe_ret = -EIO;
	fdev = faux_device_create_with_groups(FAUX_TEST_NAME, NULL,
					      &faux_test_ops, faux_test_groups);
	KUNIT_EXPECT_NULL(test, fdev);
	KUNIT_EXPECT_EQ(test, faux_test.probed, 1);
	KUNIT_EXPECT_EQ(test, faux_test.removed, 0);
	KUNIT_EXPECT_FALSE(test, faux_test_on_bus(other->dev.bus, FAUX_TEST_NAME));

	/* The name is free again. */
	faux_test.probe_ret = 0;
	fdev = faux_device_create(FAUX_TEST_NAME, NULL, &faux_test_ops);
	KUNIT_EXPECT_NOT_NULL(test, fdev);
	faux_device_destroy(fdev);
}

/* No name: NULL, nothing probed; destroying NULL is allowed. */
static void faux_bad_names(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, faux_device_create(NULL, NULL, &faux_test_ops));
	KUNIT_EXPECT_EQ(test, faux_test.probed, 0);
	faux_device_destroy(NULL);
}

static struct kunit_case faux_cases[] = {
	KUNIT_CASE(faux_create_root),
	KUNIT_CASE(faux_create_child),
	KUNIT_CASE(faux_probe_fails),
	KUNIT_CASE(faux_bad_names),
	{}
};

static struct kunit_suite faux_suite = {
	.name = "faux",
	.init = faux_test_init,
	.test_cases = faux_cases,
};

kunit_test_suite(faux_suite);

MODULE_DESCRIPTION("KUnit tests of the faux bus");
MODULE_LICENSE("GPL");
