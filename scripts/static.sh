#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static gates on everything the series adds: gcc W=1, sparse (C=2),
# checkpatch --strict on every commit, kernel-doc -Wall on every owned
# source file.  A warning in an owned file, or on a line a patch adds to a
# file the series does not own, fails the gate.
#
# Writes one line per gate to $TALLY (if set): "static-NAME P F S".

. "$(dirname "$0")/lib.sh"

OUT=$BUILD/static
FAILED=0

record()
{
	local name=$1 ok=$2

	if [ "$ok" = 0 ]; then
		say "static: $name: clean"
		[ -n "${TALLY:-}" ] && echo "static-$name 1 0 0" >> "$TALLY"
	else
		say "static: $name: FAILED"
		[ -n "${TALLY:-}" ] && echo "static-$name 0 1 0" >> "$TALLY"
		FAILED=1
	fi
	return 0
}

owned()   { (cd "$TOP/kernel" && find . -type f -name "*.[ch]" | sed 's|^\./||' | sort); }
patched() { git -C "$SRC" diff --name-only base HEAD | grep -vxF -f <(cd "$TOP/kernel" && find . -type f | sed 's|^\./||') || true; }

# "file:line" for every line the series adds to files it does not own.
added_lines()
{
	git -C "$SRC" diff -U0 base HEAD -- $(patched) | awk '
		/^\+\+\+ b\// { file = substr($0, 7) }
		/^@@/ {
			split($3, a, ","); start = substr(a[1], 2)
			n = (a[2] == "") ? 1 : a[2]
			for (i = 0; i < n; i++) print file ":" start + i
		}'
}

# Keep the diagnostics that belong to the series: any in an owned file,
# and those on added lines of other files.
series_diagnostics()
{
	local log=$1 own added

	own=$(owned)
	added=$(added_lines)
	{ grep -E '(warning|error):' "$log" || true; } | sed -E 's#^(\.\./)*([^ ]*/)?build/linux/##; s#^\.\./linux/##' |
	while IFS= read -r line; do
		local file=${line%%:*} rest=${line#*:} ln
		ln=${rest%%:*}
		if grep -qxF "$file" <<<"$own" || grep -qxF "$file:$ln" <<<"$added"; then
			echo "$line"
		fi
	done
}

# The objects to compile: every owned .c file, and every non-owned .c file
# a patch touches.
objects()
{
	{ owned; patched; } | grep '\.c$' | grep -v '^tools/' | sed 's/\.c$/.o/' | sort -u
}

# make -k O=$OUT FLAGS... OBJECTS...  Objects of virt/kvm/ are also
# objects of arch/x86/kvm/ (as ../../../virt/kvm/); built in the same make
# as those, two parallel descents would write and read the same .cmd
# file at once.  So they get a make of their own, after the others.
compile_objects()
{
	local flags=() objs=() kvm=() ret=0 o

	while [[ $1 == *=* ]]; do flags+=("$1"); shift; done
	for o in "$@"; do
		if [[ $o == virt/kvm/* ]]; then kvm+=("$o"); else objs+=("$o"); fi
	done
	[ ${#objs[@]} = 0 ] || "${KMAKE[@]}" -k O="$OUT" "${flags[@]}" "${objs[@]}" || ret=1
	[ ${#kvm[@]} = 0 ] || "${KMAKE[@]}" -k O="$OUT" "${flags[@]}" "${kvm[@]}" || ret=1
	return $ret
}

compile_gates()
{
	local objs frags log=$BUILD/static-build.log slog=$BUILD/static-sparse.log diags

	mapfile -t objs < <(objects)
	mapfile -t frags < <(find "$TOP/kernel" -name .kunitconfig)
	kconfig_build "$OUT" alldefconfig "${frags[@]}"
	"${KMAKE[@]}" O="$OUT" prepare >/dev/null 2>&1 || "${KMAKE[@]}" O="$OUT" prepare

	# Recompile so that the warnings are printed again.
	(cd "$OUT" && rm -f "${objs[@]}")
	compile_objects W=1 "${objs[@]}" > "$log" 2>&1 || echo "error: build failed" >> "$log"
	diags=$(series_diagnostics "$log")
	[ -z "$diags" ] || printf '%s\n' "$diags"
	grep -q '^error: build failed' "$log" && { grep -E 'error' "$log" | head -20; diags=x; }
	record "gcc-W1" "$([ -z "$diags" ]; echo $?)"

	# The objects are up to date now: C=2 runs only sparse over them.
	compile_objects C=2 W=1 "${objs[@]}" > "$slog" 2>&1 || true
	diags=$(series_diagnostics "$slog")
	[ -z "$diags" ] || printf '%s\n' "$diags"
	record "sparse" "$([ -z "$diags" ]; echo $?)"
}

kerneldoc_gate()
{
	local out

	out=$(cd "$SRC" && owned | xargs scripts/kernel-doc -Wall -none 2>&1)
	[ -z "$out" ] || printf '%s\n' "$out"
	record "kernel-doc" "$([ -z "$out" ]; echo $?)"
}

# The conformance script's edits must still find the rules they remove.
conformance_gate()
{
	local out

	out=$(python3 "$TOP/scripts/conformance.py" --texts 2>&1)
	[ -z "$out" ] || printf '%s\n' "$out"
	record "conformance-texts" "$([ -z "$out" ]; echo $?)"
}

# Every commit of the series, as a reviewer receives it.
checkpatch_gate()
{
	local dir bad=0

	dir=$(mktemp -d)
	git -C "$SRC" format-patch -q -o "$dir" base..HEAD
	checkpatch_patches "$dir" || bad=1
	rm -rf "$dir"
	record "checkpatch" "$bad"
}

mkdir -p "$OUT"
if [ -f "$OUT/.config" ] && stage_unchanged "$OUT"; then
	say "static: tree and configuration unchanged since every gate last passed"
	for gate in gcc-W1 sparse kernel-doc conformance-texts checkpatch; do record "$gate" 0; done
	exit 0
fi
rm -f "$OUT/.passed"
compile_gates
kerneldoc_gate
conformance_gate
checkpatch_gate
[ $FAILED = 1 ] || stage_passed "$OUT"
exit $FAILED
