#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Shell helpers for the scripts run inside the test VM (sourced as /lib.sh).

M=/sys/kernel/debug/tdx_model
H=/sys/devices/faux/tdx_host
FW=/sys/class/firmware/tdx_module

# Load the kernel and initramfs the harness put in /boot (kexec_extra in
# scripts/lib.sh): $1 is -l for kexec -e or -p for a crash kernel, $2
# its command line.
kexec_load()
{
	/usr/sbin/kexec "$1" /boot/bzImage --initrd=/boot/initrd --command-line="$2"
}

# Upload image $1 through the firmware upload class, wait for the end and
# print the error file: empty on success, else "<progress>:<error>".
upload()
{
	echo 1 > $FW/loading
	cat "$1" > $FW/data
	echo 0 > $FW/loading
	while [ "$(cat $FW/status)" != idle ]; do
		sleep 1
	done
	cat $FW/error
}
