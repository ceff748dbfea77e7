#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run inside the VM by `make check`: bring TDX up with the software TDX
# module's test-only trigger (what kvm-intel tdx=1 does, minus VMXON),
# then run the TDX host selftests.  Kernel messages stay off the console
# while the tests run, so that they cannot split TAP lines; they follow
# the results.
mount -t debugfs debugfs /sys/kernel/debug
dmesg -n 1
echo 1 > /sys/kernel/debug/tdx_model/bringup || echo "TDX bring-up failed"
for t in /tdx_host_test; do
	$t > /tmp/tap 2>&1
	cat /tmp/tap
done
echo "--- kernel messages of the TDX host code"
dmesg | grep -E 'virt/|tdx'
