// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace interface of a TDX host.
 *
 * The TDX core registers the "tdx_host" platform device on TDX hosts.
 * This driver gives it sysfs attributes for the TDX module and P-SEAMLDR
 * versions and for the outcome of the last runtime update, and registers
 * the "tdx_module" firmware upload through which operators update the
 * TDX module at runtime:
 *
 *   echo 1 > /sys/class/firmware/tdx_module/loading
 *   cat tdx_module.bin > /sys/class/firmware/tdx_module/data
 *   echo 0 > /sys/class/firmware/tdx_module/loading
 *
 * The image is checked while the upload is "preparing"; the update runs,
 * all CPUs stopped, while it is "transferring".  Cancel semantics: a
 * cancel request that arrives before the update starts fails the upload
 * with "user-abort" and changes nothing.  Once the update has started it
 * cannot be cancelled: it completes or fails as a whole, because stopping
 * half-way would lose the module.  A request that arrives during the
 * update is ignored.
 */

#include <linux/device.h>
#include <linux/err.h>
#include <linux/firmware.h>
#include <linux/math64.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/sysfs.h>
#include <linux/time64.h>
#include <asm/tdx.h>

/**
 * struct tdx_host - State of the tdx_host driver
 * @dev:	the tdx_host device
 * @fwl:	the tdx_module firmware upload; NULL where updates cannot work
 * @cancel:	userspace asked to cancel the upload in progress
 */
struct tdx_host {
	struct device *dev;
	struct fw_upload *fwl;
	bool cancel;
};

/* ----- sysfs ----- */

static ssize_t version_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct tdx_sys_info_version v;
	int ret;

	ret = tdx_get_version(&v);
	if (ret)
		return ret;
	return sysfs_emit(buf, "%u.%u.%u\n", v.major, v.minor, v.update);
}
static DEVICE_ATTR_RO(version);

static ssize_t seamldr_version_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct tdx_seamldr_info info;
	int ret;

	ret = tdx_seamldr_get_info(&info);
	if (ret)
		return ret;
	return sysfs_emit(buf, "%u.%u.%u\n", info.major, info.minor, info.update);
}
static DEVICE_ATTR_ADMIN_RO(seamldr_version);

static ssize_t num_remaining_updates_show(struct device *dev,
					  struct device_attribute *attr,
					  char *buf)
{
	struct tdx_seamldr_info info;
	int ret;

	ret = tdx_seamldr_get_info(&info);
	if (ret)
		return ret;
	return sysfs_emit(buf, "%u\n", info.num_remaining_updates);
}
static DEVICE_ATTR_ADMIN_RO(num_remaining_updates);

static ssize_t last_update_result_show(struct device *dev,
				       struct device_attribute *attr, char *buf)
{
	struct tdx_update_stats stats;
	int ret;

	ret = tdx_update_last(&stats);
	if (ret)
		return ret;
	return sysfs_emit(buf, "%d\n", stats.result);
}
static DEVICE_ATTR_RO(last_update_result);

static ssize_t last_update_blackout_us_show(struct device *dev,
					    struct device_attribute *attr,
					    char *buf)
{
	struct tdx_update_stats stats;
	int ret;

	ret = tdx_update_last(&stats);
	if (ret)
		return ret;
	return sysfs_emit(buf, "%llu\n", div_u64(stats.blackout_ns, NSEC_PER_USEC));
}
static DEVICE_ATTR_RO(last_update_blackout_us);

static struct attribute *tdx_host_module_attrs[] = {
	&dev_attr_version.attr,
	NULL
};

static const struct attribute_group tdx_host_module_group = {
	.attrs = tdx_host_module_attrs,
};

static struct attribute *tdx_host_update_attrs[] = {
	&dev_attr_seamldr_version.attr,
	&dev_attr_num_remaining_updates.attr,
	&dev_attr_last_update_result.attr,
	&dev_attr_last_update_blackout_us.attr,
	NULL
};

/* Where updates cannot work, their attributes are absent, not failing. */
static umode_t tdx_host_update_visible(struct kobject *kobj,
				       struct attribute *attr, int n)
{
	return tdx_update_supported() ? attr->mode : 0;
}

static const struct attribute_group tdx_host_update_group = {
	.attrs = tdx_host_update_attrs,
	.is_visible = tdx_host_update_visible,
};

static const struct attribute_group *tdx_host_groups[] = {
	&tdx_host_module_group,
	&tdx_host_update_group,
	NULL
};

/* ----- Firmware upload ----- */

