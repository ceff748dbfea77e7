#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the test VM's initramfs and boot a kernel in QEMU with it.
#
# Usage: vm.sh BZIMAGE RUN_SCRIPT LOG [kernel args...]
# Boots BZIMAGE with an initramfs whose /run.sh is RUN_SCRIPT, copies the
# console to LOG and to stdout, and fails unless the VM reached its end.
# VM_SMP and VM_MEM override QEMU's -smp and -m (defaults: 4 vCPUs in 2
# packages, 2048 MiB).

. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || die "usage: vm.sh BZIMAGE RUN_SCRIPT LOG [kernel args...]"
image=$1 run=$2 log=$3; shift 3
initrd=$BUILD/initramfs-$(basename "$run" .sh).cpio.gz
VM_TIMEOUT=${VM_TIMEOUT:-600}
VM_SMP=${VM_SMP:-4,sockets=2,cores=2}
VM_MEM=${VM_MEM:-2048}

make_initramfs "$run" "${VM_EXTRA:-}" "$initrd"
say "booting $(basename "$image") in QEMU (TCG, -smp $VM_SMP -m $VM_MEM)"
timeout --foreground "$VM_TIMEOUT" qemu-system-x86_64 \
	-nographic -no-reboot -bios qboot.rom \
	-machine q35 -cpu max -smp "$VM_SMP" -m "$VM_MEM" \
	-kernel "$image" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 quiet $*" < /dev/null 2>&1 |
	tr -d '\r' | tee "$log"
grep -q '^VM-END-MARKER' "$log" || die "the VM did not reach its end marker (log: $log)"
