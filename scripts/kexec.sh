#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kexec and kdump on a TDX host, in booted QEMU VMs against the software
# TDX module (vm/kexec.sh has the checks made inside):
#
#   erratum  CPUs with the partial-write erratum (the model's default):
#            kexec and TDX exclude each other
#   kexec    TDX up, kexec into the same kernel, which finds the module
#            initialized by the earlier kernel
#   kdump    TDX up, a crash kernel loaded, a panic; the crash kernel
#            reads the old kernel's memory through /proc/vmcore
#
# Besides the checks inside, the console of each jump must show the
# model's verdict that no CPU still held private cache lines, with a
# flush by every CPU that made a SEAMCALL.
#
# Writes "kexec P F S" to $TALLY (if set).

. "$(dirname "$0")/lib.sh"

OUT=$BUILD/kexec
pass=0 fail=0

tally() { [ -z "${TALLY:-}" ] || echo "kexec $1 $2 0" >> "$TALLY"; }
result()
{
	if [ "$1" = ok ]; then
		pass=$((pass + 1)); echo "    ok - $2"
	else
		fail=$((fail + 1)); echo "    not ok - $2"
	fi
}

# Every CPU the old kernel listed as having made SEAMCALLs flushed, and
# the CPU that jumped saw none left with private lines.
check_jump()
{
	local log=$1 name=$2 verdict cpu calls

	verdict=$(grep -m1 'tdx-model: kexec: CPU [0-9]* jumps' "$log" || true)
	case "$verdict" in
	*"private lines in their caches: none;"*) result ok "$name: no CPU held private lines at the jump" ;;
	*) result fail "$name: no CPU held private lines at the jump (${verdict:-no verdict})" ;;
	esac
	while read -r _ cpu calls _; do
		if [[ "$verdict" =~ \ $cpu:[1-9] ]]; then
			result ok "$name: CPU $cpu ($calls SEAMCALLs) flushed before the jump"
		else
			result fail "$name: CPU $cpu ($calls SEAMCALLs) flushed before the jump"
		fi
	done < <(grep '^CPU-CACHES: ' "$log")
}

# Boot NAME with kernel arguments; count its TAP lines.
run_vm()
{
	local name=$1 log=$OUT/$1.log; shift

	VM_EXTRA=$OUT/root VM_MEM=2048 "$TOP/scripts/vm.sh" "$VM_KERNEL_OUT/arch/x86/boot/bzImage" \
		"$TOP/vm/kexec.sh" "$log" "$@" > /dev/null || result fail "$name: the VM did not finish"
	grep -E '^(not )?ok - ' "$log" | sed 's/^/    /'
	pass=$((pass + $(grep -c '^ok - ' "$log" || true)))
	fail=$((fail + $(grep -c '^not ok - ' "$log" || true)))
}

say "kexec: building the VM kernel (build/demo)"
if ! build_vm_kernel; then
	warn "the VM kernel did not build"
	tally 0 1
	exit 1
fi
mkdir -p "$OUT"
kexec_extra "$OUT/root" "$VM_KERNEL_OUT/arch/x86/boot/bzImage" "$TOP/vm/kexec.sh"

say "kexec: CPUs with the partial-write erratum"
run_vm erratum tdx_model=1.5.16 tdxkexec=erratum
say "kexec: kexec into the same kernel"
run_vm kexec tdx_model=1.5.16,no_pw_erratum tdxkexec=first
check_jump "$OUT/kexec.log" kexec
say "kexec: a crash dump"
run_vm kdump tdx_model=1.5.16,no_pw_erratum crashkernel=256M tdxkexec=panic
check_jump "$OUT/kdump.log" kdump

tally "$pass" "$fail"
say "kexec: $pass passed, $fail failed (logs: build/kexec/*.log)"
[ "$fail" = 0 ]
