#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the series' kselftests in a booted QEMU VM against the software TDX
# module: build the VM kernel (the demo's) and the tests, boot with
# tdx_model=2.0.16 (a release that can refuse an update during a TD
# build, which busy_then_retry needs; the demo runs the default 1.5.16),
# bring TDX up as kvm-intel would, run the tests and count their TAP
# results.
#
# Writes "selftests P F S" to $TALLY (if set).

. "$(dirname "$0")/lib.sh"

OUT=$BUILD/selftests
LOG=$BUILD/selftest.log
TESTS=(tdx_host_test)

tally() { [ -z "${TALLY:-}" ] || echo "selftests $1 $2 $3" >> "$TALLY"; }
fail() { warn "$*"; tally 0 1 0; exit 1; }

say "VM selftests: building the VM kernel (build/demo) and the tests"
build_vm_kernel || fail "the VM kernel did not build"
"${KMAKE[@]}" O="$VM_KERNEL_OUT" headers || fail "headers did not build"
rm -rf "$OUT" && mkdir -p "$OUT/root"
make -s -C "$SRC/tools/testing/selftests/tdx" OUTPUT="$OUT" CC="ccache gcc" \
	KHDR_INCLUDES="-isystem $VM_KERNEL_OUT/usr/include" \
	"${TESTS[@]/#/$OUT/}" || fail "the selftests did not build"
cp "${TESTS[@]/#/$OUT/}" "$OUT/root/"

VM_EXTRA=$OUT/root "$TOP/scripts/vm.sh" "$VM_KERNEL_OUT/arch/x86/boot/bzImage" \
	"$TOP/vm/selftest.sh" "$LOG" tdx_model=2.0.16 "$FRAGMENTED_MEMMAP" > /dev/null || true

# One "# Totals:" line per test program; a program that did not finish
# counts as a failure.
grep -E '^(ok|not ok|# Totals)' "$LOG" | sed 's/^/    /'
read -r pass fail skip < <(awk -F'[: ]+' '/^# Totals:/ {
	p += $4; f += $6 + $14; s += $12 } END { print p + 0, f + 0, s + 0 }' "$LOG")
done=$(grep -c '^# Totals:' "$LOG" || true)
if [ "$done" != "${#TESTS[@]}" ]; then
	warn "only $done of ${#TESTS[@]} test programs finished (log: build/selftest.log)"
	fail=$((fail + 1))
fi
tally "$pass" "$fail" "$skip"
say "VM selftests: $pass passed, $fail failed, $skip skipped (log: build/selftest.log)"
[ "$fail" = 0 ]
