/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The faux bus: devices that stand for no hardware, only for an interface
 * a kernel component offers (sysfs attributes, a firmware upload), with
 * a probe/remove pair for the component's setup and teardown.
 */
#ifndef _DEVICE_FAUX_H_
#define _DEVICE_FAUX_H_

#include <linux/container_of.h>
#include <linux/device.h>

/**
 * struct faux_device - A device on the faux bus
 * @dev:	the device; it lives at /sys/devices/faux/<name> unless it
 *		was given a parent
 */
struct faux_device {
	struct device dev;
};

#define to_faux_device(x) container_of_const((x), struct faux_device, dev)

/**
 * struct faux_device_ops - What a faux device's creator does for it
 * @probe:	called once the device and its attribute groups exist; a
 *		non-zero return fails the creation
 * @remove:	called when the device goes away, if @probe succeeded
 */
struct faux_device_ops {
	int (*probe)(struct faux_device *faux_dev);
	void (*remove)(struct faux_device *faux_dev);
};

struct faux_device *faux_device_create(const char *name,
				       struct device *parent,
				       const struct faux_device_ops *faux_ops);
struct faux_device *
faux_device_create_with_groups(const char *name, struct device *parent,
			       const struct faux_device_ops *faux_ops,
			       const struct attribute_group **groups);
void faux_device_destroy(struct faux_device *faux_dev);

static inline void *faux_device_get_drvdata(const struct faux_device *faux_dev)
{
	return dev_get_drvdata(&faux_dev->dev);
}

static inline void faux_device_set_drvdata(struct faux_device *faux_dev,
					   void *data)
{
	dev_set_drvdata(&faux_dev->dev, data);
}

#endif /* _DEVICE_FAUX_H_ */
