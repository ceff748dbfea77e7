#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Work on what each commit of the series does to the owned files.
#
# kernel/ holds the owned files as the whole series leaves them; a
# commit that changes a file an earlier commit added says how in
# patches/NAME.diff (see scripts/series-lib.sh).  An edit of kernel/
# lands in the commit that added the file, unless it touches lines a
# later commit changes.  To move code between commits, or to repair a
# NAME.diff that no longer fits:
#
#   scripts/stages.sh export DIR   DIR/NN-NAME/ = the owned files after
#                                  each .commit of patches/series
#   (edit the files under DIR: each directory is one commit's result)
#   scripts/stages.sh import DIR   rewrite the owned part of every
#                                  NAME.diff from consecutive directories,
#                                  and kernel/ from the last one
#
# When kernel/ no longer fits a NAME.diff, export takes the states from
# the last prepared build/linux, with kernel/ as it is in the last
# directory: copy the edit to the commit it belongs to and every later
# one, then import.
#
# Hunks of a NAME.diff into files the series does not own are kept as
# they are.  A file that first appears in a directory must match an
# Owned: glob of that commit.

. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/series-lib.sh"

usage() { die "usage: stages.sh export|import DIR"; }

commit_dirs()
{
	local i=-1 entry

	while IFS= read -r entry; do
		i=$((i + 1))
		[[ $entry == *.commit ]] || continue
		printf '%s %02d-%s\n' "$i" "$i" "${entry%.commit}"
	done < <(series_entries)
}

# The owned files after each commit as build/linux last prepared them,
# the last directory with kernel/ as it is now.  For when kernel/ no
# longer fits a NAME.diff: the edit then shows in the last directory only.
states_from_prepared()
{
	local dir=$1 i name files last commits=()

	mapfile -t commits < <(git -C "$SRC" rev-list --reverse base..HEAD 2>/dev/null)
	[ ${#commits[@]} = "$(series_entries | wc -l)" ] ||
		die "build/linux does not hold this series' commits; run make prepare without your edit first"
	mapfile -t OWNED < <(owned_files)
	while read -r i name; do
		mkdir -p "$dir/$name"
		files=$(git -C "$SRC" ls-tree -r --name-only "${commits[i]}" | grep -xF -f <(printf '%s\n' "${OWNED[@]}") || true)
		[ -z "$files" ] || git -C "$SRC" archive "${commits[i]}" $files | tar -xf - -C "$dir/$name"
		last=$dir/$name
	done < <(commit_dirs)
	rsync -a --exclude='*~' "$TOP/kernel/" "$last/"
}

do_export()
{
	local dir=$1 i name claimed

	[ ! -e "$dir" ] || die "$dir exists"
	mkdir -p "$dir"
	if STATES=$(compute_states && echo "$STATES"); then
		while read -r i name; do
			mv "$STATES/$i" "$dir/$name"
		done < <(commit_dirs)
		rm -rf "$STATES"
	else
		warn "taking the states from build/linux; your edit of kernel/ is in the last directory:"
		warn "copy it to the directory of the commit it belongs to and to every later one"
		states_from_prepared "$dir"
	fi
	# A state holds only the files added by this commit or before.
	claimed=$(mktemp)
	while read -r i name; do
		matching_owned "$TOP/patches/${name#??-}.commit" >> "$claimed"
		files_in "$dir/$name" | grep -vxF -f "$claimed" |
			(cd "$dir/$name" && xargs -r rm --) || true
		find "$dir/$name" -type d -empty -delete
	done < <(commit_dirs)
	rm -f "$claimed"
	say "exported the owned files after each commit to $dir"
}

files_in() { [ -z "$1" ] || (cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }

# The owned part of a NAME.diff: what changes from $1 to $2 in files that
# both have.  Files only in $2 are added by the commit's Owned: globs.
owned_diff()
{
	local prev=$1 cur=$2 f

	[ -n "$prev" ] || return 0
	while IFS= read -r f; do
		[ -f "$prev/$f" ] || continue
		git diff --no-index --src-prefix=a/ --dst-prefix=b/ \
			"$prev/$f" "$cur/$f" | sed -e "1s|^diff --git .*|diff --git a/$f b/$f|" \
			-e "s|^--- a/.*|--- a/$f|" -e "s|^+++ b/.*|+++ b/$f|" || true
	done < <(files_in "$cur")
}

# Hunks of an existing NAME.diff into files the series does not own.
foreign_part()
{
	[ -f "$1" ] || return 0
	python3 - "$1" "$TOP/kernel" <<'PY'
import os, re, sys
text = open(sys.argv[1]).read()
parts = re.split(r'(?m)^(?=diff --git )', text)
for p in parts:
    m = re.match(r'diff --git a/(\S+) ', p)
    if m and not os.path.exists(os.path.join(sys.argv[2], m.group(1))):
        sys.stdout.write(p)
PY
}

# Files that first appear in $2 must be added by its commit's Owned:
# globs; owned files never disappear.
check_new_files()
{
	local prev=$1 cur=$2 entry=$3 f added

	added=$(matching_owned "$entry")
	while IFS= read -r f; do
		[ -z "$prev" ] || [ ! -f "$prev/$f" ] || continue
		grep -qxF "$f" <<<"$added" ||
			die "$f appears in ${cur##*/} but no Owned: glob of ${entry##*/} matches it"
	done < <(files_in "$cur")
	while IFS= read -r f; do
		[ -f "$cur/$f" ] || die "$f disappears in ${cur##*/}; owned files are never removed"
	done < <(files_in "$prev")
}

do_import()
{
	local dir=$1 prev="" i name entry diff tmp

	[ -d "$dir" ] || die "no $dir"
	while read -r i name; do
		[ -d "$dir/$name" ] || die "no $dir/$name"
		entry=$TOP/patches/${name#??-}.commit
		diff=${entry%.commit}.diff
		check_new_files "$prev" "$dir/$name" "$entry"
		tmp=$(mktemp)
		{ owned_diff "$prev" "$dir/$name"; foreign_part "$diff"; } > "$tmp"
		if [ -s "$tmp" ]; then
			mv "$tmp" "$diff"
		else
			rm -f "$tmp" "$diff"
		fi
		prev=$dir/$name
	done < <(commit_dirs)
	[ -n "$prev" ] || die "patches/series has no .commit"
	rsync -a --delete --exclude='*~' "$prev/" "$TOP/kernel/"
	say "rewrote the NAME.diff files and kernel/ from $dir"
}

case "${1:-}" in
export) [ $# = 2 ] || usage; do_export "$2" ;;
import) [ $# = 2 ] || usage; do_import "$2" ;;
*) usage ;;
esac
