// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime update of the TDX module through P-SEAMLDR.
 *
 * An update replaces the running TDX module without losing the TDs: the
 * old module writes its state to handoff memory (TDH.SYS.SHUTDOWN),
 * P-SEAMLDR installs the new module on every logical CPU
 * (SEAMLDR.INSTALL), every CPU initializes the new module (TDH.SYS.INIT,
 * TDH.SYS.LP.INIT) and the new module takes over the handoff state
 * (TDH.SYS.UPDATE).
 *
 * No SEAMCALL may reach the module while this happens, and KVM makes them
 * from many contexts on every CPU.  stop_machine() is the one primitive
 * that keeps all of them out, vCPUs included, so the steps run inside it.
 * Some steps run on one CPU, one on each CPU in turn, one on all CPUs at
 * once; a single state machine moves all CPUs through them together.
 *
 * Everything that can be checked is checked before the CPUs stop: the
 * image format, the module's support for TD-preserving updates, the
 * updates P-SEAMLDR still allows.  A rejected update changes nothing.
 * Once TDH.SYS.SHUTDOWN has succeeded there is no way back: a failure
 * after it loses the module and every TD until reboot.
 *
 * Lock order: cpus_read_lock(), then seamldr.lock, then the core's
 * tdx_module_lock() (which tdx_enable() takes under cpus_read_lock() too).
 */
#define pr_fmt(fmt) "virt/seamldr: " fmt

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nmi.h>
#include <linux/printk.h>
#include <linux/timekeeping.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include <asm/tdx.h>

#include "seamcall.h"
#include "seamldr.h"
#include "tdx.h"

/* Bit of seamldr_update.flags: some CPU failed; nothing may advance. */
#define SEAMLDR_FAILED		0

/**
 * struct seamldr_image - An update image copied to pages P-SEAMLDR reads
 * @params:		the SEAMLDR_PARAMS page
 * @sigstruct:		the sigstruct page
 * @module:		the module pages, in image order
 * @nr_module_pages:	entries in @module
 */
struct seamldr_image {
	struct seamldr_params *params;
	struct page *sigstruct;
	struct page **module;
	unsigned int nr_module_pages;
};

/**
 * struct seamldr_update - What the CPUs share while they are stopped
 * @lead_cpu:		the CPU that runs the single-CPU steps
 * @nr_cpus:		CPUs taking part: every online CPU
 * @shutdown_rcx:	RCX of TDH.SYS.SHUTDOWN
 * @addons:		add-on features for TDH.SYS.UPDATE, as the old module had
 * @params_pa:		physical address of SEAMLDR_PARAMS
 * @step:		the step all CPUs are in
 * @nr_pending:		CPUs that have not finished @step yet
 * @install_turn:	the CPU whose turn it is to run SEAMLDR.INSTALL
 * @nr_installed:	SEAMLDR.INSTALL calls made so far
 * @flags:		SEAMLDR_FAILED
 * @shutdown_done:	TDH.SYS.SHUTDOWN succeeded: the old module is gone
 * @stamp:		ktime_get_ns() when each step began: when it was
 *			published, START and SHUTDOWN when the lead CPU arrived
 * @res:		per-CPU outcome, indexed by CPU number
 */
struct seamldr_update {
	int lead_cpu;
	unsigned int nr_cpus;
	u64 shutdown_rcx;
	u64 addons;
	u64 params_pa;
	enum seamldr_step step;
	atomic_t nr_pending;
	atomic_t install_turn;
	atomic_t nr_installed;
	unsigned long flags;
	bool shutdown_done;
	u64 stamp[SEAMLDR_NR_STEPS];
	struct seamldr_cpu_result *res;
};

/**
 * struct seamldr_state - Module-scope state of the update code
 * @lock:	serializes updates and guards the members below
 * @have_last:	@last and @last_res describe an update
 * @last:	outcome and timing of the last update that stopped the CPUs
 * @last_res:	per-CPU outcome of that update, nr_cpu_ids entries
 */
struct seamldr_state {
	/* Serializes updates; guards the members below. */
	struct mutex lock;
	bool have_last;
	struct tdx_update_stats last;
	struct seamldr_cpu_result *last_res;
};

static struct seamldr_state seamldr = {
	.lock = __MUTEX_INITIALIZER(seamldr.lock),
};

static const char * const seamldr_step_names[SEAMLDR_NR_STEPS] = {
	[SEAMLDR_STEP_START]		= "start",
	[SEAMLDR_STEP_SHUTDOWN]		= "shutdown",
	[SEAMLDR_STEP_CPU_INSTALL]	= "install",
	[SEAMLDR_STEP_CPU_INIT]		= "init",
	[SEAMLDR_STEP_RUN_UPDATE]	= "update",
	[SEAMLDR_STEP_DONE]		= "done",
};

