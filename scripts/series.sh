#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export the series as `git format-patch` files with a cover letter, check
# that `git am` applies them to the pristine base, and that every patch
# builds on its own (bisectability), in the distro and KUnit
# configurations, and that the KUnit suites present at each patch pass
# there (bisectability in behaviour, not only in compilation).
#
# Output: build/series/*.patch and build/series/sizes.txt (lines each
# patch changes).  SERIES_BUILD=0 skips the build check, SERIES_KUNIT=0
# the KUnit runs, SERIES_KUNIT=tests keeps them to the patches that add
# or change KUnit cases.  SERIES_FROM=N starts the build checks at patch
# N, SERIES_TO=N stops them after patch N.

. "$(dirname "$0")/lib.sh"

OUT=$BUILD/series
WT=$BUILD/series-tree
COVER=$TOP/patches/cover-letter.txt

"$TOP/scripts/deps.sh"
"$TOP/scripts/prepare.sh"

rm -rf "$OUT"
# The cover letter is from the series' author, not the harness.
git -C "$SRC" -c user.name="$(git -C "$TOP" config user.name)" \
	-c user.email="$(git -C "$TOP" config user.email)" format-patch -q --cover-letter --base=base -o "$OUT" base..HEAD
cover=$(ls "$OUT"/0000-*.patch)
if [ -f "$COVER" ]; then
	subject=$(head -n 1 "$COVER")
	python3 - "$cover" "$COVER" "$subject" <<'PY'
import sys
path, body_file, subject = sys.argv[1:]
text = open(path).read()
body = open(body_file).read().split('\n', 2)[2]
text = text.replace('*** SUBJECT HERE ***', subject).replace('*** BLURB HERE ***', body.rstrip())
open(path, 'w').write(text)
PY
fi
say "series: $(ls "$OUT" | wc -l) files in build/series"

# A reviewer's tree: the pristine base with the series applied by git am.
git -C "$SRC" worktree remove --force "$WT" 2>/dev/null || rm -rf "$WT"
git -C "$SRC" worktree prune
git -C "$SRC" worktree add -q --detach "$WT" base
mapfile -t patches < <(ls "$OUT"/*.patch | grep -v '/0000-')
git -C "$WT" am -q "${patches[@]}" || die "git am of the series on the base failed"
[ -z "$(git -C "$WT" diff HEAD "$(git -C "$SRC" rev-parse HEAD)")" ] ||
	die "git am of the series does not reproduce build/linux"
say "git am: the series applies to the base and reproduces build/linux"

# What each patch changes, in lines (added + removed), and how many of
# them are outside tests, the model and documentation.
TESTISH='(/tests?/|/model/|_kunit\.c$|\.kunitconfig$|^Documentation/|^tools/testing/)'
for p in "${patches[@]}"; do
	read -r lines code < <(git apply --numstat "$p" | awk -v re="$TESTISH" \
		'{ n += $1 + $2; if ($3 !~ re) c += $1 + $2 } END { print n + 0, c + 0 }')
	printf '%5d %5d  %s\n' "$lines" "$code" "$(sed -n 's/^Subject: //p' "$p" | head -n 1)"
done > "$OUT/sizes.txt"
say "lines changed per patch, and how many outside tests, model and docs (build/series/sizes.txt):"
cat "$OUT/sizes.txt"

checkpatch_patches "$OUT" || die "checkpatch --strict complains about the patches above"
say "checkpatch --strict: every patch clean"

[ "${SERIES_BUILD:-1}" = 1 ] || exit 0
start=$(date +%s)

# Warnings in what the series touches fail the step as errors do.
SERIES_PATHS='drivers/base/faux|include/linux/device/faux|arch/x86/virt/vmx/tdx/|arch/x86/kvm/vmx/(tdx|main|vmx)|drivers/virt/coco/tdx-host/|asm/tdx'

# Configure $2 for the series tree: the distro configuration, or the
# KUnit configuration.  Once the patch has .kunitconfig files, the KUnit
# configuration is kunit.py's for them, so that the kernel built is the
# one the suites run in; before, it is the final series' fragments
# (symbols an early patch does not have yet are dropped by Kconfig).
series_config()
{
	local cfg=$1 out=$2 frags=() c args=()

	if [ "$cfg" = distro ]; then
		frags=("$TOP/configs/distro.config")
	elif [ "$cfg" = kunit-run ]; then
		for c in $(kunitconfigs_here); do args+=(--kunitconfig="$c"); done
		(cd "$WT" && ./tools/testing/kunit/kunit.py config --arch=x86_64 \
			--build_dir="$out" --make_options="CC=ccache gcc" "${args[@]}") \
			> "$out.config.log" 2>&1 ||
			{ tail -n 20 "$out.config.log"; die "kunit.py config failed"; }
		return 0
	else
		mapfile -t frags < <(find "$TOP/kernel" -name .kunitconfig | sort)
	fi
	merge_fragments "${frags[@]}" > "$out/.allconfig"
	make -s -C "$WT" O="$out" "CC=ccache gcc" KCONFIG_ALLCONFIG="$out/.allconfig" \
		alldefconfig >/dev/null
}

# The .kunitconfig files of the series that exist at the checked-out
# patch, relative to the tree.
kunitconfigs_here()
{
	local c

	while IFS= read -r c; do
		[ ! -f "$WT/$c" ] || echo "$c"
	done < <(cd "$TOP/kernel" && find . -name .kunitconfig | sed 's|^\./||' | sort)
}

# The suites a patch that touches only tests changes: those its KUnit
# files define, as kunit.py filter globs (one glob for a suite and the
# suites named after it).  Nothing if it touches anything else, so that
# all suites run.
suites_changed()
{
	local files=$1 f

	! grep -qvE '(/tests?/|_kunit\.c$|/Kconfig$|/Makefile$|\.kunitconfig$|^Documentation/|^tools/|^MAINTAINERS$)' <<<"$files" || return 0
	for f in $(grep -E '_kunit\.c$' <<<"$files"); do
		sed -n 's/^[[:space:]]*\.name = "\([a-z0-9_]*\)".*/\1*/p' "$WT/$f"
	done | LC_ALL=C sort -u | awk '{ b = $0; sub(/\*$/, "", b) }
		NR == 1 || index(b, kept) != 1 { print; kept = b }'
}

