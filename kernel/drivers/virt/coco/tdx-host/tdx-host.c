// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace interface of a TDX host.
 *
 * On hosts where boot found TDX, this driver creates the faux device
 * /sys/devices/faux/tdx_host, as mainline does, with sysfs attributes for
 * the TDX module and P-SEAMLDR versions and for the outcome of the last
 * runtime update, and registers the "tdx_module" firmware upload through
 * which operators update the TDX module at runtime, with Intel's release
 * files (intel/tdx-module-binaries) or mainline's tdx_image files:
 *
 *   echo 1 > /sys/class/firmware/tdx_module/loading
 *   cat tdx_module_1.5.16.blob > /sys/class/firmware/tdx_module/data
 *   echo 0 > /sys/class/firmware/tdx_module/loading
 *
 * The upload's status shows the steps: "preparing" while the image is
 * checked on its own, "transferring" while it is copied to the pages
 * P-SEAMLDR reads, "programming" during the update, all CPUs stopped.
 * Cancel semantics: a cancel request that arrives before the update
 * starts fails the upload with "user-abort" and changes nothing.  Once
 * the update has started it cannot be cancelled: it completes or fails as
 * a whole, because stopping half-way would lose the module.  A request
 * that arrives during the update is ignored.
 */

#include <linux/device.h>
#include <linux/device/faux.h>
#include <linux/err.h>
#include <linux/firmware.h>
#include <linux/math64.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include <linux/time64.h>
#include <asm/cpu_device_id.h>
#include <asm/tdx.h>

/**
 * struct tdx_host - State of the tdx_host driver
 * @dev:	the tdx_host device
 * @fwl:	the tdx_module firmware upload; NULL where updates cannot work
 * @image:	the image of the upload in progress, once copied
 * @cancel:	userspace asked to cancel the upload in progress
 */
struct tdx_host {
	struct device *dev;
	struct fw_upload *fwl;
	struct seamldr_image *image;
	bool cancel;
};

/* ----- sysfs ----- */

static ssize_t version_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct tdx_sys_info_version v;

	/* As in mainline: no running module, no version, whatever the cause. */
	if (tdx_get_version(&v))
		return -ENXIO;
	return sysfs_emit(buf, "%u.%u.%02u\n", v.major, v.minor, v.update);
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
	return sysfs_emit(buf, "%u.%u.%02u\n", info.major, info.minor, info.update);
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

/*
 * The one place where an errno of the update becomes an upload error,
 * with the meanings mainline gives the error strings.
 */
static enum fw_upload_err tdx_host_fw_err(int err)
{
	switch (err) {
	case 0:
		return FW_UPLOAD_ERR_NONE;
	/*
	 * A malformed image (too short, not the length its header says, too
	 * big, not a TDX-BLOB, an unknown version, reserved bytes set, a bad
	 * checksum or layout), a malformed sigstruct, one not signed with
	 * the key P-SEAMLDR trusts, a wrong signature or hash, a debug
	 * module or a downgrade P-SEAMLDR would refuse.
	 */
	case -ENODATA:
	case -EMSGSIZE:
	case -EFBIG:
	case -ENOEXEC:
	case -EPROTONOSUPPORT:
	case -EPROTO:
	case -EINVAL:
	case -ENOKEY:
	case -EKEYREJECTED:
	case -EBADMSG:
	case -EPERM:
		return FW_UPLOAD_ERR_FW_INVALID;
	/*
	 * A CPU is offline or did not arrive in time, a TD build or
	 * migration must finish first, or P-SEAMLDR ran out of entropy:
	 * nothing changed, try again.
	 */
	case -EBUSY:
	case -ETIMEDOUT:
	case -EAGAIN:
		return FW_UPLOAD_ERR_BUSY;
	/* P-SEAMLDR allows no more updates until the next reboot. */
	case -ENOSPC:
		return FW_UPLOAD_ERR_WEAROUT;
	case -ENOMEM:
		return FW_UPLOAD_ERR_RW_ERROR;
	/*
	 * No initialized module or no VMX (-ENXIO), none left (-ENODEV),
	 * the old one shut down (-ESHUTDOWN), an image for another module
	 * or CPU, or no support for TD-preserving updates (-EOPNOTSUPP), a
	 * failed step (-EIO and others).
	 */
	default:
		return FW_UPLOAD_ERR_HW_ERROR;
	}
}

