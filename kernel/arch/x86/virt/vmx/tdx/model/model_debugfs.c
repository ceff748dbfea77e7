// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs files of the software model, for the demo and the VM tests:
 *
 *   tdx_model/bringup          bring TDX up as kvm-intel would (see below)
 *   tdx_model/calls            SEAMCALLs the model answered, per leaf and in all
 *   tdx_model/cpu_caches       "CPU SEAMCALLS FLUSHES DIRTY" for each CPU that
 *                              made a SEAMCALL: its flushes of its own caches,
 *                              and 1 if it made a SEAMCALL since the last one
 *   tdx_model/image            an update image of the running module with
 *                              its update version raised by one, signed
 *                              the way the model checks: a tdx_image (0x200)
 *   tdx_model/blob             the same as Intel's blob (0x100)
 *   tdx_model/inject           "LEAF STATUS": the next call of LEAF fails
 *                              with STATUS
 *   tdx_model/compat_sensitive 1: act as if a TD build or migration were
 *                              in a phase an update must not interrupt
 *
 * and, for measurements against what the work cannot go below:
 *
 *   tdx_model/latency          "LEAF NS" (e.g. "TDH.SYS.SHUTDOWN 2000000")
 *                              makes every call of LEAF take NS longer
 *   tdx_model/enable_ns        how long tdx_enable() took in the last bringup,
 *                              and how much of it the model spent
 *                              answering its SEAMCALLs
 *   tdx_model/stop_machine_ns  each read times one stop_machine() of a
 *                              function that does nothing, on all online CPUs
 *   tdx_model/pamt_floor_ns    each read times allocating, zeroing and
 *                              freeing PAMTs of the sizes the configured
 *                              TDMRs need, with the allocator the core uses
 *   tdx_model/ext_floor_ns     the same for the extension memory the module
 *                              was given
 *   tdx_model/busy_ns          time the model spent answering SEAMCALLs,
 *                              in all and per leaf
 *   tdx_model/memory           TDMR coverage, the 1 GiB-aligned spans of
 *                              RAM, PAMT given and required, pages held
 *
 * The first is a test-only way to bring TDX up while the model is active.
 *
 * On a TDX host, kvm-intel loaded with tdx=1 brings TDX up: it enables
 * VMX on every CPU, runs tdx_cpu_enable() on every online CPU and on every
 * CPU that comes online later, then calls tdx_enable() and keeps VMX on
 * (tdx_vmx_get()).  KVM cannot load where the model is used (there is no
 * VMX), so this file offers the same sequence, with the model's VMX
 * operation for VMXON, behind a debugfs file:
 *
 *   echo 1 > /sys/kernel/debug/tdx_model/bringup
 *
 * It exists only in kernels built with CONFIG_INTEL_TDX_MODULE_MODEL, and
 * refuses to run unless the model is active.
 */
#define pr_fmt(fmt) "tdx-model: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/irqflags.h>
#include <linux/kstrtox.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/tdx.h>

#include "model.h"
#include "../seamcall.h"
#include "../tdx.h"

/**
 * struct model_bringup - State of the test-only TDX bring-up
 * @lock: serializes writers of the debugfs file
 * @hp_state: the dynamic cpuhp state doing per-CPU init, 0 if none
 * @result: what the last bring-up returned
 * @enable_ns: how long its tdx_enable() took
 * @enable_busy_ns: the part of it spent inside the model
 */
static struct model_bringup {
	struct mutex lock;	/* one bring-up at a time */
	int hp_state;
	int result;
	u64 enable_ns;
	u64 enable_busy_ns;
} bringup = {
	.lock = __MUTEX_INITIALIZER(bringup.lock),
};

/* Per-CPU init as KVM does it: IRQs off, on the CPU coming online. */
static int model_cpu_online(unsigned int cpu)
{
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = tdx_cpu_enable();
	local_irq_restore(flags);
	/* No module runs after a failed update: nothing to refuse for. */
	if (ret == -ESHUTDOWN || ret == -ENODEV)
		return 0;
	if (ret)
		pr_err("CPU %u: per-CPU TDX init failed (%d), refusing to online it\n",
		       cpu, ret);
	return ret;
}