/* ----- P-SEAMLDR information ----- */

static int seamldr_read_info(struct seamldr_info *raw)
{
	struct tdx_module_args args = { .rcx = __pa(raw) };
	u64 status;

	status = seamldr_call(P_SEAMLDR_INFO, &args);
	if (status) {
		pr_err("SEAMLDR.INFO failed: %#llx\n", status);
		return seamldr_status_to_errno(status);
	}
	return 0;
}

/**
 * tdx_seamldr_get_info() - Ask P-SEAMLDR about itself
 * @info:	receives the answer
 *
 * Each call is a P-SEAMLDR call, serialized with all others on the
 * platform; callers that show the values to users should not poll.
 *
 * Context: Process context; may sleep.
 * Return: 0 on success; -ENODEV without TDX; -ENOMEM; the errno of the
 * failed SEAMLDR.INFO otherwise.
 */
int tdx_seamldr_get_info(struct tdx_seamldr_info *info)
{
	struct seamldr_info *raw;
	int ret;

	if (!tdx_platform_detected())
		return -ENODEV;

	/* kmalloc() aligns a 256-byte object to 256 bytes, as required. */
	raw = kzalloc(sizeof(*raw), GFP_KERNEL);
	if (!raw)
		return -ENOMEM;

	ret = seamldr_read_info(raw);
	if (!ret) {
		*info = (struct tdx_seamldr_info) {
			.version		= raw->version,
			.major			= raw->major,
			.minor			= raw->minor,
			.update			= raw->update,
			.build_num		= raw->build_num,
			.build_date		= raw->build_date,
			.num_remaining_updates	= raw->num_remaining_updates,
			.seam_ready		= raw->seam_ready,
			.p_seamldr_ready	= raw->p_seamldr_ready,
		};
	}
	kfree(raw);
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_seamldr_get_info);

/* ----- The image ----- */

/**
 * seamldr_check_image() - Check the format of an update image
 * @image:	the image: a tdx_image_header, sigstruct and module pages
 * @len:	its length in bytes
 *
 * Checks are made in an order that never reads beyond @len.
 *
 * Context: Any context.
 * Return: 0 if the image is well formed;
 * -ENODATA if it is shorter than its header;
 * -ENOEXEC if the header's signature is not "TDX-BLOB";
 * -EPROTONOSUPPORT if the header version is not 0x200;
 * -EPROTO if reserved header bytes are not zero;
 * -EINVAL if the image has no module pages or not exactly one sigstruct
 * page;
 * -EFBIG if it has more module pages than P-SEAMLDR takes (496);
 * -EMSGSIZE if @len does not match the page counts of the header.
 */
VISIBLE_IF_KUNIT int seamldr_check_image(const void *image, size_t len)
{
	const struct tdx_image_header *hdr = image;
	size_t expected;

	if (!image || len < sizeof(*hdr))
		return -ENODATA;
	if (memcmp(hdr->signature, TDX_IMAGE_SIGNATURE, sizeof(hdr->signature)))
		return -ENOEXEC;
	if (hdr->version != TDX_IMAGE_VERSION)
		return -EPROTONOSUPPORT;
	if (memchr_inv(hdr->reserved, 0, sizeof(hdr->reserved)))
		return -EPROTO;
	if (hdr->sigstruct_pages != TDX_IMAGE_MAX_SIGSTRUCT_PAGES ||
	    !hdr->module_pages)
		return -EINVAL;
	if (hdr->module_pages > TDX_IMAGE_MAX_MODULE_PAGES)
		return -EFBIG;

	/* The counts are bounded above, so this cannot overflow. */
	expected = (size_t)(1 + hdr->sigstruct_pages + hdr->module_pages) * PAGE_SIZE;
	if (len != expected)
		return -EMSGSIZE;
	return 0;
}

static void seamldr_image_free(struct seamldr_image *img)
{
	unsigned int i;

	for (i = 0; i < img->nr_module_pages; i++)
		__free_page(img->module[i]);
	kfree(img->module);
	if (img->sigstruct)
		__free_page(img->sigstruct);
	free_page((unsigned long)img->params);
	memset(img, 0, sizeof(*img));
}

/* A page holding a copy of one page of the image. */
static struct page *seamldr_copy_page(const void *src)
{
	struct page *page = alloc_page(GFP_KERNEL);

