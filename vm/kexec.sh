#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run inside the VM by `make check` (scripts/kexec.sh): kexec and kdump on
# a host whose TDX module runs.  Every kernel of a run boots with this
# script; "tdxkexec=STAGE" on its command line says which part it plays:
#
#   erratum  CPUs with the partial-write erratum: a loaded kernel keeps
#            TDX from starting until it is unloaded, and once TDX runs no
#            kernel can be loaded
#   first    TDX up, then kexec into the same kernel ...
#   second   ... which finds the module initialized and TDX unavailable
#   panic    TDX up, a crash kernel loaded, then a panic ...
#   crash    ... whose crash kernel reads the old kernel's memory
#
# Prints one TAP line per check ("ok - ..." / "not ok - ..."); the
# harness counts them across the kernels and checks the console.

. /lib.sh
KEXEC=/usr/sbin/kexec
# The next kernel boots with the model in the state this one leaves.
NEXT="console=ttyS0 panic=-1 quiet tdx_model=1.5.16,no_pw_erratum,initialized"
# What a kernel says of the module an earlier kernel initialized.
EARLIER="virt/tdx: the TDX module was initialized by an earlier kernel (kexec)"

check()
{
	local what=$1; shift

	if "$@" > /tmp/out 2>&1; then
		echo "ok - $what"
	else
		echo "not ok - $what"
		sed 's/^/# /' /tmp/out
	fi
}
klog_has() { dmesg | grep -qF "$1"; }
klog_once() { [ "$(dmesg | grep -cF "$1")" = 1 ]; }
bringup() { echo 1 > $M/bringup; }
fails() { ! "$@"; }
version_unreadable() { ! cat $H/version; }
stage=$(sed -n 's/.*tdxkexec=\([a-z]*\).*/\1/p' /proc/cmdline)

mount -t debugfs debugfs /sys/kernel/debug
dmesg -n 1

case "$stage" in
erratum)
	check "erratum: a kernel loads while TDX is unused" \
		kexec_load -l "$NEXT"
	check "erratum: TDX does not start while it is loaded" fails bringup
	check "erratum: the log says why" klog_has "a kexec or crash kernel is loaded"
	check "erratum: no SEAMCALL was made" sh -c "! grep -q '[1-9]' $M/cpu_caches"
	check "erratum: unloading it" $KEXEC -u
	check "erratum: then TDX starts" bringup
	check "erratum: no kernel loads once TDX ran" fails \
		kexec_load -l "$NEXT"
	check "erratum: the log says why" klog_has "kexec refused: TDX has been used"
	;;
first)
	check "first: TDX starts" bringup
	check "first: the module's version is readable" cat $H/version
	check "first: a kernel loads while TDX runs" \
		kexec_load -l "$NEXT tdxkexec=second"
	# The harness checks every CPU listed here against the jump's verdict.
	sed 's/^/CPU-CACHES: /' $M/cpu_caches
	dmesg -n 8
	$KEXEC -e -x
	echo "not ok - first: kexec -e returned"
	;;
second)
	check "second: nothing is said of TDX before its first use" \
		fails klog_has "$EARLIER"
	check "second: TDX does not start" fails bringup
	check "second: the reason is logged once" klog_once "$EARLIER"
	check "second: a second try fails without a new message" fails bringup
	check "second: still one message" klog_once "$EARLIER"
	check "second: no module version is offered" version_unreadable
	check "second: one SEAMCALL in all" sh -c "[ \"\$(awk '{ n += \$2 } END { print n }' $M/cpu_caches)\" = 1 ]"
	;;
panic)
	check "panic: TDX starts" bringup
	check "panic: a crash kernel loads while TDX runs" \
		kexec_load -p "$NEXT tdxkexec=crash nr_cpus=1 irqpoll reset_devices"
	sed 's/^/CPU-CACHES: /' $M/cpu_caches
	dmesg -n 8
	echo c > /proc/sysrq-trigger
	echo "not ok - panic: the kernel did not panic"
	;;
crash)
	check "crash: /proc/vmcore is there" test -s /proc/vmcore
	/usr/sbin/vmcore-dmesg /proc/vmcore > /tmp/vmcore-dmesg 2>&1
	check "crash: the old kernel's log is readable from it" \
		grep -q "sysrq: Trigger a crash" /tmp/vmcore-dmesg
	check "crash: every CPU of the old kernel flushed before the jump" \
		grep -q "kexec: CPU [0-9]* jumps; CPUs with private lines in their caches: none" /tmp/vmcore-dmesg
	grep "kexec: CPU [0-9]* jumps" /tmp/vmcore-dmesg | sed 's/^/# old kernel: /'
	check "crash: TDX does not start in the crash kernel" fails bringup
	check "crash: the reason is logged" klog_has "$EARLIER"
	;;
*)
	echo "not ok - no tdxkexec= stage on the command line"
	;;
esac
