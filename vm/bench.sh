#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What `make bench` measures in one boot, run inside the VM.  Prints
# "BENCH key value" lines that scripts/bench.sh turns into its table.
# Kernel command line: bench_updates=N updates are made (default 7);
# bench_boot_only=1 stops after the cost before first use, which with
# slub_debug=U includes the slab objects TDX code allocated at boot;
# bench_init_only=1 stops after the initialization figures.
# Each figure that can be repeated is read several times for a median.

. /lib.sh
out() { echo "BENCH $*"; }
fail() { out error "$*"; exit 1; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Time the model spent in the leaves of the update's critical path, in
# ns: the installs one after another, the per-CPU inits side by side.
critical_busy()
{
	awk -v n="$(grep -c ^processor /proc/cpuinfo)" '
		$1 == "TDH.SYS.LP.INIT" { t += $2 / n; next }
		$1 ~ /^(TDH.SYS.SHUTDOWN|SEAMLDR.INSTALL|TDH.SYS.INIT|TDH.SYS.UPDATE)$/ { t += $2 }
		END { printf "%.0f\n", t }' $M/busy_ns
}

# Update latencies on the critical path, in ns.  Large against the
# scheduling noise of vCPUs on busy host cores, and small enough that the
# CPUs waiting for eight serial installs stay far within their timeout.
LAT_SHUTDOWN=100000000
LAT_INSTALL=50000000
LAT_SYS_INIT=20000000
LAT_LP_INIT=20000000
LAT_UPDATE=100000000
UPDATES=7
BOOT_ONLY=0
INIT_ONLY=0
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	bench_updates=*) UPDATES=${arg#bench_updates=} ;;
	bench_boot_only=1) BOOT_ONLY=1 ;;
	bench_init_only=1) INIT_ONLY=1 ;;
	esac
done

# Live slab objects whose allocation stack passes through TDX host code
# (not the test-only model): "count function" per allocation site, and
# their bytes in all.  Needs slub_debug=U.
slab_by_tdx()
{
	local d name size

	for d in /sys/kernel/debug/slab/*; do
		[ -r "$d/alloc_traces" ] || continue
		name=${d##*/}
		size=$(cat /sys/kernel/slab/"$name"/object_size 2> /dev/null) || continue
		awk -v size="$size" -v cache="$name" '
			function flush() {
				if (count && tdx && !model) {
					print "BENCH boot_slab_site " cache " " count " x " size " " site " from " from
					bytes += count * size
				}
				count = 0; tdx = 0; model = 0; from = ""
			}
			/^ *[0-9]+ / { flush(); count = $1; site = $2; next }
			/^$/ { flush(); next }
			/tdx_model|tdxm_|model_debugfs/ { model = 1 }
			/tdx|seamldr/ { if (!tdx) from = $1; tdx = 1 }
			END { flush(); print "BENCH boot_slab_part " bytes + 0 }
		' "$d/alloc_traces"
	done
}

mount -t debugfs debugfs /sys/kernel/debug
dmesg -n 1

out cpus "$(grep -c ^processor /proc/cpuinfo)"
out mem_kib "$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)"

# Cost before first use: nothing has asked for TDX yet.
out boot_calls "$(awk '$1 == "total" { print $2 }' $M/calls)"
out boot_pages_held "$(awk '$1 == "pages_held" { print $2 }' $M/memory)"
if grep -q 'slub_debug=U' /proc/cmdline; then
	slab_by_tdx > /tmp/slab
	grep -v boot_slab_part /tmp/slab
	out boot_slab_bytes "$(awk '$2 == "boot_slab_part" { s += $3 } END { print s + 0 }' /tmp/slab)"
fi
if [ $BOOT_ONLY = 1 ]; then
	echo "BENCH-END"
	exit 0
fi

# Initialization, with no latency on any leaf.
echo 1 > $M/bringup || fail "bringup"
read -r enable busy < $M/enable_ns
out enable_ns "$enable"
out enable_module_ns "$busy"
floors="" exts=""
for i in 1 2 3 4 5; do
	floors="$floors $(cat $M/pamt_floor_ns)"
	exts="$exts $(cat $M/ext_floor_ns)"
done
out pamt_floor_ns "$(echo "$floors" | median)"
out ext_floor_ns "$(echo "$exts" | median)"
while read -r key val; do
	out "$key" "$val"
done < $M/memory
if [ $INIT_ONLY = 1 ]; then
	echo "BENCH-END"
	exit 0
fi

# Updates, with fixed latencies on the leaves of the critical path.
echo "TDH.SYS.SHUTDOWN $LAT_SHUTDOWN" > $M/latency || fail "latency"
echo "SEAMLDR.INSTALL $LAT_INSTALL" > $M/latency
echo "TDH.SYS.INIT $LAT_SYS_INIT" > $M/latency
echo "TDH.SYS.LP.INIT $LAT_LP_INIT" > $M/latency
echo "TDH.SYS.UPDATE $LAT_UPDATE" > $M/latency
out lat_shutdown_ns $LAT_SHUTDOWN
out lat_install_ns $LAT_INSTALL
out lat_sys_init_ns $LAT_SYS_INIT
out lat_lp_init_ns $LAT_LP_INIT
out lat_update_ns $LAT_UPDATE

stops=""
for i in 1 2 3 4 5 6 7 8 9; do
	stops="$stops $(cat $M/stop_machine_ns)"
done
stop=$(echo "$stops" | median)
out stop_machine_ns "$stop"

# Besides each blackout, the time its critical-path SEAMCALLs actually
# took: more than their latencies when the host runs a vCPU late.
# The steps' time is the definition of the blackout before this one:
# from the lead CPU's first step to the last, out of the kernel's log
# line "... in N us (shutdown A, install B, init C, update D)".
blackouts="" steps="" asrun="" asratio=""
i=0
while [ $i -lt "$UPDATES" ]; do
	busy0=$(critical_busy)
	cp $M/image /tmp/tdx_module.bin
	err=$(upload /tmp/tdx_module.bin)
	[ -z "$err" ] || fail "update: $err"
	b=$(cat $H/last_update_blackout_us)
	calls=$(($(critical_busy) - busy0))
	blackouts="$blackouts $b"
	steps="$steps $(dmesg | grep 'TDX module updated' | tail -n 1 |
		sed 's/.*(shutdown \([0-9]*\), install \([0-9]*\), init \([0-9]*\), update \([0-9]*\)).*/\1 \2 \3 \4/' |
		awk '{ print $1 + $2 + $3 + $4 }')"
	asrun="$asrun $((calls / 1000))"
	asratio="$asratio $(awk -v b="$b" -v c="$calls" -v s="$stop" 'BEGIN { printf "%.3f", b * 1000 / (c + s) }')"
	i=$((i + 1))
done
out blackout_us_all "$(echo $blackouts | tr ' ' ,)"
out blackout_us "$(echo "$blackouts" | median)"
out steps_us_all "$(echo $steps | tr ' ' ,)"
out steps_us "$(echo "$steps" | median)"
out asrun_us_all "$(echo $asrun | tr ' ' ,)"
out asrun_us "$(echo "$asrun" | median)"
out asrun_ratio "$(echo "$asratio" | median)"
dmesg | grep 'virt/seamldr: TDX module updated' | sed 's/^.*virt/BENCH log virt/'
echo "BENCH-END"