	if (page)
		memcpy(page_address(page), src, PAGE_SIZE);
	return page;
}

/*
 * P-SEAMLDR reads the image by physical address, page by page, so the
 * caller's buffer (vmalloc()ed by the firmware loader, say) is copied to
 * pages of the direct map.  SEAMLDR_PARAMS points at them.
 */
static int seamldr_image_load(struct seamldr_image *img, const void *image)
{
	const struct tdx_image_header *hdr = image;
	const u8 *src = (const u8 *)image + PAGE_SIZE;
	unsigned int i, nr = hdr->module_pages;

	memset(img, 0, sizeof(*img));
	img->params = (void *)get_zeroed_page(GFP_KERNEL);
	img->module = kcalloc(nr, sizeof(*img->module), GFP_KERNEL);
	img->sigstruct = seamldr_copy_page(src);
	if (!img->params || !img->module || !img->sigstruct)
		goto err_free;

	for (i = 0; i < nr; i++) {
		src += PAGE_SIZE;
		img->module[i] = seamldr_copy_page(src);
		if (!img->module[i])
			goto err_free;
		img->nr_module_pages++;
	}

	img->params->version = SEAMLDR_PARAMS_VERSION;
	img->params->scenario = SEAMLDR_SCENARIO_UPDATE;
	img->params->sigstruct_pa = page_to_phys(img->sigstruct);
	img->params->num_module_pages = nr;
	for (i = 0; i < nr; i++)
		img->params->module_pages_pa[i] = page_to_phys(img->module[i]);
	return 0;

err_free:
	seamldr_image_free(img);
	return -ENOMEM;
}

/**
 * tdx_update_check_image() - Check the format of an update image
 * @image:	the image: a tdx_image_header, sigstruct and module pages
 * @len:	its length in bytes
 *
 * Lets a caller reject a malformed image early, before it asks for the
 * update; tdx_module_update() makes the same check again.
 *
 * Context: Any context.
 * Return: 0 if the image is well formed, otherwise the errno
 * tdx_module_update() would return for its format.
 */
int tdx_update_check_image(const void *image, size_t len)
{
	return seamldr_check_image(image, len);
}
EXPORT_SYMBOL_GPL(tdx_update_check_image);

/* ----- Checks made while the old module still runs ----- */

/*
 * The kernel cannot read the new module's version or SVN: the sigstruct
 * is opaque to it and P-SEAMLDR enforces those rules.  What it can check
 * is that the running module takes part in an update at all and that
 * its handoff versions, read now and not at initialization, make sense.
 */
static int seamldr_check_module(const struct tdx_sys_info *si,
				struct tdx_sys_info_handoff *h)
{
	int ret;

	if (!(si->features0 & TDX_FEATURES0_TD_PRESERVING)) {
		pr_err("the running module does not support TD-preserving updates\n");
		return -EOPNOTSUPP;
	}
	ret = tdx_read_handoff_locked(h);
	if (ret) {
		pr_err("cannot read the running module's handoff versions (%d)\n",
		       ret);
		return -EIO;
	}
	if (!h->module_hv || h->module_hv < h->min_update_hv) {
		pr_err("the running module reports handoff versions %u..%u\n",
		       h->min_update_hv, h->module_hv);
		return -EINVAL;
	}
	return 0;
}

/* P-SEAMLDR must be ready and still allow an update. */
static int seamldr_check_loader(void)
{
	struct seamldr_info *ldr;
	int ret;

	/* kmalloc() aligns a 256-byte object to 256 bytes, as required. */
	ldr = kzalloc(sizeof(*ldr), GFP_KERNEL);
	if (!ldr)
		return -ENOMEM;

	/*
	 * P-SEAMLDR's own status codes describe SEAMLDR.INFO, not the
	 * update: apart from a missing P-SEAMLDR, any failure means it
	 * cannot take an update now.
	 */
	ret = seamldr_read_info(ldr);
	if (ret) {
		ret = ret == -ENODEV ? -ENODEV : -EIO;
		goto out_free;
	}

	if (!ldr->p_seamldr_ready || !ldr->seam_ready) {
		pr_err("P-SEAMLDR is not ready for an update\n");
		ret = -ENODEV;
	} else if (!ldr->num_remaining_updates) {
		pr_err("P-SEAMLDR allows no more updates until reboot\n");
		ret = -ENOSPC;
	}
out_free:
	kfree(ldr);
	return ret;
}

/*
 * On CPUs with the P-SEAMLDR erratum, returning from P-SEAMLDR clears the
 * current VMCS under KVM's feet, so updates are not offered there.
 */
