#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare build/linux: the pristine Debian 6.12 base plus the series.
#
# The base is unpacked once and committed as tag "base".  The series is
# then written as commits on top of it without touching the work tree
# (a private index, plumbing only); finally the work tree is moved to the
# new tip, which rewrites only the files whose content changed.  Unchanged
# files keep their timestamps, so an incremental build stays incremental,
# and `git diff base` in build/linux is exactly the series.

. "$(dirname "$0")/lib.sh"

. "$TOP/scripts/series-lib.sh"
# Fixed dates make the commits reproducible: preparing an unchanged
# series yields the same tip and does nothing.
export GIT_AUTHOR_DATE="2025-01-01T00:00:00+0000"
export GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE

git_src() { git -C "$SRC" "$@"; }

pkg_version()
{
	dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null ||
		die "$BASE_PKG is not installed (run scripts/deps.sh)"
}

# Warn on a newer base than the one the series was tested on, refuse an
# older one: the series may rely on fixes it does not have.
check_version()
{
	local have=$1 tested

	tested=$(grep -v '^#' "$TOP/BASE_VERSION" | head -n 1)
	[ "$have" = "$tested" ] && return 0
	if dpkg --compare-versions "$have" gt "$tested"; then
		case "$have" in
		6.12.*) warn "base is $BASE_PKG $have; the series was tested on $tested" ;;
		*) die "$BASE_PKG $have is not a 6.12.y kernel" ;;
		esac
	else
		die "$BASE_PKG $have is older than $tested, which the series was tested on"
	fi
}

# Unpack the tarball and commit it whole.  Debian's top-level .gitignore
# ends with "/*", which ignores every top-level entry; "add -f" takes the
# tree as shipped regardless of ignore rules.
make_base()
{
	local ver=$1 tmp=$SRC.new kver

	say "unpacking $BASE_PKG $ver into build/linux (once)"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	tar -xJf "$TARBALL" -C "$tmp" --strip-components=1
	kver=$(make -s -C "$tmp" kernelversion)
	git -C "$tmp" init -q -b series
	git -C "$tmp" config gc.auto 0
	git -C "$tmp" config core.compression 1
	git -C "$tmp" config user.name "TDX host series harness"
	git -C "$tmp" config user.email "tdx-host-series@localhost"
	git -C "$tmp" add -A -f .
	git -C "$tmp" commit -q -m "Linux $kver ($BASE_PKG $ver)"
	git -C "$tmp" tag base
	echo "$ver" > "$tmp/.git/base-package-version"
	rm -rf "$SRC"
	mv "$tmp" "$SRC"
}

ensure_base()
{
	local ver

	ver=$(pkg_version)
	check_version "$ver"
	if [ -f "$SRC/.git/base-package-version" ] && git_src rev-parse -q --verify base >/dev/null; then
		[ "$(cat "$SRC/.git/base-package-version")" = "$ver" ] && return 0
		say "$BASE_PKG changed to $ver: rebuilding the base"
	fi
	make_base "$ver"
}

commit_identity()
{
	export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
	GIT_AUTHOR_NAME=$(git -C "$TOP" config user.name || echo "TDX host series")
	GIT_AUTHOR_EMAIL=$(git -C "$TOP" config user.email || echo "tdx-host-series@localhost")
	GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME
	GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
}

# Put owned file $2, as series entry $1 leaves it, in the private index.
stage_file()
{
	local state=$STATES/$1 f=$2 mode=100644 sha

	[ -x "$TOP/kernel/$f" ] && mode=100755
	sha=$(git_src hash-object -w "$state/$f")
	git_src update-index --add --cacheinfo "$mode,$sha,$f"
}

