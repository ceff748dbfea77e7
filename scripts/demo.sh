#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job: prepare the tree, build a bootable kernel with the TDX
# host code and the software TDX module, boot it in QEMU and walk through
# what the series does.  Exits non-zero if the VM did not finish.

. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
"$TOP/scripts/prepare.sh"
say "building the demo kernel (build/demo)"
build_vm_kernel
kexec_extra "$BUILD/demo-root" "$VM_KERNEL_OUT/arch/x86/boot/bzImage" "$TOP/vm/demo.sh"
VM_EXTRA=$BUILD/demo-root "$TOP/scripts/vm.sh" "$VM_KERNEL_OUT/arch/x86/boot/bzImage" \
	"$TOP/vm/demo.sh" "$BUILD/demo.log" tdx_model=on,no_pw_erratum
grep -q '^TDX-DEMO: END' "$BUILD/demo.log" || die "the demo did not complete (log: build/demo.log)"
say "demo complete (log: build/demo.log)"