static bool seamldr_keeps_vmcs(void)
{
	return tdx_read_vmx_basic() & VMX_BASIC_SEAMRET_PRESERVES_VMCS;
}

/**
 * tdx_update_supported() - Whether runtime module updates can work here
 *
 * Makes no SEAMCALL: it tells whether the platform has TDX and whether
 * its CPUs let P-SEAMLDR run while KVM is active.  Whether the running
 * module and P-SEAMLDR allow an update is checked by the update itself.
 *
 * Context: Any context.
 * Return: true if a runtime update may be attempted.
 */
bool tdx_update_supported(void)
{
	if (!tdx_platform_detected())
		return false;
	return seamldr_keeps_vmcs();
}
EXPORT_SYMBOL_GPL(tdx_update_supported);

/* SEAMLDR.INSTALL must run on every logical CPU of the platform. */
static int seamldr_check_cpus(void)
{
	if (!cpumask_equal(cpu_online_mask, cpu_present_mask)) {
		pr_err("all CPUs must be online for an update\n");
		return -EBUSY;
	}
	return 0;
}

/* Checks that need no SEAMCALL come first, then SEAMLDR.INFO. */
static int seamldr_check_platform(const struct tdx_sys_info *si,
				  struct tdx_sys_info_handoff *h)
{
	int ret;

	if (!seamldr_keeps_vmcs()) {
		pr_err("not supported: P-SEAMLDR clears the current VMCS on this CPU\n");
		return -EOPNOTSUPP;
	}
	ret = seamldr_check_cpus() ?: seamldr_check_module(si, h);
	if (ret)
		return ret;
	return seamldr_check_loader();
}

/*
 * The running module writes its handoff data in its own, newest format.
 * Modules that can tell ask to be refused, rather than to break a TD
 * build or migration in progress.
 */
static u64 seamldr_shutdown_rcx(const struct tdx_sys_info *si,
				const struct tdx_sys_info_handoff *h)
{
	u64 rcx = h->module_hv & TDX_SYS_SHUTDOWN_HV_MASK;

	if (si->features0 & TDX_FEATURES0_UPDATE_COMPAT)
		rcx |= TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE;
	return rcx;
}

/* ----- The steps, run with all CPUs stopped ----- */

static bool seamldr_failed(struct seamldr_update *u)
{
	return test_bit(SEAMLDR_FAILED, &u->flags);
}

static void seamldr_record_failure(struct seamldr_update *u,
				   struct seamldr_cpu_result *res,
				   enum seamldr_step step, int err)
{
	res->step = step;
	res->err = err;
	if (err == -ETIMEDOUT)
		res->outcome = SEAMLDR_CPU_TIMEOUT;
	else if (step == SEAMLDR_STEP_SHUTDOWN &&
		 tdx_status_code(res->status) == TDX_UPDATE_COMPAT_SENSITIVE)
		res->outcome = SEAMLDR_CPU_BUSY;
	else
		res->outcome = SEAMLDR_CPU_FAILED;
	/* Before the acknowledgment that may end the step: see seamldr_ack(). */
	set_bit(SEAMLDR_FAILED, &u->flags);
}

/* When a wait that starts (or sees progress) now gives up. */
static u64 seamldr_deadline(void)
{
	return ktime_get_ns() + tdx_seam_stop_wait_ns(SEAMLDR_WAIT_NS);
}

/*
 * One turn of a bounded wait; true once @deadline has passed.  Every
 * turn rereads what it waits for, so a waiter notices progress within a
 * clock read, not a udelay() (which can be much slower than it claims
 * in a virtual machine); the budget is wall time.  The NMI watchdog
 * would otherwise see a CPU spin with interrupts off; RCU needs no help
 * because the update stays far below the RCU stall timeout.
 */
static bool seamldr_wait_expired(u64 deadline)
{
	cpu_relax();
	touch_nmi_watchdog();
	return ktime_get_ns() > deadline;
}

/* Lead CPU: write the handoff data and stop the old module. */
static int seamldr_shutdown(struct seamldr_update *u,
			    struct seamldr_cpu_result *res)
{
	struct tdx_module_args args = { .rcx = u->shutdown_rcx };

	res->status = seamcall(TDH_SYS_SHUTDOWN, &args);
	if (res->status)
		return tdx_status_to_errno(res->status) ?: -EIO;

	/*
	 * The point of no return.  The new module needs TDH.SYS.INIT and
	 * TDH.SYS.LP.INIT again, so forget that the old one had them; the
	 * other CPUs read this only after they see the next step.
	 */
	u->shutdown_done = true;
	tdx_reset_cpu_state();
	return 0;
}