/* "preparing": what the image alone tells, no SEAMCALL. */
static enum fw_upload_err tdx_host_fw_prepare(struct fw_upload *fwl,
					      const u8 *data, u32 size)
{
	struct tdx_host *host = fwl->dd_handle;
	int ret;

	WRITE_ONCE(host->cancel, false);
	host->image = NULL;

	ret = tdx_update_check_image(data, size);
	if (ret)
		dev_err(host->dev, "rejected TDX module image: %pe\n", ERR_PTR(ret));
	return tdx_host_fw_err(ret);
}

/* "transferring": the image is copied to the pages P-SEAMLDR reads. */
static enum fw_upload_err tdx_host_fw_write(struct fw_upload *fwl,
					    const u8 *data, u32 offset,
					    u32 size, u32 *written)
{
	struct tdx_host *host = fwl->dd_handle;
	struct seamldr_image *image;

	/* The upload core offers all of it at once. */
	if (offset || host->image)
		return FW_UPLOAD_ERR_RW_ERROR;
	if (READ_ONCE(host->cancel))
		return FW_UPLOAD_ERR_CANCELED;

	image = tdx_update_image_load(data, size);
	if (IS_ERR(image)) {
		dev_err(host->dev, "cannot load TDX module image: %pe\n", image);
		return tdx_host_fw_err(PTR_ERR(image));
	}
	host->image = image;
	*written = size;
	return FW_UPLOAD_ERR_NONE;
}

/* "programming": the update, all CPUs stopped. */
static enum fw_upload_err tdx_host_fw_poll_complete(struct fw_upload *fwl)
{
	struct tdx_host *host = fwl->dd_handle;
	int ret;

	/* The last moment a cancel takes effect. */
	if (READ_ONCE(host->cancel))
		return FW_UPLOAD_ERR_CANCELED;

	ret = tdx_module_update_image(host->image);
	if (ret)
		dev_err(host->dev, "TDX module update failed: %pe\n", ERR_PTR(ret));
	return tdx_host_fw_err(ret);
}

/* Called with the upload core's lock held; must not sleep or wait. */
static void tdx_host_fw_cancel(struct fw_upload *fwl)
{
	struct tdx_host *host = fwl->dd_handle;

	WRITE_ONCE(host->cancel, true);
}

static void tdx_host_fw_cleanup(struct fw_upload *fwl)
{
	struct tdx_host *host = fwl->dd_handle;

	tdx_update_image_free(host->image);
	host->image = NULL;
}

static const struct fw_upload_ops tdx_host_fw_ops = {
	.prepare	= tdx_host_fw_prepare,
	.write		= tdx_host_fw_write,
	.poll_complete	= tdx_host_fw_poll_complete,
	.cancel		= tdx_host_fw_cancel,
	.cleanup	= tdx_host_fw_cleanup,
};

static void tdx_host_fw_unregister(void *fwl)
{
	firmware_upload_unregister(fwl);
}

/* ----- The device ----- */

static int tdx_host_probe(struct faux_device *fdev)
{
	struct device *dev = &fdev->dev;
	struct tdx_host *host;

	host = devm_kzalloc(dev, sizeof(*host), GFP_KERNEL);
	if (!host)
		return -ENOMEM;
	host->dev = dev;
	faux_device_set_drvdata(fdev, host);

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

static const struct faux_device_ops tdx_host_ops = {
	.probe	= tdx_host_probe,
};

/* Loaded by udev where boot found a TDX host platform, and only there. */
static const struct x86_cpu_id tdx_host_cpu_ids[] = {
	X86_MATCH_FEATURE(X86_FEATURE_TDX_HOST_PLATFORM, NULL),
	{}
};
MODULE_DEVICE_TABLE(x86cpu, tdx_host_cpu_ids);

static struct faux_device *tdx_host_fdev;

static int __init tdx_host_init(void)
{
	if (!x86_match_cpu(tdx_host_cpu_ids))
		return -ENODEV;

	tdx_host_fdev = faux_device_create_with_groups(KBUILD_MODNAME, NULL,
						       &tdx_host_ops,
						       tdx_host_groups);
	return tdx_host_fdev ? 0 : -ENODEV;
}
module_init(tdx_host_init);

static void __exit tdx_host_exit(void)
{
	faux_device_destroy(tdx_host_fdev);
}
module_exit(tdx_host_exit);

MODULE_DESCRIPTION("TDX host services: TDX module version and runtime updates");
MODULE_LICENSE("GPL");