# Run the KUnit suites that exist at the checked-out patch under QEMU, in
# the kernel the KUnit build step made: all of them, or at a patch that
# touches only tests, the suites it changes.  Shortened: cases marked
# slow are filtered out, and the kernel lacks the runtime checkers of
# configs/debug.config (make check runs both).
series_kunit()
{
	local n=$1 subject=$2 files=$3 out=$BUILD/series-kunit-run log g
	local globs=() summary

	mapfile -t globs < <(suites_changed "$files")
	[ ${#globs[@]} -gt 0 ] || globs=("*")
	KUNIT_SUMMARY=""
	log=$out.run.log
	for g in "${globs[@]}"; do
		(cd "$WT" && ./tools/testing/kunit/kunit.py exec --arch=x86_64 \
			--build_dir="$out" --timeout=900 \
			--qemu_args="-smp 4,sockets=2,cores=2" --qemu_args="-m 2048" \
			--kernel_args="$FRAGMENTED_MEMMAP" --filter="speed>slow" "$g") \
			> "$log" 2>&1 ||
			{ grep -E 'FAILED|CRASHED|not ok|ERROR|error:' "$log" | head -n 40
			  die "patch $n: KUnit suites $g fail: $subject"; }
		summary=$(grep -o 'Ran [0-9]* tests: .*' "$log" | tail -n 1)
		KUNIT_SUMMARY+="${KUNIT_SUMMARY:+; }$g: ${summary#Ran }"
	done
}

# Whether a patch (its touched files on stdin) can change a build: the
# distribution configuration has no KUnit and no model, and neither
# builds documentation or selftests.
touches_distro() { grep -qvE '(/tests?/|/model/|\.kunitconfig$|^Documentation/|^tools/|^MAINTAINERS$)'; }
touches_kernel() { grep -qvE '(^Documentation/|^tools/|^MAINTAINERS$)'; }

# Whether the suites present at the patch test what it touches: files
# under the directory of one of their .kunitconfig files, or headers.
touches_suites()
{
	local files=$1 c re='^(include|arch/x86/include)/'

	while IFS= read -r c; do
		re+="|^${c%/.kunitconfig}/"
	done < <(kunitconfigs_here)
	grep -qE "$re" <<<"$files"
}

# Whether the KUnit suites run at a patch: SERIES_KUNIT=1 (default) at
# every patch that changes what they test, SERIES_KUNIT=tests only at
# the patches that add or change KUnit cases, 0 never.
kunit_wanted()
{
	case "${SERIES_KUNIT:-1}" in
	1) touches_suites "$1" ;;
	tests) grep -qE '_kunit\.c$' <<<"$1" ;;
	*) false ;;
	esac
}

# Build each commit in turn in both configurations; the build directories
# persist, so each step is incremental.  A step that cannot change what
# a configuration builds is skipped, and the KUnit suites run at the
# patches that change what they test.
n=0
for c in $(git -C "$WT" rev-list --reverse base..HEAD); do
	n=$((n + 1))
	[ "$n" -ge "${SERIES_FROM:-1}" ] || continue
	[ "$n" -le "${SERIES_TO:-9999}" ] || break
	git -C "$WT" checkout -q "$c"
	subject=$(git -C "$WT" log -1 --format=%s "$c")
	files=$(git -C "$WT" diff-tree --no-commit-id --name-only -r "$c")
	built=""
	kunit=kunit
	[ -z "$(kunitconfigs_here)" ] || kunit=kunit-run
	for cfg in distro "$kunit"; do
		if [ "$cfg" = distro ]; then
			touches_distro <<<"$files" || continue
		else
			touches_kernel <<<"$files" || continue
		fi
		out=$BUILD/series-$cfg
		mkdir -p "$out"
		series_config "$cfg" "$out"
		targets=(vmlinux modules)
		[ "$cfg" != kunit-run ] || targets=(ARCH=x86_64 all)
		make -s -C "$WT" O="$out" -j"$JOBS" "CC=ccache gcc" "${targets[@]}" \
			>/dev/null 2>"$out.log" ||
			{ tail -n 20 "$out.log"; die "patch $n does not build ($cfg): $subject"; }
		if grep -E "($SERIES_PATHS).*warning:" "$out.log"; then
			die "patch $n builds with warnings ($cfg): $subject"
		fi
		built+=" $cfg"
	done
	KUNIT_SUMMARY=""
	if [[ $built == *kunit-run* ]] && kunit_wanted "$files"; then
		series_kunit "$n" "$subject" "$files"
	fi
	say "patch $n ($(( $(date +%s) - start ))s, built:${built:- nothing}${KUNIT_SUMMARY:+, KUnit: $KUNIT_SUMMARY}): $subject"
done
say "every patch of the series builds, with no warning in what it touches, and passes the KUnit suites present at it ($(( $(date +%s) - start )) s)"