/* Wait until it is @cpu's turn to install; the budget restarts on progress. */
static int seamldr_wait_turn(struct seamldr_update *u, int cpu)
{
	u64 deadline = seamldr_deadline();
	int turn, seen = -1;

	/* Pairs with the release in seamldr_install_in_turn(). */
	while ((turn = atomic_read_acquire(&u->install_turn)) != cpu) {
		if (turn != seen) {
			seen = turn;
			deadline = seamldr_deadline();
		}
		if (seamldr_wait_expired(deadline))
			return -ETIMEDOUT;
	}
	return 0;
}

/*
 * Every CPU, in CPU-number order: only one logical CPU may be inside
 * P-SEAMLDR at a time, and the last one to install validates and loads
 * the new module.  After a failure on an earlier CPU, later CPUs do not
 * install.  Records its own failures: the next CPU must see them.
 */
static void seamldr_install_in_turn(struct seamldr_update *u, int cpu,
				    struct seamldr_cpu_result *res)
{
	struct tdx_module_args args = { .rcx = u->params_pa };
	int err;

	err = seamldr_wait_turn(u, cpu);
	if (err) {
		seamldr_record_failure(u, res, SEAMLDR_STEP_CPU_INSTALL, err);
		return;
	}

	if (!seamldr_failed(u)) {
		res->install_seq = atomic_inc_return(&u->nr_installed);
		res->status = seamldr_call(P_SEAMLDR_INSTALL, &args);
		err = seamldr_status_to_errno(res->status);
		if (err)
			seamldr_record_failure(u, res, SEAMLDR_STEP_CPU_INSTALL, err);
	}

	/*
	 * Pass the turn on, also after a failure so that nobody waits in
	 * vain.  The release publishes the failure bit with the turn.
	 */
	atomic_set_release(&u->install_turn, cpumask_next(cpu, cpu_online_mask));
}

/*
 * Lead CPU: let the new module take over the old module's state, with
 * the add-on features the old one ran with (version 1 then).
 */
static int seamldr_sys_update(struct seamldr_update *u,
			      struct seamldr_cpu_result *res)
{
	struct tdx_module_args args = { .r9 = u->addons };
	u64 fn = TDH_SYS_UPDATE;

	if (u->addons)
		fn |= TDX_LEAF_VERSION(1);
	res->status = seamcall(fn, &args);
	if (res->status)
		return tdx_status_to_errno(res->status) ?: -EIO;
	return 0;
}

static void seamldr_run_step(struct seamldr_update *u, enum seamldr_step step,
			     int cpu, struct seamldr_cpu_result *res)
{
	bool is_lead_cpu = cpu == u->lead_cpu;
	int err = 0;

	/*
	 * A CPU that timed out waiting for this step fails the update when
	 * it gives up, which can be just after the step was published.
	 */
	if (seamldr_failed(u))
		return;

	switch (step) {
	case SEAMLDR_STEP_SHUTDOWN:
		if (is_lead_cpu)
			err = seamldr_shutdown(u, res);
		break;
	case SEAMLDR_STEP_CPU_INSTALL:
		seamldr_install_in_turn(u, cpu, res);
		break;
	case SEAMLDR_STEP_CPU_INIT:
		/* The first CPU here also does the global TDH.SYS.INIT. */
		err = tdx_cpu_enable();
		break;
	case SEAMLDR_STEP_RUN_UPDATE:
		if (is_lead_cpu)
			err = seamldr_sys_update(u, res);
		break;
	case SEAMLDR_STEP_START:
	case SEAMLDR_STEP_DONE:
		break;
	}
	if (err)
		seamldr_record_failure(u, res, step, err);
}

static void seamldr_set_step(struct seamldr_update *u, enum seamldr_step step)
{
	u->stamp[step] = ktime_get_ns();
	atomic_set(&u->nr_pending, u->nr_cpus);
	/*
	 * Reset the count before publishing the step: a CPU that sees the
	 * new step must find the full count when it acknowledges it.  The
	 * release pairs with the acquire in seamldr_stop_cpu().
	 */
	smp_store_release(&u->step, step);
}

/*
 * A CPU is done with the current step.  The last one to finish moves all
 * CPUs to the next step, or after any failure straight to DONE, so that
 * no CPU starts a later step.  A failing CPU sets SEAMLDR_FAILED before
 * it acknowledges, and atomic_dec_and_test() is fully ordered, so the
 * last CPU sees every failure of the step, its own included.
 */