static int model_bringup_locked(void)
{
	int ret;

	lockdep_assert_held(&bringup.lock);

	if (bringup.hp_state)
		return 0;

	pr_info("bringing TDX up as kvm-intel would, with the model's VMXON\n");
	tdx_model_set_vmx(TDX_MODEL_ANY_CPU, true);
	cpus_read_lock();
	/* Per-CPU init on every online CPU now, and on every CPU onlined later. */
	ret = cpuhp_setup_state_cpuslocked(CPUHP_AP_ONLINE_DYN, "virt/tdx-model:online",
					   model_cpu_online, NULL);
	if (ret < 0)
		goto out_unlock;
	bringup.hp_state = ret;

	/* Module initialization, once every online CPU is TDX-capable. */
	bringup.enable_busy_ns = tdx_model_busy_ns();
	bringup.enable_ns = ktime_get_ns();
	ret = tdx_enable();
	bringup.enable_ns = ktime_get_ns() - bringup.enable_ns;
	bringup.enable_busy_ns = tdx_model_busy_ns() - bringup.enable_busy_ns;
	if (ret) {
		cpuhp_remove_state_nocalls_cpuslocked(bringup.hp_state);
		bringup.hp_state = 0;
	} else {
		/* Like kvm-intel, keep VMX on for runtime updates. */
		tdx_vmx_get();
	}
out_unlock:
	cpus_read_unlock();
	return ret;
}

static ssize_t bringup_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	bool enable;
	int ret;

	ret = kstrtobool_from_user(buf, count, &enable);
	if (ret)
		return ret;
	if (!enable)
		return -EINVAL;
	if (!tdx_model_is_active())
		return -ENODEV;

	mutex_lock(&bringup.lock);
	bringup.result = model_bringup_locked();
	ret = bringup.result;
	mutex_unlock(&bringup.lock);

	return ret ?: count;
}

static ssize_t bringup_read(struct file *file, char __user *buf,
			    size_t count, loff_t *ppos)
{
	char line[16];
	int len;

	mutex_lock(&bringup.lock);
	len = scnprintf(line, sizeof(line), "%d\n",
			bringup.hp_state ? 1 : bringup.result);
	mutex_unlock(&bringup.lock);

	return simple_read_from_buffer(buf, count, ppos, line, len);
}

static const struct file_operations bringup_fops = {
	.owner = THIS_MODULE,
	.read = bringup_read,
	.write = bringup_write,
	.llseek = default_llseek,
};

/* Module pages in the image tdx_model/image offers. */
#define MODEL_IMAGE_MODULE_PAGES	4
#define MODEL_IMAGE_BYTES		((2 + MODEL_IMAGE_MODULE_PAGES) * SZ_4K)

/*
 * Each open builds the image for the module running at that moment: a
 * tdx_image, or for tdx_model/blob (i_private set) Intel's blob.
 */
static int image_open(struct inode *inode, struct file *file)
{
	struct tdx_model_module next;
	void *buf;
	int ret;

	if (!tdx_model_is_active())
		return -ENODEV;

	buf = vmalloc(MODEL_IMAGE_BYTES);
	if (!buf)
		return -ENOMEM;

	tdx_model_next_module(&next);
	ret = tdx_model_build_image(buf, &next, MODEL_IMAGE_MODULE_PAGES);
	if (!ret && inode->i_private)
		ret = tdx_model_image_to_blob(buf);
	if (ret) {
		vfree(buf);
		return ret;
	}
	file->private_data = buf;
	return 0;
}

static ssize_t image_read(struct file *file, char __user *ubuf, size_t count,
			  loff_t *ppos)
{
	return simple_read_from_buffer(ubuf, count, ppos, file->private_data,
				       MODEL_IMAGE_BYTES);
}

static int image_release(struct inode *inode, struct file *file)
{
	vfree(file->private_data);
	return 0;
}

static const struct file_operations image_fops = {
	.owner = THIS_MODULE,
	.open = image_open,
	.read = image_read,
	.release = image_release,
	.llseek = default_llseek,
};

static ssize_t compat_sensitive_write(struct file *file, const char __user *buf,
				      size_t count, loff_t *ppos)
{
	bool busy;
	int ret;

	ret = kstrtobool_from_user(buf, count, &busy);
	if (ret)
		return ret;
	if (!tdx_model_is_active())
		return -ENODEV;

	tdx_model_set_compat_sensitive(busy);
	return count;
}

static const struct file_operations compat_sensitive_fops = {
	.owner = THIS_MODULE,
	.write = compat_sensitive_write,
	.llseek = noop_llseek,
};

