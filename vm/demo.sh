#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make demo` shows, run inside the VM.

step() { printf '\n\033[1m--- %s\033[0m\n' "$*"; }
klog() { dmesg | grep -E "$1" | sed 's/^\[[ 0-9.]*\] /    kernel: /'; }

step "1. Boot detection"
echo "    The kernel found a TDX platform at boot (here: the software model,"
echo "    enabled by tdx_model=on) and consumed nothing for it yet:"
klog 'virt/tdx|tdx-model'
if grep -qw tdx_host_platform /proc/cpuinfo; then
	echo "    /proc/cpuinfo: tdx_host_platform flag set"
else
	echo "    /proc/cpuinfo: no tdx_host_platform flag"
fi

step "Summary"
echo "    detection: $(grep -qw tdx_host_platform /proc/cpuinfo && echo TDX platform found || echo no TDX)"
echo "TDX-DEMO: END"
