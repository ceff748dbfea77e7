#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test VM's initramfs and boot a kernel in QEMU with it.
#
# Usage: vm.sh BZIMAGE RUN_SCRIPT LOG [kernel args...]
# Boots BZIMAGE with an initramfs whose /run.sh is RUN_SCRIPT, copies the
# console to LOG and to stdout, and fails unless the VM reached its end.
# VM_SMP and VM_MEM override QEMU's -smp and -m (defaults: 4 vCPUs in 2
# packages, 2048 MiB).  VM_TCG picks TCG's threading: multi (default, one
# host thread per vCPU) or single (one host thread runs the vCPUs in
# turn and moves on at every PAUSE).  VM_PIN=1 pins vCPU thread N to host
# CPU N modulo the host's CPUs once QEMU has created it.

. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || die "usage: vm.sh BZIMAGE RUN_SCRIPT LOG [kernel args...]"
image=$1 run=$2 log=$3; shift 3
initrd=$BUILD/initramfs-$(basename "$run" .sh).cpio.gz
VM_TIMEOUT=${VM_TIMEOUT:-600}
VM_SMP=${VM_SMP:-4,sockets=2,cores=2}
VM_MEM=${VM_MEM:-2048}
VM_TCG=${VM_TCG:-multi}
VM_PIN=${VM_PIN:-0}

# Pin the vCPU threads of the QEMU whose pid file is $1: "CPU N/TCG" goes
# to host CPU N modulo the host's CPUs.  Waits for QEMU to start.
pin_vcpus()
{
	local pidfile=$1 pid="" t comm n i

	for i in $(seq 300); do
		[ -s "$pidfile" ] && pid=$(cat "$pidfile") && break
		sleep 0.1
	done
	[ -n "$pid" ] || return 0
	for t in /proc/"$pid"/task/*; do
		comm=$(cat "$t/comm" 2> /dev/null) || continue
		case "$comm" in
		"CPU "*/TCG) n=${comm#CPU }; n=${n%/TCG} ;;
		*) continue ;;
		esac
		taskset -p -c $((n % $(nproc))) "${t##*/}" > /dev/null
	done
}

make_initramfs "$run" "${VM_EXTRA:-}" "$initrd"
pinned=""
[ "$VM_PIN" = 1 ] && pinned=", vCPUs pinned"
say "booting $(basename "$image") in QEMU (TCG $VM_TCG, -smp $VM_SMP -m $VM_MEM$pinned)"
pidfile=$BUILD/qemu-$$.pid
rm -f "$pidfile"
[ "$VM_PIN" != 1 ] || pin_vcpus "$pidfile" &
timeout --foreground "$VM_TIMEOUT" qemu-system-x86_64 \
	-nographic -no-reboot -bios qboot.rom -accel tcg,thread="$VM_TCG" \
	-name tdx-vm,debug-threads=on -pidfile "$pidfile" \
	-machine q35 -cpu max -smp "$VM_SMP" -m "$VM_MEM" \
	-kernel "$image" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 quiet $*" < /dev/null 2>&1 |
	tr -d '\r' | tee "$log"
wait
rm -f "$pidfile"
grep -q '^VM-END-MARKER' "$log" || die "the VM did not reach its end marker (log: $log)"
