# SPDX-License-Identifier: GPL-2.0
# Common settings for the series harness; sourced by every script.

set -euo pipefail

# Debian's tools first: the kernel's scripts need Debian's python3 modules
# (python3-ply, python3-git), not another interpreter earlier in PATH.
export PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
SRC=$BUILD/linux
JOBS=${JOBS:-$(nproc)}
TARBALL=/usr/src/linux-source-6.12.tar.xz
BASE_PKG=linux-source-6.12

# Every kernel build goes through ccache and builds out of tree, so the
# prepared source tree only ever holds the series.
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_BASEDIR=$TOP
# Kbuild maps the source path out of __FILE__ with -fmacro-prefix-map, so
# the output does not depend on where the clone is; keep the option out of
# ccache's hash so that another clone (CI's, say) hits the same cache.
export CCACHE_IGNOREOPTIONS='-fmacro-prefix-map=*'
KMAKE=(make -s -C "$SRC" -j"$JOBS" "CC=ccache gcc")

say()  { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Run as root or through sudo, whichever this machine offers.
as_root()
{
	if [ "$(id -u)" = 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# Concatenate configuration fragments.  They may repeat a symbol; keep
# its last setting only.
merge_fragments()
{
	cat "$@" | tac | awk '{
		key = $0
		if (match($0, /^CONFIG_[A-Za-z0-9_]+/)) key = substr($0, RSTART, RLENGTH)
		else if ($0 ~ /^# CONFIG_.* is not set$/) key = $2
		if (!seen[key]++) print
	}' | tac
}

# Configure build directory $1 from the make target $2 (alldefconfig,
# defconfig, ...) plus the fragments that follow.  For the all*config
# targets the fragments go in through KCONFIG_ALLCONFIG, so that defaults
# depending on them (NR_CPUS on SMP, say) are computed with them in place.
kconfig_build()
{
	local out=$1 start=$2 all; shift 2

	mkdir -p "$out"
	case "$start" in
	all*config)
		all=$out/.allconfig
		merge_fragments "$@" > "$all"
		"${KMAKE[@]}" O="$out" KCONFIG_ALLCONFIG="$all" "$start" >/dev/null
		;;
	*)
		"${KMAKE[@]}" O="$out" "$start" >/dev/null
		"$SRC/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$@" >/dev/null
		;;
	esac
	"${KMAKE[@]}" O="$out" olddefconfig >/dev/null
	check_config "$out/.config" "$@"
}

# Every option a fragment asks for must survive olddefconfig; a dropped
# option means an unmet dependency, which would silently test less.
check_config()
{
	local config=$1 frag line sym val bad=0; shift

	for frag in "$@"; do
		while IFS= read -r line; do
			case "$line" in
			CONFIG_*=*)
				sym=${line%%=*}; val=${line#*=}
				grep -qxF "$sym=$val" "$config" || {
					warn "$(basename "$frag"): $sym=$val did not stick"; bad=1; }
				;;
			"# CONFIG_"*" is not set")
				sym=${line#\# }; sym=${sym%% *}
				if grep -q "^$sym=[ym]" "$config"; then
					warn "$(basename "$frag"): $sym is still set"; bad=1
				fi
				;;
			esac
		done < "$frag"
	done
	[ $bad = 0 ] || die "configuration fragments did not apply cleanly"
}

# checkpatch --strict on every patch in directory $1 (a cover letter
# aside), as a reviewer receives them; prints what it finds and fails if
# it finds anything.  New files without a MAINTAINERS change in the same
# patch are expected: the series adds one MAINTAINERS entry for all.
checkpatch_patches()
{
	local p out bad=0

	for p in "$1"/*.patch; do
		case "$p" in */0000-cover-letter.patch) continue ;; esac
		out=$(cd "$SRC" && scripts/checkpatch.pl --strict --quiet --no-summary \
			--ignore FILE_PATH_CHANGES "$p" 2>&1) || true
		if [ -n "$out" ]; then
			echo "checkpatch: $(basename "$p")"
			printf '%s\n' "$out"
			bad=1
		fi
	done
	return $bad
}

# A stage whose inputs are the prepared tree and a .config can skip its
# work when neither changed since it last passed.  The stamp names both.
stage_stamp() { echo "$(git -C "$SRC" rev-parse HEAD) $(sha1sum < "$1/.config")"; }
stage_unchanged() { [ -f "$1/.passed" ] && [ "$(cat "$1/.passed")" = "$(stage_stamp "$1")" ]; }
stage_passed() { stage_stamp "$1" > "$1/.passed"; }

# The kernel the demo and the VM selftests boot: a small QEMU guest with
# the TDX host code, its userspace interface and the software TDX module.
# The kernel's memory map carved up below 2 GiB the way an Emerald Rapids
# host's e820 is (16 usable ranges there): 20 one-page memmap=
# reservations, 64 MiB apart from 256 MiB on (the kernel keeps its own
# image RAM, whatever memmap= says).  The firmware's view, from which the
# model takes its CMRs, stays whole.  KUnit and the selftest VM boot
# with it.
FRAGMENTED_MEMMAP="memmap=$(for i in $(seq 4 23); do printf '4K$%#x,' $((i << 26)); done)"
FRAGMENTED_MEMMAP=${FRAGMENTED_MEMMAP%,}
VM_KERNEL_OUT=$BUILD/demo

# The test VM's initramfs: busybox, vm/init, RUN as /run.sh, vm/lib.sh
# and the files under EXTRA (if not empty).
# Usage: make_initramfs RUN EXTRA OUT
make_initramfs()
{
	local run=$1 extra=$2 out=$3 root

	root=$(mktemp -d)
	mkdir -p "$root"/{bin,dev,proc,sys,tmp}
	cp /bin/busybox "$root/bin/busybox"
	cp "$TOP/vm/init" "$root/init"
	cp "$run" "$root/run.sh"
	cp "$TOP/vm/lib.sh" "$root/lib.sh"
	[ -z "$extra" ] || cp -r "$extra"/. "$root/"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
	rm -rf "$root"
}

# What a VM needs to start a kernel with kexec: Debian's kexec and
# vmcore-dmesg in /usr/sbin with their libraries, BZIMAGE as
# /boot/bzImage and, as /boot/initrd, an initramfs with RUN and the same
# programs.  Usage: kexec_extra DIR BZIMAGE RUN
kexec_extra()
{
	local dir=$1 image=$2 run=$3 prog lib tools

	tools=$(mktemp -d)
	mkdir -p "$tools/usr/sbin"
	for prog in /usr/sbin/kexec /usr/sbin/vmcore-dmesg; do
		cp "$prog" "$tools/usr/sbin/"
		for lib in $(ldd "$prog" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
						$1 ~ /^\// { print $1 }'); do
			mkdir -p "$tools$(dirname "$lib")"
			cp -L "$lib" "$tools$lib"
		done
	done
	rm -rf "$dir" && mkdir -p "$dir/boot"
	cp -r "$tools"/. "$dir/"
	cp "$image" "$dir/boot/bzImage"
	make_initramfs "$run" "$tools" "$dir/boot/initrd"
	rm -rf "$tools"
}
build_vm_kernel()
{
	kconfig_build "$VM_KERNEL_OUT" alldefconfig "$TOP/configs/vm.config"
	"${KMAKE[@]}" O="$VM_KERNEL_OUT" bzImage
}