static void seamldr_ack(struct seamldr_update *u, enum seamldr_step step)
{
	if (!atomic_dec_and_test(&u->nr_pending))
		return;

	if (seamldr_failed(u))
		seamldr_set_step(u, SEAMLDR_STEP_DONE);
	else
		seamldr_set_step(u, step + 1);
}

/*
 * The stop_machine() callback, run on every online CPU with interrupts
 * off.  Outcomes go to the CPU's result; the return value is unused.
 *
 * The first step, SHUTDOWN, is published before the stop: stop_machine()
 * runs the callback only once every CPU has interrupts off and has left
 * whatever it was doing, so no CPU can be inside a SEAMCALL, and the lead
 * CPU shuts the module down as soon as it arrives instead of waiting for
 * the others to arrive first.
 */
static int seamldr_stop_cpu(void *data)
{
	enum seamldr_step seen = SEAMLDR_STEP_START, step;
	struct seamldr_update *u = data;
	int cpu = smp_processor_id();
	struct seamldr_cpu_result *res = &u->res[cpu];
	u64 deadline = seamldr_deadline();
	int turn, seen_turn = -1;

	lockdep_assert_irqs_disabled();

	if (cpu == u->lead_cpu) {
		u->stamp[SEAMLDR_STEP_START] = ktime_get_ns();
		u->stamp[SEAMLDR_STEP_SHUTDOWN] = u->stamp[SEAMLDR_STEP_START];
	}

	for (;;) {
		/* Pairs with seamldr_set_step(): see the step's full count. */
		step = smp_load_acquire(&u->step);
		if (step == SEAMLDR_STEP_DONE)
			break;
		if (step != seen) {
			seen = step;
			seamldr_run_step(u, step, cpu, res);
			seamldr_ack(u, step);
			deadline = seamldr_deadline();
			continue;
		}
		/*
		 * A CPU that has installed waits for all later ones: each
		 * new turn is progress, or on a machine with many CPUs the
		 * first ones would give up while the last still install.
		 */
		turn = atomic_read(&u->install_turn);
		if (turn != seen_turn) {
			seen_turn = turn;
			deadline = seamldr_deadline();
			continue;
		}
		/*
		 * Recoverable for the kernel: the CPU leaves, and the update
		 * fails like any other.  Whether the module survives depends
		 * on whether TDH.SYS.SHUTDOWN had succeeded.
		 */
		if (seamldr_wait_expired(deadline)) {
			seamldr_record_failure(u, res, step, -ETIMEDOUT);
			break;
		}
	}

	/* After a timeout nobody may have published DONE. */
	if (cpu == u->lead_cpu && !u->stamp[SEAMLDR_STEP_DONE])
		u->stamp[SEAMLDR_STEP_DONE] = ktime_get_ns();
	return 0;
}

/* ----- After the stop ----- */

/* Time from the start of @step to the start of the next step that ran. */
static u64 seamldr_step_ns(const struct seamldr_update *u,
			   enum seamldr_step step)
{
	enum seamldr_step next;

	if (!u->stamp[step])
		return 0;
	for (next = step + 1; next < SEAMLDR_NR_STEPS; next++) {
		if (u->stamp[next])
			return u->stamp[next] - u->stamp[step];
	}
	return 0;
}

/* One line per CPU that failed; -EIO unless every CPU succeeded. */
static int seamldr_summarize(const struct seamldr_update *u)
{
	int cpu, ret = 0;

	for_each_online_cpu(cpu) {
		const struct seamldr_cpu_result *res = &u->res[cpu];

		switch (res->outcome) {
		case SEAMLDR_CPU_OK:
			break;
		case SEAMLDR_CPU_BUSY:
			pr_info("the module is busy with a TD build or migration; try again later\n");
			ret = ret ?: -EBUSY;
			break;
		case SEAMLDR_CPU_FAILED:
			pr_err("CPU %d: %s failed: %d (status %#llx)\n", cpu,
			       seamldr_step_names[res->step], res->err,
			       res->status);
			ret = -EIO;
			break;
		case SEAMLDR_CPU_TIMEOUT:
			pr_err("CPU %d: timed out in step %s\n", cpu,
			       seamldr_step_names[res->step]);
			ret = -EIO;
			break;
		}
	}
	return ret;
}

