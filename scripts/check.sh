#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The series' test command: prepare, KUnit under QEMU, the selftests in
# a booted VM, kexec and kdump in booted VMs, static gates, distribution
# compile check; then one closing line summing every test.

. "$(dirname "$0")/lib.sh"

export TALLY=$BUILD/tally
mkdir -p "$BUILD"
: > "$TALLY"

stage()
{
	local name=$1; shift

	"$@" || say "$name: failures (see above)"
}

start=$(date +%s)
"$TOP/scripts/deps.sh"
if ! "$TOP/scripts/prepare.sh"; then
	echo "0 passed, 1 failed"
	exit 1
fi
stage kunit "$TOP/scripts/kunit.sh"
stage selftests "$TOP/scripts/selftest.sh"
stage kexec "$TOP/scripts/kexec.sh"
stage static "$TOP/scripts/static.sh"
stage docs "$TOP/scripts/docs.sh"
stage distro "$TOP/scripts/distro.sh"

echo
if [ -s "$BUILD/kunit.failed" ]; then
	say "KUnit failures:"
	sed 's/^/    /' "$BUILD/kunit.failed"
fi
say "results by stage (passed failed skipped):"
sed 's/^/    /' "$TALLY"
say "make check took $(( $(date +%s) - start )) s"
read -r passed failed skipped < <(awk '{ p += $2; f += $3; s += $4 } END { print p + 0, f + 0, s + 0 }' "$TALLY")
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]
