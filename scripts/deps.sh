#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the harness needs from Debian's archive, and nothing else.
#
# Usage: deps.sh [extra-package...]

. "$(dirname "$0")/lib.sh"

PKGS=(
	"$BASE_PKG"
	build-essential bc bison flex libelf-dev libssl-dev cpio kmod
	python3 python3-ply python3-git perl rsync xz-utils git
	qemu-system-x86 busybox-static kexec-tools
	sparse ccache
	python3-sphinx python3-yaml
	"$@"
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0

say "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! as_root apt-get install -y -q --no-install-recommends "${missing[@]}"; then
	as_root apt-get update -q
	as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