static void seamldr_keep_stats(struct seamldr_update *u,
			       const struct tdx_sys_info_version *from,
			       const struct tdx_sys_info_version *to, int result)
{
	struct tdx_update_stats *s = &seamldr.last;

	lockdep_assert_held(&seamldr.lock);

	*s = (struct tdx_update_stats) {
		.result		= result,
		.from		= *from,
		.to		= *to,
		.blackout_ns	= u->stamp[SEAMLDR_STEP_DONE] -
				  u->stamp[SEAMLDR_STEP_START],
		.shutdown_ns	= seamldr_step_ns(u, SEAMLDR_STEP_SHUTDOWN),
		.install_ns	= seamldr_step_ns(u, SEAMLDR_STEP_CPU_INSTALL),
		.init_ns	= seamldr_step_ns(u, SEAMLDR_STEP_CPU_INIT),
		.update_ns	= seamldr_step_ns(u, SEAMLDR_STEP_RUN_UPDATE),
	};
	/* Keep this update's results; the caller frees the previous ones. */
	swap(seamldr.last_res, u->res);
	seamldr.have_last = true;
}

static void seamldr_report(const struct tdx_update_stats *s)
{
	if (s->result)
		return;

	pr_info("TDX module updated from %u.%u.%02u to %u.%u.%02u in %llu us (shutdown %llu, install %llu, init %llu, update %llu)\n",
		s->from.major, s->from.minor, s->from.update,
		s->to.major, s->to.minor, s->to.update,
		div_u64(s->blackout_ns, NSEC_PER_USEC),
		div_u64(s->shutdown_ns, NSEC_PER_USEC),
		div_u64(s->install_ns, NSEC_PER_USEC),
		div_u64(s->init_ns, NSEC_PER_USEC),
		div_u64(s->update_ns, NSEC_PER_USEC));
}

/*
 * Stop all CPUs and replace the module, then settle the core's state:
 * new version on success, DEAD after a failure past TDH.SYS.SHUTDOWN.
 */
static int seamldr_do_update(struct seamldr_update *u)
{
	const struct tdx_sys_info *si = tdx_sysinfo_locked();
	struct tdx_sys_info_version from = si->version;
	int ret;

	ret = stop_machine_cpuslocked(seamldr_stop_cpu, u, cpu_online_mask);
	if (ret)
		return ret;

	ret = seamldr_summarize(u);
	if (!ret && tdx_refresh_version_locked())
		pr_warn("updated, but the new module's version is unknown\n");
	/*
	 * The new module's extensions start after the stop, not inside it:
	 * TDH.EXT.INIT is long and interruptible, and with interrupts off
	 * the interrupt that stops it stays pending, so it could not make
	 * progress; it would also lengthen the blackout for all TDs, which
	 * run without extensions meanwhile.  Users of the extensions are
	 * kept out by tdx_module_lock(), held until this is done.  A
	 * failure loses the module: it requires extensions it cannot have.
	 */
	if (!ret) {
		ret = tdx_ext_after_update_locked();
		if (ret) {
			pr_err("the new module's extensions failed to start: %d\n",
			       ret);
			ret = -EIO;
		}
	}
	if (ret && u->shutdown_done) {
		tdx_mark_module_dead(-ENODEV);
		pr_err("TDX module lost by a failed update; TDs are gone, reboot to use TDX again\n");
	}

	seamldr_keep_stats(u, &from, &si->version, ret);
	seamldr_report(&seamldr.last);
	return ret;
}

static int seamldr_update_init(struct seamldr_update *u,
			       const struct seamldr_image *img)
{
	*u = (struct seamldr_update) {
		.lead_cpu	= cpumask_first(cpu_online_mask),
		.nr_cpus	= num_online_cpus(),
		.params_pa	= __pa(img->params),
		.step		= SEAMLDR_STEP_SHUTDOWN,
	};
	atomic_set(&u->nr_pending, u->nr_cpus);
	atomic_set(&u->install_turn, u->lead_cpu);

	u->res = kcalloc(nr_cpu_ids, sizeof(*u->res), GFP_KERNEL);
	return u->res ? 0 : -ENOMEM;
}

/* The checks and the update proper, under both locks. */
static int seamldr_update_locked(struct seamldr_update *u)
{
	struct tdx_sys_info_handoff h;
	const struct tdx_sys_info *si;
	int ret;

	lockdep_assert_held(&seamldr.lock);

	/* 1. Only an initialized module can hand its state over. */
	ret = tdx_module_check_ready_locked();
	if (ret)
		return ret;

	/* 2. Check the module, P-SEAMLDR and the CPUs. */
	si = tdx_sysinfo_locked();
	ret = seamldr_check_platform(si, &h);
	if (ret)
		return ret;

	/* 3. Replace the module with all CPUs stopped. */
	u->shutdown_rcx = seamldr_shutdown_rcx(si, &h);
	u->addons = tdx_addons_locked();
	return seamldr_do_update(u);
}

