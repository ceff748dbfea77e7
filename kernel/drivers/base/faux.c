// SPDX-License-Identifier: GPL-2.0-only
/*
 * The faux bus.
 *
 * Some kernel components offer userspace an interface (sysfs attributes,
 * a firmware upload) without driving any hardware a bus would find.  A
 * platform device is the wrong model for them: it suggests a resource
 * and a separate driver where there is neither.  A faux device is just a
 * device: its creator names it and gets probe() and remove() callbacks
 * for its own setup and teardown.  Faux devices live under the root
 * device /sys/devices/faux (unless given a parent) and are listed in
 * /sys/bus/faux/devices; one driver binds each of them as it is added.
 */
#define pr_fmt(fmt) "faux: " fmt

#include <linux/device/faux.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/printk.h>
#include <linux/slab.h>

/**
 * struct faux_object - A faux device and what its creator asked for
 * @faux_dev:	the device
 * @faux_ops:	the creator's callbacks, may be NULL
 */
struct faux_object {
	struct faux_device faux_dev;
	const struct faux_device_ops *faux_ops;
};

static struct faux_object *to_faux_object(struct device *dev)
{
	return container_of(to_faux_device(dev), struct faux_object, faux_dev);
}

/* The parent of faux devices created without one. */
static struct device *faux_root;

/* The one faux driver takes every faux device. */
static int faux_match(struct device *dev, const struct device_driver *drv)
{
	return 1;
}

static int faux_probe(struct device *dev)
{
	const struct faux_device_ops *ops = to_faux_object(dev)->faux_ops;

	if (!ops || !ops->probe)
		return 0;
	return ops->probe(to_faux_device(dev));
}

static void faux_remove(struct device *dev)
{
	const struct faux_device_ops *ops = to_faux_object(dev)->faux_ops;

	if (ops && ops->remove)
		ops->remove(to_faux_device(dev));
}

static const struct bus_type faux_bus_type = {
	.name	= "faux",
	.match	= faux_match,
	.probe	= faux_probe,
	.remove	= faux_remove,
};

/* Bound synchronously, so that creation can tell whether probe failed. */
static struct device_driver faux_driver = {
	.name			= "faux_driver",
	.bus			= &faux_bus_type,
	.probe_type		= PROBE_FORCE_SYNCHRONOUS,
	.suppress_bind_attrs	= true,
};

static void faux_device_release(struct device *dev)
{
	kfree(to_faux_object(dev));
}

/**
 * faux_device_create_with_groups() - Create a faux device with attributes
 * @name:	its name, unique among the children of its parent
 * @parent:	its parent, or NULL for /sys/devices/faux
 * @faux_ops:	probe and remove callbacks, or NULL for none
 * @groups:	attribute groups to create with the device, or NULL; they
 *		exist before @faux_ops->probe runs
 *
 * The device is added and bound before this returns, so @faux_ops->probe
 * has run by then.  faux_device_destroy() removes it again.
 *
 * Context: Process context; may sleep.
 * Return: the device, or NULL if it could not be created or its probe
 * failed (the reason is logged).
 */
struct faux_device *
faux_device_create_with_groups(const char *name, struct device *parent,
			       const struct faux_device_ops *faux_ops,
			       const struct attribute_group **groups)
{
	struct faux_object *obj;
	struct device *dev;
	int ret;

	if (!name || !faux_root)
		return NULL;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return NULL;
	obj->faux_ops = faux_ops;

	/* From here on, the last put_device() frees @obj. */
	dev = &obj->faux_dev.dev;
	device_initialize(dev);
	dev->release = faux_device_release;
	dev->parent = parent ?: faux_root;
	dev->bus = &faux_bus_type;
	dev->groups = groups;
	ret = dev_set_name(dev, "%s", name);
	if (ret)
		goto err_put;

	ret = device_add(dev);
	if (ret) {
		pr_err("cannot add %s: %d\n", name, ret);
		goto err_put;
	}
	/* A failed probe leaves the device unbound: take it away again. */
	if (!device_is_bound(dev)) {
		pr_err("%s: probe failed\n", name);
		device_del(dev);
		goto err_put;
	}
	return &obj->faux_dev;

err_put:
	put_device(dev);
	return NULL;
}
EXPORT_SYMBOL_GPL(faux_device_create_with_groups);

/**
 * faux_device_create() - Create a faux device
 * @name:	its name, unique among the children of its parent
 * @parent:	its parent, or NULL for /sys/devices/faux
 * @faux_ops:	probe and remove callbacks, or NULL for none
 *
 * faux_device_create_with_groups() without attribute groups.
 *
 * Context: Process context; may sleep.
 * Return: the device, or NULL if it could not be created or its probe
 * failed.
 */
struct faux_device *faux_device_create(const char *name, struct device *parent,
				       const struct faux_device_ops *faux_ops)
{
	return faux_device_create_with_groups(name, parent, faux_ops, NULL);
}
EXPORT_SYMBOL_GPL(faux_device_create);

/**
 * faux_device_destroy() - Remove a faux device
 * @faux_dev:	the device, or NULL
 *
 * Calls its remove callback, removes its attributes and drops the
 * creator's reference.
 *
 * Context: Process context; may sleep.
 */
void faux_device_destroy(struct faux_device *faux_dev)
{
	if (faux_dev)
		device_unregister(&faux_dev->dev);
}
EXPORT_SYMBOL_GPL(faux_device_destroy);

/* Before any device_initcall() can create a faux device. */
static int __init faux_bus_init(void)
{
	struct device *root;
	int ret;

	root = root_device_register("faux");
	if (IS_ERR(root))
		return PTR_ERR(root);

	ret = bus_register(&faux_bus_type);
	if (ret)
		goto err_unregister_root;

	ret = driver_register(&faux_driver);
	if (ret)
		goto err_unregister_bus;

	faux_root = root;
	return 0;

err_unregister_bus:
	bus_unregister(&faux_bus_type);
err_unregister_root:
	root_device_unregister(root);
	return ret;
}
postcore_initcall(faux_bus_init);
