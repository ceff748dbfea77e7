#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compile check of a distribution-like configuration: the series must not
# break module (KVM_INTEL=m) or TDX guest builds, a production kernel
# (no model) must contain no trace of the software model or its tests,
# and with KUnit built as a module (as Fedora and RHEL ship it) the series
# must export nothing for tests.
#
# Writes "distro-build P F S", "distro-no-model P F S" and
# "distro-no-test-exports P F S" to $TALLY.

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
	tally distro-no-test-exports "1 0 0"
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

# The model and its tests must not be in a production kernel at all:
# neither their symbols nor their objects.
leak=$(nm "$OUT/vmlinux" | grep -E 'tdx_model|tdxm_|tdxt_|tdx_[a-z]*_suite|kvm_tdx_suite' || true)
leak+=$(find "$OUT/arch/x86/virt/vmx/tdx" "$OUT/arch/x86/kvm" \
	\( -path '*/model/*.o' -o -path '*/tests/*.o' \) 2>/dev/null || true)
if [ -z "$leak" ]; then
	tally distro-no-model "1 0 0"
	say "distro build: ok, no model or test code in vmlinux"
else
	printf '%s\n' "$leak" | head
	tally distro-no-model "0 1 0"
	rc=1
fi

# With CONFIG_KUNIT=m, EXPORT_SYMBOL_IF_KUNIT() exports for real: no
# symbol the series defines may be in EXPORTED_FOR_KUNIT_TESTING.
grep -q '^CONFIG_KUNIT=m' "$OUT/.config" || die "distro config lost CONFIG_KUNIT=m"
ours=$(mktemp)
(cd "$TOP/kernel" && find arch drivers -name '*.c' ! -path '*/model/*' ! -path '*/tests/*') |
	while read -r c; do
		o=$OUT/${c%.c}.o
		[ -f "$o" ] && nm --defined-only "$o" | awk '{ print $3 }'
	done | sort -u > "$ours"
exported=$(awk -F'\t' '$5 == "EXPORTED_FOR_KUNIT_TESTING" { print $2 }' \
	"$OUT/Module.symvers" | sort -u | comm -12 - "$ours")
nr_ours=$(wc -l < "$ours")
rm -f "$ours"
if [ "$nr_ours" -gt 0 ] && [ -z "$exported" ]; then
	tally distro-no-test-exports "1 0 0"
	say "distro build: ok, none of the series' $nr_ours symbols is exported for KUnit"
else
	[ "$nr_ours" -gt 0 ] || say "distro build: no object of the series found"
	printf 'exported for KUnit: %s\n' $exported | head
	tally distro-no-test-exports "0 1 0"
	rc=1
fi
[ "$rc" != 0 ] || stage_passed "$OUT"
exit $rc