/**
 * tdx_module_update_cpuslocked() - Replace the running TDX module
 * @image:	the update image: header, sigstruct page, module pages
 * @len:	length of @image in bytes
 *
 * Like tdx_module_update(), for a caller that holds the hotplug lock.
 *
 * Context: Process context; may sleep.  Caller holds cpus_read_lock().
 * Return: as for tdx_module_update().
 */
int tdx_module_update_cpuslocked(const void *image, size_t len)
{
	struct seamldr_update u;
	struct seamldr_image img;
	int ret;

	lockdep_assert_cpus_held();

	/* 1. Reject a malformed image before anything is touched. */
	ret = seamldr_check_image(image, len);
	if (ret)
		return ret;

	/* 2. Copy it to pages P-SEAMLDR can read, with SEAMLDR_PARAMS. */
	ret = seamldr_image_load(&img, image);
	if (ret)
		return ret;
	ret = seamldr_update_init(&u, &img);
	if (ret)
		goto out_free_image;

	/* 3. Check and update; serialized with updates and tdx_enable(). */
	mutex_lock(&seamldr.lock);
	tdx_module_lock();
	ret = seamldr_update_locked(&u);
	tdx_module_unlock();
	mutex_unlock(&seamldr.lock);

	kfree(u.res);
out_free_image:
	seamldr_image_free(&img);
	return ret;
}

/**
 * tdx_module_update() - Replace the running TDX module, keeping the TDs
 * @image:	the update image: header, sigstruct page, module pages
 * @len:	length of @image in bytes
 *
 * Checks the image and the platform, then stops all CPUs for the update
 * (the "blackout", logged and kept for tdx_update_last()).  Allocated
 * guest KeyIDs do not prevent an update: the TDs and their keys survive
 * a TD-preserving update.  All CPUs must be online.
 *
 * Context: Process context; may sleep.  Takes cpus_read_lock().
 * Return: 0 on success.  Image format errors, see seamldr_check_image():
 * -ENODATA, -ENOEXEC, -EPROTONOSUPPORT, -EPROTO, -EINVAL, -EFBIG,
 * -EMSGSIZE.  Nothing was changed after these:
 * -ENXIO if the module is not initialized yet (call tdx_enable() first);
 * the errno of a failed tdx_enable();
 * -ENODEV without TDX or P-SEAMLDR, or after a failed update lost the
 * module;
 * -EOPNOTSUPP if the module cannot do TD-preserving updates or the CPU
 * has the P-SEAMLDR VMCS erratum;
 * -ENOSPC if P-SEAMLDR allows no more updates;
 * -EBUSY if a CPU is offline, or if the module refused to shut down
 * during a TD build or migration (the old module keeps running);
 * -ENOMEM; -EIO if SEAMLDR.INFO or the read of the running module's
 * handoff versions failed.
 * -EIO if a step failed on some CPU or the new module's extensions did
 * not start (the image does not say how much extension memory the new
 * module needs; one that needs more than was given cannot start them):
 * if TDH.SYS.SHUTDOWN had succeeded,
 * the module and all TDs are lost until reboot and later calls of
 * tdx_enable(), tdx_cpu_enable() and this function return -ENODEV.
 */
int tdx_module_update(const void *image, size_t len)
{
	int ret;

	cpus_read_lock();
	ret = tdx_module_update_cpuslocked(image, len);
	cpus_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(tdx_module_update);

/**
 * tdx_update_last() - Outcome and timing of the last update
 * @stats:	receives a copy
 *
 * Only updates that stopped the CPUs are recorded; one refused by the
 * checks before that is not.
 *
 * Context: Process context; may sleep.
 * Return: 0, or -ENODATA if no update has stopped the CPUs since boot.
 */
int tdx_update_last(struct tdx_update_stats *stats)
{
	guard(mutex)(&seamldr.lock);

	if (!seamldr.have_last)
		return -ENODATA;
	*stats = seamldr.last;
	return 0;
}
EXPORT_SYMBOL_GPL(tdx_update_last);

#ifdef CONFIG_TDX_KUNIT_HELPERS
/**
 * seamldr_last_cpu_result() - One CPU's outcome of the last update, for tests
 * @cpu:	the CPU
 * @res:	receives a copy
 *
 * Context: Process context; may sleep.
 * Return: 0, or -ENODATA if no update has stopped the CPUs.
 */
int seamldr_last_cpu_result(int cpu, struct seamldr_cpu_result *res)
{
	guard(mutex)(&seamldr.lock);

	if (!seamldr.last_res)
		return -ENODATA;
	*res = seamldr.last_res[cpu];
	return 0;
}
#endif
