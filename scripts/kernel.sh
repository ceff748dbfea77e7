#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the patched kernel for a real TDX host.
#
#   make kernel                     defconfig + configs/host.config
#   make kernel CONFIG=/boot/config-$(uname -r)
#                                   your configuration + configs/host.config
#   make kernel DEB=1               also build Debian packages (bindeb-pkg)
#
# The result is in build/kernel (and build/*.deb with DEB=1).

. "$(dirname "$0")/lib.sh"

OUT=$BUILD/kernel
CONFIG=${CONFIG:-}
DEB=${DEB:-0}

extra=()
[ "$DEB" = 1 ] && extra=(debhelper dpkg-dev rsync)
"$TOP/scripts/deps.sh" "${extra[@]}"
"$TOP/scripts/prepare.sh"

mkdir -p "$OUT"
if [ -n "$CONFIG" ]; then
	[ -f "$CONFIG" ] || die "CONFIG=$CONFIG: no such file"
	say "starting from $CONFIG"
	cp "$CONFIG" "$OUT/.config"
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" "$TOP/configs/host.config" >/dev/null
	# Distribution configs name signing keys that exist only on their
	# build machines; build without them.
	"$SRC/scripts/config" --file "$OUT/.config" --set-str SYSTEM_TRUSTED_KEYS "" \
		--set-str SYSTEM_REVOCATION_KEYS "" --disable DEBUG_INFO_BTF
	"${KMAKE[@]}" O="$OUT" olddefconfig >/dev/null
	check_config "$OUT/.config" "$TOP/configs/host.config"
else
	kconfig_build "$OUT" defconfig "$TOP/configs/host.config"
fi

if [ "$DEB" = 1 ]; then
	"${KMAKE[@]}" O="$OUT" bindeb-pkg
	say "Debian packages: $(ls "$OUT"/../*.deb 2>/dev/null | tr '\n' ' ')"
else
	"${KMAKE[@]}" O="$OUT" bzImage modules
	say "kernel: build/kernel/arch/x86/boot/bzImage; install with:"
	say "  sudo make -C build/linux O=$OUT modules_install install"
fi