/* The one place where an errno of the update becomes an upload error. */
static enum fw_upload_err tdx_host_fw_err(int err)
{
	switch (err) {
	case 0:
		return FW_UPLOAD_ERR_NONE;
	/* Image too short, longer or shorter than its header says, too big. */
	case -ENODATA:
	case -EMSGSIZE:
	case -EFBIG:
		return FW_UPLOAD_ERR_INVALID_SIZE;
	/* Not an update image, or a header this kernel does not accept. */
	case -ENOEXEC:
	case -EPROTONOSUPPORT:
	case -EPROTO:
	case -EINVAL:
	/*
	 * Its sigstruct is malformed (-EINVAL above), not signed with the
	 * key P-SEAMLDR trusts, its signature or hash is wrong, or it is a
	 * debug module or a downgrade P-SEAMLDR would refuse.
	 */
	case -ENOKEY:
	case -EKEYREJECTED:
	case -EBADMSG:
	case -EPERM:
		return FW_UPLOAD_ERR_FW_INVALID;
	/*
	 * A CPU is offline, a TD build or migration must finish first, or
	 * P-SEAMLDR ran out of entropy: try again.
	 */
	case -EBUSY:
	case -EAGAIN:
		return FW_UPLOAD_ERR_BUSY;
	/* A CPU did not arrive in time; nothing changed. */
	case -ETIMEDOUT:
		return FW_UPLOAD_ERR_TIMEOUT;
	/* P-SEAMLDR allows no more updates until the next reboot. */
	case -ENOSPC:
		return FW_UPLOAD_ERR_WEAROUT;
	case -ENOMEM:
		return FW_UPLOAD_ERR_RW_ERROR;
	/*
	 * No initialized module or no VMX (-ENXIO), none left (-ENODEV),
	 * the old one shut down (-ESHUTDOWN), no support for TD-preserving
	 * updates (-EOPNOTSUPP), a failed step (-EIO and others).
	 */
	default:
		return FW_UPLOAD_ERR_HW_ERROR;
	}
}

static enum fw_upload_err tdx_host_fw_prepare(struct fw_upload *fwl,
					      const u8 *data, u32 size)
{
	struct tdx_host *host = fwl->dd_handle;
	int ret;

	WRITE_ONCE(host->cancel, false);

	ret = tdx_update_check_image(data, size);
	if (ret)
		dev_err(host->dev, "rejected TDX module image: %pe\n", ERR_PTR(ret));
	return tdx_host_fw_err(ret);
}

/* The update needs the whole image; the upload core offers it at once. */
static enum fw_upload_err tdx_host_fw_write(struct fw_upload *fwl,
					    const u8 *data, u32 offset,
					    u32 size, u32 *written)
{
	struct tdx_host *host = fwl->dd_handle;
	int ret;

	if (offset)
		return FW_UPLOAD_ERR_RW_ERROR;
	if (READ_ONCE(host->cancel))
		return FW_UPLOAD_ERR_CANCELED;

	ret = tdx_module_update(data, size);
	if (ret) {
		dev_err(host->dev, "TDX module update failed: %pe\n", ERR_PTR(ret));
		return tdx_host_fw_err(ret);
	}
	*written = size;
	return FW_UPLOAD_ERR_NONE;
}

/* The update is complete when the write returns. */
static enum fw_upload_err tdx_host_fw_poll_complete(struct fw_upload *fwl)
{
	return FW_UPLOAD_ERR_NONE;
}

/* Called with the upload core's lock held; must not sleep or wait. */
static void tdx_host_fw_cancel(struct fw_upload *fwl)
{
	struct tdx_host *host = fwl->dd_handle;

	WRITE_ONCE(host->cancel, true);
}

static const struct fw_upload_ops tdx_host_fw_ops = {
	.prepare	= tdx_host_fw_prepare,
	.write		= tdx_host_fw_write,
	.poll_complete	= tdx_host_fw_poll_complete,
	.cancel		= tdx_host_fw_cancel,
};

static void tdx_host_fw_unregister(void *fwl)
{
	firmware_upload_unregister(fwl);
}

/* ----- The driver ----- */

static int tdx_host_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct tdx_host *host;

	host = devm_kzalloc(dev, sizeof(*host), GFP_KERNEL);
	if (!host)
		return -ENOMEM;
	host->dev = dev;
	platform_set_drvdata(pdev, host);

	if (!tdx_update_supported()) {
		dev_info(dev, "runtime TDX module updates are not supported on this platform\n");
		return 0;
	}

	host->fwl = firmware_upload_register(THIS_MODULE, dev, "tdx_module",
					     &tdx_host_fw_ops, host);
	if (IS_ERR(host->fwl))
		return dev_err_probe(dev, PTR_ERR(host->fwl),
				     "cannot register the tdx_module firmware upload\n");

	return devm_add_action_or_reset(dev, tdx_host_fw_unregister, host->fwl);
}

static const struct platform_device_id tdx_host_ids[] = {
	{ "tdx_host" },
	{ }
};
MODULE_DEVICE_TABLE(platform, tdx_host_ids);

static struct platform_driver tdx_host_driver = {
	.probe		= tdx_host_probe,
	.id_table	= tdx_host_ids,
	.driver		= {
		.name		= "tdx_host",
		.dev_groups	= tdx_host_groups,
	},
};
module_platform_driver(tdx_host_driver);

MODULE_DESCRIPTION("TDX host services: TDX module version and runtime updates");
MODULE_LICENSE("GPL");
