# SPDX-License-Identifier: GPL-2.0
# How patches/series is read; sourced by prepare.sh and stages.sh after
# lib.sh.

SERIES=$TOP/patches/series

# Series entries.  A ".patch" is a git-format patch into files the series
# does not own.  A ".commit" is a commit message with header lines:
#   Owned:  globs (relative to kernel/) of the owned files the commit adds
#   Remove: paths of base files the commit deletes
# and may come with NAME.diff, a diff of what the commit changes in files
# that exist before it: owned files added by an earlier commit, and files
# the series does not own.
series_entries() { grep -v -e '^#' -e '^[[:space:]]*$' "$SERIES"; }

owned_files() { (cd "$TOP/kernel" && find . -type f ! -name '*~' | sed 's|^\./||' | LC_ALL=C sort); }

# Owned files are kept once, as the last commit leaves them, in kernel/.
# Their state after each earlier commit follows by un-applying the owned
# part of every later commit's NAME.diff, last first.  Sets STATES: the
# directory STATES/I holds the owned files after series entry I.
compute_states()
{
	local entries i d inc=()

	mapfile -t entries < <(series_entries)
	mapfile -t OWNED < <(owned_files)
	for d in "${OWNED[@]}"; do inc+=("--include=$d"); done
	STATES=$(mktemp -d)
	mkdir "$STATES/cur"
	(cd "$TOP/kernel" && tar -cf - --exclude='*~' .) | tar -xf - -C "$STATES/cur"
	for ((i = ${#entries[@]} - 1; i >= 0; i--)); do
		[[ ${entries[i]} == *.commit ]] || continue
		cp -a "$STATES/cur" "$STATES/$i"
		d=$TOP/patches/${entries[i]%.commit}.diff
		[ -f "$d" ] || continue
		(cd "$STATES/cur" && git apply -R "${inc[@]}" "$d") ||
			die "patches/${d##*/} no longer fits kernel/: fix it (scripts/stages.sh)"
	done
}

# Values of header line $2 of a .commit, split at blanks, not expanded.
header_words() { (set -f; sed -n "s/^$2:[[:space:]]*//p" "$1" | tr '\n' ' '); }

# The owned files that an Owned: glob of .commit $1 matches.
matching_owned()
{
	local f g globs=()

	read -r -a globs <<<"$(header_words "$1" Owned)"
	while IFS= read -r f; do
		for g in "${globs[@]}"; do
			# shellcheck disable=SC2053
			if [[ $f == $g ]]; then
				echo "$f"
				break
			fi
		done
	done < <(owned_files)
}
