#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows, run inside the VM.

. /lib.sh
step() { printf '\n\033[1m--- %s\033[0m\n' "$*"; }
say() { echo "    $*"; }
# Kernel messages of the TDX host code that are new since the last call.
seen=0
klog()
{
	dmesg | grep -E 'virt/tdx|virt/seamldr|tdx-model|tdx_host' | sed 's/^\[[ 0-9.]*\] //' > /tmp/klog
	tail -n +$((seen + 1)) /tmp/klog | sed 's/^/    kernel: /'
	seen=$(wc -l < /tmp/klog)
}
calls() { sed 's/^/    /' $M/calls; }

mount -t debugfs debugfs /sys/kernel/debug
# Kernel messages are shown with each step, not in the middle of it.
dmesg -n 1

if grep -q tdxdemo=after-kexec /proc/cmdline; then
	say "This kernel was started by kexec from the one above, with the"
	say "module as that kernel left it (tdx_model=...,initialized).  At"
	say "boot it made no SEAMCALL; kvm-intel with tdx=1 would now try:"
	if echo 1 > $M/bringup 2> /dev/null; then kexec=FAILED; else kexec=ok; fi
	klog
	say "It runs without TDX until the platform is reset; the new kernel"
	say "booted and nothing hung or crashed."
	say "kexec on a TDX host:  $kexec"
	echo "TDX-DEMO: END"
	exit 0
fi

step "1. Boot detection"
say "This VM has no TDX: the kernel runs with the software TDX module"
say "(tdx_model=on,no_pw_erratum: release 1.5.16 as Intel publishes it, on"
say "CPUs without the partial-write erratum), and kvm_intel cannot load"
say "(no VMX).  At boot the kernel only detected the platform:"
klog
if grep -qw tdx_host_platform /proc/cpuinfo; then
	say "/proc/cpuinfo: tdx_host_platform flag set"
	detected=yes
else
	say "/proc/cpuinfo: no tdx_host_platform flag"
	detected=no
fi

step "2. Nothing is consumed before first use"
say "SEAMCALLs made since boot:"
calls

step "3. On-demand initialization"
say "kvm-intel with tdx=1 would now run per-CPU init on every CPU and"
say "tdx_enable(); the model's test-only trigger does the same, with the"
say "model's VMX operation for VMXON:"
if echo 1 > $M/bringup; then init=ok; else init=FAILED; fi
klog
say "SEAMCALLs made by the initialization:"
calls

step "4. A CPU goes offline and comes back"
lp_inits() { awk '$1 == "TDH.SYS.LP.INIT" { print $2 }' $M/calls; }
n=$(lp_inits)
echo 0 > /sys/devices/system/cpu/cpu3/online && say "cpu3 offline"
if echo 1 > /sys/devices/system/cpu/cpu3/online; then
	say "cpu3 online again: tdx_cpu_enable() ran in its hotplug callback"
	say "TDH.SYS.LP.INIT calls: $n before, $(lp_inits) after (a logical"
	say "processor stays initialized in the module across offline)"
	hotplug=ok
else
	say "cpu3 was refused onlining"
	hotplug=FAILED
fi
klog

step "5. Runtime update of the TDX module"
say "The tdx_host device shows what runs; only root may ask P-SEAMLDR:"
v0=$(cat $H/version)
left0=$(cat $H/num_remaining_updates)
say "  $H/version               $v0"
say "  $H/seamldr_version       $(cat $H/seamldr_version)"
say "  $H/num_remaining_updates $left0"
cp $M/blob /tmp/tdx_module.blob
say "An update image in the format of Intel's release files"
say "(intel/tdx-module-binaries: a 0x100 blob, $(wc -c < /tmp/tdx_module.blob) bytes: header, sigstruct,"
say "4 module pages; the model's own image of the next update version) goes"
say "in through the firmware upload interface, as Intel's tool loads it:"
say "  echo 1 > $FW/loading"
say "  cat tdx_module.blob > $FW/data"
say "  echo 0 > $FW/loading"
say "  (then status is polled until idle; it reads 'programming' during the update)"
err=$(upload /tmp/tdx_module.blob)
v1=$(cat $H/version)
if [ -z "$err" ] && [ "$v1" != "$v0" ]; then update=ok; else update="FAILED ($err)"; fi
blackout=$(cat $H/last_update_blackout_us)
say "  error: '${err}' (empty: success)"
say "  version $v0 -> $v1, remaining updates $left0 -> $(cat $H/num_remaining_updates)"
say "  all CPUs were stopped for $blackout us (last_update_blackout_us)"
klog

step "6. A malformed image is refused before anything stops"
cp /tmp/tdx_module.blob /tmp/bad.bin
printf 'X' | dd of=/tmp/bad.bin bs=1 seek=8 conv=notrunc 2> /dev/null
say "The same image with its \"TDX-BLOB\" signature damaged:"
err=$(upload /tmp/bad.bin)
v2=$(cat $H/version)
say "  error: '$err'"
say "  version still $v2"
if [ "$err" = "preparing:firmware-invalid" ] && [ "$v2" = "$v1" ]; then
	reject=ok
else
	reject=FAILED
fi
klog

step "Summary so far"
say "detection:            $detected"
say "on-demand init:       $init"
say "CPU offline/online:   $hotplug"
say "runtime update:       $update ($v0 -> $v1, blackout $blackout us)"
say "bad image refused:    $reject"

step "7. kexec into a new kernel while TDX runs"
say "Every CPU that made a SEAMCALL flushes its caches before the new"
say "kernel runs, so no line the module wrote with its private KeyID"
say "lands in that kernel's memory.  SEAMCALLs and own flushes per CPU:"
awk '{ printf "    CPU %s: %s SEAMCALLs, %s flushes\n", $1, $2, $3 }' $M/cpu_caches
say "(On CPUs with the partial-write erratum kexec would be refused now.)"
say "kexec -l /boot/bzImage ... ; kexec -e -x"
kexec_load -l "console=ttyS0 panic=-1 quiet tdx_model=on,no_pw_erratum,initialized tdxdemo=after-kexec" ||
	say "kexec -l FAILED"
# The model's verdict at the jump goes to the console.
dmesg -n 7
/usr/sbin/kexec -e -x
say "kexec -e FAILED"
