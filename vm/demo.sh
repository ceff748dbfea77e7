#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows, run inside the VM.

M=/sys/kernel/debug/tdx_model
step() { printf '\n\033[1m--- %s\033[0m\n' "$*"; }
say() { echo "    $*"; }
# Kernel messages of the TDX host code that are new since the last call.
seen=0
klog()
{
	dmesg | grep -E 'virt/tdx|tdx-model' | sed 's/^\[[ 0-9.]*\] //' > /tmp/klog
	tail -n +$((seen + 1)) /tmp/klog | sed 's/^/    kernel: /'
	seen=$(wc -l < /tmp/klog)
}
calls() { sed 's/^/    /' $M/calls; }

mount -t debugfs debugfs /sys/kernel/debug

step "1. Boot detection"
say "This VM has no TDX: the kernel runs with the software TDX module"
say "(tdx_model=on), and kvm_intel cannot load (no VMX).  At boot the"
say "kernel only detected the platform:"
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
say "tdx_enable(); the model's test-only trigger does the same without VMXON:"
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

step "Summary"
say "detection:            $detected"
say "on-demand init:       $init"
say "CPU offline/online:   $hotplug"
echo "TDX-DEMO: END"
