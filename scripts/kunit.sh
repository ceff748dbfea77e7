#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the KUnit kernel and run every KUnit suite of the series under
# QEMU (TCG, 4 vCPUs in 2 packages).  Each .kunitconfig kept beside the
# series' code contributes its suites.  The kernel always carries the
# runtime checkers of configs/debug.config (lockdep, KASAN, UBSAN,
# debugobjects, kmemleak); any report they print fails the run.
#
# Usage: kunit.sh [extra kunit.py arguments]
# Writes the summary counts to $TALLY (if set) as "kunit P F S".

. "$(dirname "$0")/lib.sh"

OUT=$BUILD/kunit
LOG=$BUILD/kunit.log
# The console output of the KUnit kernel, as kunit.py saves it.
CONSOLE=$OUT/test.log
QEMU_SMP=${QEMU_SMP:-"-smp 4,sockets=2,cores=2"}

mapfile -t configs < <(cd "$TOP/kernel" && find . -name .kunitconfig -printf '%h\n' | sed 's|^\./||' | sort)
[ ${#configs[@]} -gt 0 ] || die "no .kunitconfig in kernel/"

args=(run --arch=x86_64 --build_dir="$OUT" --jobs="$JOBS" --timeout=1800
      --make_options="CC=ccache gcc" --qemu_args="$QEMU_SMP"
      --qemu_args="-m 2048" --kernel_args="$FRAGMENTED_MEMMAP")
for c in "${configs[@]}"; do
	args+=(--kunitconfig="$c")
done
for frag in "$TOP/configs/debug.config" ${KUNIT_FRAGMENTS:-}; do
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*) args+=(--kconfig_add="$line") ;;
		"# CONFIG_"*" is not set")
			line=${line#\# }
			args+=(--kconfig_add="${line%% *}=n") ;;
		esac
	done < "$frag"
done

say "KUnit: ${configs[*]} + debug.config"

# A run that passed on exactly this tree, configuration and harness is
# not repeated: its results are reported again, marked as such.
stamp="$(git -C "$SRC" rev-parse HEAD) $(cat "$0" "$TOP/configs/debug.config" \
	${KUNIT_FRAGMENTS:-} | sha1sum | cut -c1-40) $*"
if [ -f "$OUT/.passed" ] && [ "$(head -n 1 "$OUT/.passed")" = "$stamp" ]; then
	say "KUnit: tree, configuration and harness unchanged since this run passed:"
	tail -n +2 "$OUT/.passed"
	read -r passed skipped < <(sed -n 's/.*KUnit: \([0-9]*\) passed, 0 failed, \([0-9]*\) skipped.*/\1 \2/p' "$OUT/.passed")
	[ -n "${TALLY:-}" ] && echo "kunit $passed 0 $skipped" >> "$TALLY"
	exit 0
fi
rm -f "$OUT/.passed"

rc=0
rm -f "$CONSOLE"
start=$(date +%s)
(cd "$SRC" && ./tools/testing/kunit/kunit.py "${args[@]}" "$@") > "$LOG" 2>&1 || rc=$?
elapsed=$(( $(date +%s) - start ))

# Show the per-test results, not the build noise.
sed -n '/Starting KUnit Kernel/,$p' "$LOG" | grep -v '^\[..:..:..\] *$' || true

summary=$(grep -o 'Ran [0-9]* tests: .*' "$LOG" | tail -n 1 || true)
count() { sed -n "s/.*$1: \([0-9]*\).*/\1/p" <<<"$summary"; }
passed=$(count passed) failed=$(count failed) crashed=$(count crashed)
skipped=$(count skipped) errors=$(count errors)
passed=${passed:-0} skipped=${skipped:-0}
failed=$(( ${failed:-0} + ${crashed:-0} + ${errors:-0} ))

# What the runtime checkers reported, from the console.  Each report is
# one more failure.  A test that provokes a WARN on purpose would need to
# say so here; none does.
REPORTS='(^|[] ])(WARNING: |BUG: |BUG kmalloc|Oops|kernel BUG at|UBSAN: |ODEBUG: |KASAN: |general protection fault|INFO: (possible|trying|task .* blocked|rcu_)|inconsistent lock state|possible (circular|recursive) locking|suspicious RCU usage|DEBUG_LOCKS_WARN_ON)'
reports=0
if [ -f "$CONSOLE" ]; then
	reports=$(grep -cE "$REPORTS" "$CONSOLE" || true)
	if [ "$reports" -gt 0 ]; then
		say "KUnit: $reports report(s) from the runtime checkers:"
		grep -nE -A12 "$REPORTS" "$CONSOLE" | head -n 200
	fi
fi

# The figures the reliability suites print, in a few lines.
figures=$OUT/figures
: > "$figures"
if [ -f "$CONSOLE" ]; then
	grep -hoE '(^|[[:space:]])(sweep|fuzz|stress|leaks): .*' "$CONSOLE" |
		sed 's/^[[:space:]]*//' | grep -v ': pass:[0-9]' |
		sort -u | sed 's/^/    /' > "$figures" || true
fi
say "KUnit: build and run took ${elapsed} s; checkers: lockdep, KASAN, UBSAN, debugobjects, kmemleak; $reports report(s)" >> "$figures"
cat "$figures"

if [ -z "$summary" ]; then
	# No test ran: a build failure or a kernel that never reached KUnit.
	tail -n 40 "$LOG"
	failed=1
elif [ $rc != 0 ] && [ $failed = 0 ]; then
	failed=1
fi
failed=$(( failed + reports ))
[ -n "${TALLY:-}" ] && echo "kunit $passed $failed $skipped" >> "$TALLY"

# What failed, and the last case that started, for the closing summary
# (a run that hangs is cut off by kunit.py's timeout mid-case).
rm -f "$BUILD/kunit.failed"
if [ $failed != 0 ]; then
	{
		grep -oE '\[(FAILED|CRASHED)\] [^ =]+' "$LOG" | head -n 8
		[ -f "$CONSOLE" ] && grep -E '^ *(# Subtest:|ok|not ok) ' "$CONSOLE" |
			tail -n 1 | sed 's/^ */last case reported: /'
		grep -m 1 -E 'timed out|Timeout' "$LOG"
	} > "$BUILD/kunit.failed" 2>/dev/null || true
fi
say "KUnit: $passed passed, $failed failed, $skipped skipped (log: build/kunit.log)" | tee -a "$figures"
if [ $failed = 0 ]; then
	{ echo "$stamp"; cat "$figures"; } > "$OUT/.passed"
fi
[ $failed = 0 ]
