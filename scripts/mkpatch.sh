#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Turn edits of files the series does not own, made in build/linux, into
# a patch in patches/ and put it at the end of patches/series (unless it is
# already listed).  The edited files are then restored, so the next
# prepare sees a clean tree and applies the patch itself.
#
# Usage: mkpatch.sh NAME "subject line" FILE... < changelog-body
#   NAME     patch file name without .patch
#   FILE...  paths relative to the kernel tree

. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || die "usage: mkpatch.sh NAME SUBJECT FILE... < body"
name=$1 subject=$2; shift 2
out=$TOP/patches/$name.patch

# A new patch is the edit relative to the prepared tip.  An existing patch
# is rewritten as a whole: the edit relative to the tree before it, which
# is only meaningful if no later commit touches the same files.
from=HEAD
idx=$(grep -v -e '^#' -e '^[[:space:]]*$' "$TOP/patches/series" | grep -nxF "$name.patch" | cut -d: -f1 || true)
if [ -n "$idx" ]; then
	commit=$(git -C "$SRC" rev-list --reverse base..HEAD | sed -n "${idx}p")
	later=$(git -C "$SRC" log --format=%h "$commit"..HEAD -- "$@")
	[ -z "$later" ] || die "later commits ($later) also change $*; edit those patches instead"
	from=$commit^
fi
diff=$(git -C "$SRC" diff "$from" -- "$@")
[ -n "$diff" ] || die "no changes to $* in build/linux"
author="$(git -C "$TOP" config user.name) <$(git -C "$TOP" config user.email)>"
{
	echo "From: $author"
	echo "Subject: [PATCH] $subject"
	echo
	cat
	echo
	echo "Signed-off-by: $author"
	echo "---"
	git -C "$SRC" diff --stat "$from" -- "$@"
	echo
	echo "$diff"
} > "$out"
git -C "$SRC" checkout HEAD -- "$@"
grep -qxF "$name.patch" "$TOP/patches/series" || echo "$name.patch" >> "$TOP/patches/series"
say "wrote patches/$name.patch"
