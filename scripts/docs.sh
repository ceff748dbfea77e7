#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Documentation gate: the series' documentation must build without a
# single warning and its ABI entries must validate.
#
#   html	`make htmldocs SPHINXDIRS=arch/x86` out of tree (build/docs).
#		The pristine base builds arch/x86 without warnings, so any
#		warning fails, not only those in the series' files.  The one
#		message ignored is Sphinx's note that graphviz is missing,
#		which arch/x86 has no use for.
#   abi		scripts/get_abi.pl validate over Documentation/ABI, which is
#		silent on the base.
#   abi-rst	the series' ABI files rendered to ReST by get_abi.pl and
#		parsed by docutils: the full ABI book is not built here, so
#		this is what checks the markup of their descriptions.
#   maintainers	scripts/get_maintainer.pl names the TDX entry for every
#		file the series adds (the driver core's for the faux bus).
#
# Writes "docs P F S" to $TALLY (if set), one count per check.

. "$(dirname "$0")/lib.sh"

OUT=$BUILD/docs
LOG=$BUILD/docs.log
passed=0 failed=0

check()
{
	local name=$1 out=$2

	if [ -z "$out" ]; then
		say "docs: $name: clean"
		passed=$((passed + 1))
	else
		printf '%s\n' "$out"
		say "docs: $name: FAILED"
		failed=$((failed + 1))
	fi
}

tally() { [ -z "${TALLY:-}" ] || echo "docs $passed $failed 0" >> "$TALLY"; }

# The ABI files the series adds, relative to the tree.
abi_files() { (cd "$TOP/kernel" && find Documentation/ABI -type f 2>/dev/null | sort); }

html_gate()
{
	local out

	# A full rebuild: Sphinx reports warnings only for the files it reads.
	rm -rf "$OUT/Documentation/output/arch/x86" \
	       "$OUT/Documentation/output/.doctrees/arch/x86"
	if ! "${KMAKE[@]}" O="$OUT" SPHINXDIRS=arch/x86 htmldocs > "$LOG" 2>&1; then
		check html "$(tail -n 20 "$LOG"; echo "htmldocs failed (log: build/docs.log)")"
		return
	fi
	out=$(grep -i -E '(warning|error|critical|severe)[:)]' "$LOG" |
	      grep -v 'dot(1) not found' || true)
	[ -n "$out" ] || [ -f "$OUT/Documentation/output/arch/x86/tdx.html" ] ||
		out="no arch/x86/tdx.html was built"
	check html "$out"
}

abi_gate()
{
	check abi "$(cd "$SRC" && perl scripts/get_abi.pl validate --dir Documentation/ABI 2>&1)"
}

# Cross references need the whole book; turn them into literals so that
# docutils alone can parse the rest.
abi_rst_gate()
{
	local dir out f

	dir=$(mktemp -d)
	for f in $(abi_files); do
		cp "$SRC/$f" "$dir/"
	done
	out=$( (cd "$SRC" && perl scripts/get_abi.pl rest --dir "$dir" 2>&1) |
		sed -E 's/:(ref|doc):`([^`]*)`/``\2``/g' |
		python3 -c '
import sys
import docutils.core
docutils.core.publish_string(sys.stdin.read(), writer_name="null",
	settings_overrides={"report_level": 2, "halt_level": 5,
			    "warning_stream": sys.stdout})' 2>&1)
	rm -rf "$dir"
	check abi-rst "$out"
}

# Every file the series adds must reach its maintainers: the TDX ones, or
# for the faux bus the driver core's.
maintainers_gate()
{
	local f entry out=""

	while IFS= read -r f; do
		case $f in
		drivers/base/*|include/linux/device/*)
			entry='DRIVER CORE, KOBJECTS, DEBUGFS AND SYSFS' ;;
		*)	entry='X86 TRUST DOMAIN EXTENSIONS (TDX)' ;;
		esac
		(cd "$SRC" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
			-f "$f" 2>&1) | grep -qF "$entry" ||
			out+="get_maintainer.pl finds no $entry entry for $f"$'\n'
	done < <(git -C "$SRC" diff --name-only --diff-filter=A base HEAD)
	check maintainers "$out"
}

mkdir -p "$OUT"
# The "configuration" of this stage is the toolchain that renders it.
python3 -c 'import sphinx, docutils; print("sphinx", sphinx.__version__, "docutils", docutils.__version__)' > "$OUT/.config" ||
	die "Sphinx is missing (run scripts/deps.sh)"
if stage_unchanged "$OUT"; then
	say "docs: tree and tools unchanged since every check last passed"
	passed=4
	tally
	exit 0
fi
rm -f "$OUT/.passed"
start=$(date +%s)
html_gate
abi_gate
abi_rst_gate
maintainers_gate
tally
say "docs: $passed passed, $failed failed in $(( $(date +%s) - start )) s"
[ $failed = 0 ] || exit 1
stage_passed "$OUT"