# One .commit: delete its Remove: files, add the owned files its globs
# match, and apply its NAME.diff: owned files it changes are taken from
# the state, the rest of the diff is applied to the index.
stage_commit()
{
	local i=$1 entry=$2 diff=${2%.commit}.diff f ex=() changed=()

	for f in $(header_words "$entry" Remove); do
		git_src update-index --force-remove "$f"
	done
	while IFS= read -r f; do
		stage_file "$i" "$f"
		echo "$f" >> "$CLAIMED"
	done < <(matching_owned "$entry")
	[ -f "$diff" ] || return 0
	mapfile -t changed < <(git_src apply --numstat "$diff" | cut -f3)
	for f in "${changed[@]}"; do
		if [ -f "$TOP/kernel/$f" ]; then
			grep -qxF "$f" "$CLAIMED" ||
				die "${diff##*/} changes $f before a commit adds it"
			stage_file "$i" "$f"
			ex+=("--exclude=$f")
		fi
	done
	[ ${#ex[@]} -lt ${#changed[@]} ] || return 0
	git_src apply --cached --whitespace=nowarn "${ex[@]}" "$diff" ||
		die "patches/${diff##*/} does not apply"
}

build_series()
{
	local parent tree entry msg path i

	export GIT_INDEX_FILE=$SRC/.git/series-index
	CLAIMED=$(mktemp)
	msg=$(mktemp)
	compute_states
	git_src read-tree base
	parent=$(git_src rev-parse base)
	i=-1
	while IFS= read -r entry; do
		i=$((i + 1))
		path=$TOP/patches/$entry
		[ -f "$path" ] || die "patches/series names $entry, which does not exist"
		commit_identity
		case "$entry" in
		*.commit)
			stage_commit "$i" "$path"
			grep -v -e '^Owned:' -e '^Remove:' "$path" > "$msg"
			;;
		*.patch)
			git_src apply --cached --whitespace=nowarn "$path" ||
				die "patches/$entry does not apply"
			patch_message "$path" "$msg"
			;;
		*)
			die "patches/series: $entry is neither .commit nor .patch"
			;;
		esac
		tree=$(git_src write-tree)
		parent=$(git_src commit-tree "$tree" -p "$parent" -F "$msg")
	done < <(series_entries)
	check_claimed
	check_tip "$parent"
	rm -rf "$msg" "$CLAIMED" "$GIT_INDEX_FILE" "$STATES"
	unset GIT_INDEX_FILE
	TIP=$parent
}

# Take the author and message of a format-patch file.
patch_message()
{
	local patch=$1 out=$2 info tmp

	tmp=$(mktemp -d)
	info=$(git mailinfo "$tmp/msg" "$tmp/patch" < "$patch")
	GIT_AUTHOR_NAME=$(sed -n 's/^Author: //p' <<<"$info")
	GIT_AUTHOR_EMAIL=$(sed -n 's/^Email: //p' <<<"$info")
	{ sed -n 's/^Subject: //p' <<<"$info"; echo; cat "$tmp/msg"; } > "$out"
	rm -rf "$tmp"
}

# Every owned file must belong to exactly one commit of the series.
check_claimed()
{
	local dup lost

	dup=$(LC_ALL=C sort "$CLAIMED" | uniq -d)
	[ -z "$dup" ] || die "owned files claimed by two commits: $dup"
	lost=$(LC_ALL=C comm -23 <(owned_files) <(LC_ALL=C sort "$CLAIMED"))
	[ -z "$lost" ] || die "owned files in no commit of patches/series: $lost"
}

# The series must end with every owned file exactly as kernel/ has it.
check_tip()
{
	local f

	for f in "${OWNED[@]}"; do
		[ "$(git_src rev-parse "$1:$f")" = "$(git hash-object "$TOP/kernel/$f")" ] ||
			die "the series does not end with kernel/$f; check its NAME.diff files"
	done
}

# Move build/linux to the new tip.  Edits made directly in build/linux
# would be lost, so refuse unless FORCE=1.
move_worktree()
{
	local dirty

	[ "$(git_src rev-parse HEAD)" = "$TIP" ] && return 0
	dirty=$(git_src status --porcelain --untracked-files=no)
	if [ -n "$dirty" ] && [ "${FORCE:-0}" != 1 ]; then
		printf '%s\n' "$dirty" >&2
		die "build/linux has local edits; move them into kernel/ or patches/ (or FORCE=1 to drop them)"
	fi
	git_src reset -q --hard "$TIP"
}

main()
{
	mkdir -p "$BUILD"
	ensure_base
	build_series
	move_worktree
	say "prepared build/linux: base + $(git_src rev-list --count base..HEAD) series commits"
}

main "$@"
