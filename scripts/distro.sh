#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compile check of a distribution-like configuration: the series must not
# break module (KVM_INTEL=m) or TDX guest builds, and a production kernel
# (no model) must contain no trace of the software model.
#
# Writes "distro-build P F S" and "distro-no-model P F S" to $TALLY.

. "$(dirname "$0")/lib.sh"

OUT=$BUILD/distro
LOG=$BUILD/distro.log
rc=0

tally() { [ -z "${TALLY:-}" ] || echo "$1 $2" >> "$TALLY"; }

say "distro build: KVM_INTEL=m, INTEL_TDX_HOST=y, INTEL_TDX_GUEST=y"
kconfig_build "$OUT" alldefconfig "$TOP/configs/distro.config"
if stage_unchanged "$OUT"; then
	say "distro build: tree and configuration unchanged since it last passed"
	tally distro-build "1 0 0"
	tally distro-no-model "1 0 0"
	exit 0
fi
rm -f "$OUT/.passed"
if "${KMAKE[@]}" O="$OUT" vmlinux modules > "$LOG" 2>&1; then
	tally distro-build "1 0 0"
else
	grep -E 'error|Error' "$LOG" | head -n 30
	tally distro-build "0 1 0"
	say "distro build: FAILED (log: build/distro.log)"
	exit 1
fi

# The model and its tests must not be in a production kernel at all.
leak=$(nm "$OUT/vmlinux" | grep -i -E 'tdx_model|tdx_.*_test' || true)
if [ -z "$leak" ]; then
	tally distro-no-model "1 0 0"
	stage_passed "$OUT"
	say "distro build: ok, no model code in vmlinux"
else
	printf '%s\n' "$leak" | head
	tally distro-no-model "0 1 0"
	rc=1
fi
exit $rc