/* The leaves the host lifecycle uses, in the order they are first used. */
static const u64 model_leaves[] = {
	TDH_SYS_INIT, TDH_SYS_LP_INIT, TDH_SYS_RD, TDH_SYS_CONFIG,
	TDH_SYS_KEY_CONFIG, TDH_SYS_TDMR_INIT, TDH_EXT_MEM_ADD, TDH_EXT_INIT,
	TDH_SYS_SHUTDOWN, TDH_SYS_UPDATE, TDH_PHYMEM_PAGE_RDMD, P_SEAMLDR_INFO,
	P_SEAMLDR_INSTALL,
};

/*
 * Parse "LEAF VALUE" written to a debugfs file: the leaf by the name the
 * kernel logs, the value as a number.
 */
static int model_parse_leaf(const char __user *ubuf, size_t count, u64 *fn,
			    u64 *value)
{
	char buf[64], *name, *val;
	unsigned int i;
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	val = strim(buf);
	name = strsep(&val, " \t");
	if (!val)
		return -EINVAL;
	ret = kstrtou64(skip_spaces(val), 0, value);
	if (ret)
		return ret;

	for (i = 0; i < ARRAY_SIZE(model_leaves); i++) {
		if (!strcmp(name, tdx_leaf_name(model_leaves[i]))) {
			*fn = model_leaves[i];
			return 0;
		}
	}
	return -ENOENT;
}

/* "LEAF NS": the latency of one leaf. */
static ssize_t latency_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	u64 fn, ns;
	int ret;

	ret = model_parse_leaf(ubuf, count, &fn, &ns);
	if (ret)
		return ret;
	if (ns > UINT_MAX)
		return -ERANGE;
	tdx_model_set_latency(fn, ns);
	return count;
}

static const struct file_operations latency_fops = {
	.owner = THIS_MODULE,
	.write = latency_write,
	.llseek = noop_llseek,
};

/* "LEAF STATUS": the next call of the leaf, on any CPU, fails so. */
static ssize_t inject_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	u64 fn, status;
	int ret;

	ret = model_parse_leaf(ubuf, count, &fn, &status);
	if (ret)
		return ret;
	ret = tdx_model_inject(fn, TDX_MODEL_ANY_CPU, 1, 1, status);
	return ret ?: count;
}

static const struct file_operations inject_fops = {
	.owner = THIS_MODULE,
	.write = inject_write,
	.llseek = noop_llseek,
};

