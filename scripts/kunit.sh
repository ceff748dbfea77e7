#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the KUnit kernel and run every KUnit suite of the series under
# QEMU (TCG, 4 vCPUs in 2 packages).  Each .kunitconfig kept beside the
# series' code contributes its suites.
#
# Usage: kunit.sh [extra kunit.py arguments]
# Writes the summary counts to $TALLY (if set) as "kunit P F S".

. "$(dirname "$0")/lib.sh"

OUT=$BUILD/kunit
LOG=$BUILD/kunit.log
QEMU_SMP=${QEMU_SMP:-"-smp 4,sockets=2,cores=2"}

mapfile -t configs < <(cd "$TOP/kernel" && find . -name .kunitconfig -printf '%h\n' | sed 's|^\./||' | sort)
[ ${#configs[@]} -gt 0 ] || die "no .kunitconfig in kernel/"

args=(run --arch=x86_64 --build_dir="$OUT" --jobs="$JOBS" --timeout=900
      --make_options="CC=ccache gcc" --qemu_args="$QEMU_SMP"
      --qemu_args="-m 2048")
for c in "${configs[@]}"; do
	args+=(--kunitconfig="$c")
done
for frag in ${KUNIT_FRAGMENTS:-}; do
	while IFS= read -r line; do
		case "$line" in CONFIG_*) args+=(--kconfig_add="$line") ;; esac
	done < "$frag"
done

say "KUnit: ${configs[*]}"
rc=0
(cd "$SRC" && ./tools/testing/kunit/kunit.py "${args[@]}" "$@") > "$LOG" 2>&1 || rc=$?

# Show the per-test results, not the build noise.
sed -n '/Starting KUnit Kernel/,$p' "$LOG" | grep -v '^\[..:..:..\] *$' || true

summary=$(grep -o 'Ran [0-9]* tests: .*' "$LOG" | tail -n 1 || true)
count() { sed -n "s/.*$1: \([0-9]*\).*/\1/p" <<<"$summary"; }
passed=$(count passed) failed=$(count failed) crashed=$(count crashed)
skipped=$(count skipped) errors=$(count errors)
passed=${passed:-0} skipped=${skipped:-0}
failed=$(( ${failed:-0} + ${crashed:-0} + ${errors:-0} ))

if [ -z "$summary" ]; then
	# No test ran: a build failure or a kernel that never reached KUnit.
	tail -n 40 "$LOG"
	failed=1
elif [ $rc != 0 ] && [ $failed = 0 ]; then
	failed=1
fi
[ -n "${TALLY:-}" ] && echo "kunit $passed $failed $skipped" >> "$TALLY"
say "KUnit: $passed passed, $failed failed, $skipped skipped (log: build/kunit.log)"
[ $failed = 0 ]