static int enable_ns_show(struct seq_file *m, void *unused)
{
	mutex_lock(&bringup.lock);
	seq_printf(m, "%llu %llu\n", bringup.enable_ns, bringup.enable_busy_ns);
	mutex_unlock(&bringup.lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(enable_ns);

static int model_stop_nothing(void *unused)
{
	return 0;
}

/* One stop_machine() of nothing: the floor of any stop of all CPUs. */
static int stop_machine_ns_show(struct seq_file *m, void *unused)
{
	u64 start = ktime_get_ns();
	int ret;

	ret = stop_machine(model_stop_nothing, NULL, cpu_online_mask);
	if (ret)
		return ret;
	seq_printf(m, "%llu\n", ktime_get_ns() - start);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stop_machine_ns);

/*
 * Time to allocate, zero and free @bytes the way the core allocates PAMTs
 * and the extension pool: one contiguous block.
 */
static int model_alloc_zero_free_ns(u64 bytes, u64 *ns)
{
	unsigned long nr_pages = PFN_UP(bytes);
	u64 start = ktime_get_ns();
	struct page *page;

	page = alloc_contig_pages(nr_pages, GFP_KERNEL, first_online_node, NULL);
	if (!page)
		return -ENOMEM;
	memset(page_address(page), 0, bytes);
	free_contig_range(page_to_pfn(page), nr_pages);
	*ns += ktime_get_ns() - start;
	return 0;
}

/* The floor of PAMT setup: one block per configured TDMR. */
static int pamt_floor_ns_show(struct seq_file *m, void *unused)
{
	struct tdx_model_tdmr tdmr;
	unsigned int i;
	u64 ns = 0;
	int ret;

	if (!tdx_model_nr_tdmrs())
		return -ENODATA;

	for (i = 0; !tdx_model_get_tdmr(i, &tdmr); i++) {
		ret = model_alloc_zero_free_ns(tdmr.pamt_bytes, &ns);
		if (ret)
			return ret;
	}
	seq_printf(m, "%llu\n", ns);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pamt_floor_ns);

/* The same for the extension memory the module was given. */
static int ext_floor_ns_show(struct seq_file *m, void *unused)
{
	struct tdx_model_ext ext;
	u64 ns = 0;
	int ret;

	tdx_model_get_ext(&ext);
	if (ext.nr_pages) {
		ret = model_alloc_zero_free_ns((u64)ext.nr_pages << PAGE_SHIFT, &ns);
		if (ret)
			return ret;
	}
	seq_printf(m, "%llu\n", ns);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ext_floor_ns);

/* One line per leaf with a non-zero @count, then @total. */
static void model_show_per_leaf(struct seq_file *m, u64 (*count)(u64 fn),
				u64 total)
{
	unsigned int i;
	u64 n;

	for (i = 0; i < ARRAY_SIZE(model_leaves); i++) {
		n = count(model_leaves[i]);
		if (n)
			seq_printf(m, "%-22s %llu\n", tdx_leaf_name(model_leaves[i]), n);
	}
	seq_printf(m, "%-22s %llu\n", "total", total);
}

static int busy_ns_show(struct seq_file *m, void *unused)
{
	model_show_per_leaf(m, tdx_model_leaf_busy_ns, tdx_model_busy_ns());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(busy_ns);

/* Bytes of RAM rounded out to whole GiB at both ends of each range. */
static u64 model_ram_gib_spans(void)
{
	unsigned long start_pfn, end_pfn;
	u64 start, end, bytes = 0, last_end = 0;
	int i;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, NULL) {
		start = max(round_down(PFN_PHYS(start_pfn), SZ_1G), last_end);
		end = round_up(PFN_PHYS(end_pfn), SZ_1G);
		if (end > start)
			bytes += end - start;
		last_end = max(last_end, end);
	}
	return bytes;
}

static int memory_show(struct seq_file *m, void *unused)
{
	u64 covered = 0, given = 0, required = 0;
	struct tdx_model_tdmr tdmr;
	unsigned int i;

	for (i = 0; !tdx_model_get_tdmr(i, &tdmr); i++) {
		covered += tdmr.size;
		given += tdmr.pamt_given;
		required += tdmr.pamt_bytes;
	}
	seq_printf(m, "tdmrs %u\n", i);
	seq_printf(m, "tdmr_bytes %llu\n", covered);
	seq_printf(m, "ram_gib_span_bytes %llu\n", model_ram_gib_spans());
	seq_printf(m, "pamt_given_bytes %llu\n", given);
	seq_printf(m, "pamt_required_bytes %llu\n", required);
	seq_printf(m, "pages_held %ld\n", tdx_pages_held());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(memory);

static int calls_show(struct seq_file *m, void *unused)
{
	u64 total = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		total += tdx_model_cpu_calls(cpu);
	model_show_per_leaf(m, tdx_model_leaf_calls, total);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(calls);

/* "CPU SEAMCALLS FLUSHES DIRTY" per CPU that made a SEAMCALL. */
static int cpu_caches_show(struct seq_file *m, void *unused)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		if (!tdx_model_cpu_calls(cpu))
			continue;
		seq_printf(m, "%d %llu %lu %d\n", cpu, tdx_model_cpu_calls(cpu),
			   tdx_model_cpu_flushes(cpu),
			   tdx_model_cpu_cache_dirty(cpu));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cpu_caches);

static int __init model_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("tdx_model", NULL);

	debugfs_create_file("bringup", 0600, dir, NULL, &bringup_fops);
	debugfs_create_file("calls", 0400, dir, NULL, &calls_fops);
	debugfs_create_file("cpu_caches", 0400, dir, NULL, &cpu_caches_fops);
	debugfs_create_file("image", 0400, dir, NULL, &image_fops);
	debugfs_create_file("blob", 0400, dir, (void *)1, &image_fops);
	debugfs_create_file("compat_sensitive", 0200, dir, NULL,
			    &compat_sensitive_fops);
	debugfs_create_file("latency", 0200, dir, NULL, &latency_fops);
	debugfs_create_file("inject", 0200, dir, NULL, &inject_fops);
	debugfs_create_file("enable_ns", 0400, dir, NULL, &enable_ns_fops);
	debugfs_create_file("stop_machine_ns", 0400, dir, NULL,
			    &stop_machine_ns_fops);
	debugfs_create_file("pamt_floor_ns", 0400, dir, NULL,
			    &pamt_floor_ns_fops);
	debugfs_create_file("ext_floor_ns", 0400, dir, NULL,
			    &ext_floor_ns_fops);
	debugfs_create_file("busy_ns", 0400, dir, NULL, &busy_ns_fops);
	debugfs_create_file("memory", 0400, dir, NULL, &memory_fops);
	return 0;
}
late_initcall(model_debugfs_init);
