#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Measure what TDX costs against what the work cannot go below, in QEMU
# with the software TDX module: the update blackout at 1 to 32 vCPUs,
# tdx_enable() at 1 to 8 GiB, PAMT and TDMR sizes, and
# what is spent before first use.  One boot per configuration; each boot
# runs vm/bench.sh.  Prints a table of ratios (build/bench.txt) and plots
# it (build/bench.svg, scripts/bench-plot.sh); logs go to build/bench-*.log.
#
# BENCH_CPUS and BENCH_MEMS choose the configurations (vCPU counts at
# 2048 MiB, memory sizes in MiB at 2 vCPUs).  tdx_enable() runs once per
# boot, and one run under TCG can be several times slower than the next
# (the vCPU threads share the host's cores): BENCH_INIT_BOOTS boots per
# memory size (default 3) give the median.
#
# The vCPUs run under TCG; with more vCPUs than host CPUs the host runs
# them late, which the table shows as "late" (how much longer the
# critical-path SEAMCALLs took than their set latencies).  BENCH_TCG and
# BENCH_PIN choose how QEMU runs them (VM_TCG and VM_PIN of scripts/vm.sh).
# The default, one host thread running the vCPUs in turn and moving on
# at each PAUSE, keeps a spinning vCPU from holding a host CPU that the
# vCPU doing the work needs: at 8 vCPUs on 2 host CPUs it ran the calls
# 0.2% late, a thread per vCPU 4% late, and pinned threads 17%.

. "$(dirname "$0")/lib.sh"

BENCH_CPUS=${BENCH_CPUS:-1 2 4 8 16 32}
BENCH_MEMS=${BENCH_MEMS:-1024 2048 4096 8192}
BENCH_INIT_BOOTS=${BENCH_INIT_BOOTS:-3}
export VM_TCG=${BENCH_TCG:-single} VM_PIN=${BENCH_PIN:-0}

"$TOP/scripts/deps.sh"
"$TOP/scripts/prepare.sh"
say "building the VM kernel (build/demo)"
build_vm_kernel
image=$VM_KERNEL_OUT/arch/x86/boot/bzImage

smp_of()
{
	case "$1" in
	1|2) echo "$1" ;;
	*) echo "$1,sockets=2,cores=$(($1 / 2))" ;;
	esac
}

# Boot once with $1 vCPUs and $2 MiB, log to $3, more kernel args after.
boot()
{
	local n=$1 m=$2 log=$3; shift 3

	VM_SMP=$(smp_of "$n") VM_MEM=$m VM_TIMEOUT=${VM_TIMEOUT:-900} \
		"$TOP/scripts/vm.sh" "$image" "$TOP/vm/bench.sh" "$log" \
		tdx_model=ext tdx_addons=0x8000000000 "$@" > /dev/null || die "the VM did not finish (log: $log)"
	grep -q '^BENCH-END' "$log" || die "the benchmark did not complete (log: $log)"
}

# Value of "BENCH $2 value" in the log of $1.
val() { awk -v k="$2" '$1 == "BENCH" && $2 == k { print $3; exit }' "$1"; }
logof() { echo "$BUILD/bench-$1cpu-$2m.log"; }

declare -A done_boot
for n in $BENCH_CPUS; do
	say "boot: $n vCPUs, 2048 MiB"
	boot "$n" 2048 "$(logof "$n" 2048)"
	done_boot[$n-2048]=1
done
for m in $BENCH_MEMS; do
	[ -n "${done_boot[2-$m]:-}" ] && continue
	say "boot: 2 vCPUs, $m MiB"
	boot 2 "$m" "$(logof 2 "$m")"
	done_boot[2-$m]=1
done

# More boots for the initialization figures, which come once per boot.
initlogs()
{
	local k

	logof 2 "$1"
	for k in $(seq 2 "$BENCH_INIT_BOOTS"); do
		echo "$BUILD/bench-2cpu-$1m-init$k.log"
	done
}
for m in $BENCH_MEMS; do
	for k in $(seq 2 "$BENCH_INIT_BOOTS"); do
		say "boot: 2 vCPUs, $m MiB, initialization only ($k of $BENCH_INIT_BOOTS)"
		boot 2 "$m" "$BUILD/bench-2cpu-${m}m-init$k.log" bench_init_only=1
	done
done
# Median over the boots of $1 of "BENCH $2 value".
medval()
{
	local l

	for l in $(initlogs "$1"); do
		val "$l" "$2"
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# Slab objects need allocation tracking, which slows every allocation:
# a boot of its own that stops after the cost before first use.
say "boot: 2 vCPUs, 2048 MiB, slab allocation tracking"
boot 2 2048 "$BUILD/bench-boot.log" slub_debug=U bench_boot_only=1

# How QEMU ran the vCPUs, for the table's heading.
tcg_mode()
{
	local m=$VM_TCG

	[ "$VM_PIN" = 1 ] && m="$m, vCPU threads pinned"
	echo "$m on $(nproc) host CPUs"
}

table=$BUILD/bench.txt
{
	echo "Update blackout: stop_machine() called to returned (old: the lead CPU's first step"
	echo "to the last); median of $(val "$(logof "${BENCH_CPUS%% *}" 2048)" blackout_us_all | tr , '\n' | wc -l) updates; TCG $(tcg_mode)"
	printf '  %-6s %10s %10s %10s %10s %6s %8s %7s %7s  %s\n' vCPUs "blackout" "old" "set us" "ran us" late "stop us" ratio "ratio'" "target"
	for n in $BENCH_CPUS; do
		l=$(logof "$n" 2048)
		awk -v n="$n" -v b="$(val "$l" blackout_us)" -v o="$(val "$l" steps_us)" \
		    -v s="$(val "$l" stop_machine_ns)" \
		    -v sd="$(val "$l" lat_shutdown_ns)" -v ins="$(val "$l" lat_install_ns)" \
		    -v si="$(val "$l" lat_sys_init_ns)" -v lp="$(val "$l" lat_lp_init_ns)" \
		    -v up="$(val "$l" lat_update_ns)" -v ar="$(val "$l" asrun_us)" \
		    -v rr="$(val "$l" asrun_ratio)" -v t="ratio' <= 1.05" 'BEGIN {
			calls = (sd + n * ins + si + lp + up) / 1000
			printf "  %-6s %10.0f %10.0f %10.0f %10.0f %5.1f%% %8.0f %7.3f %7.3f  %s\n", n, b, o,
			       calls, ar, (ar / calls - 1) * 100, s / 1000, b / (calls + s / 1000), rr, t
		}'
	done
	echo "  set: the latencies set on the critical path (SHUTDOWN + N x INSTALL + INIT +"
	echo "  LP.INIT + UPDATE); ran: the time those calls took as the host ran the vCPUs;"
	echo "  late = ran / set - 1; stop: one stop_machine() of nothing with the same CPUs;"
	echo "  ratio = blackout / (set + stop); ratio' = blackout / (ran + stop), per update."
	echo
	echo "Init cost: tdx_enable() / (allocate + zero + free the same PAMT and extension pool"
	echo "           + the model's own time in the SEAMCALLs), no leaf latency; 2 vCPUs;"
	echo "           each figure the median of $BENCH_INIT_BOOTS boots (enable us of each boot in brackets)"
	printf '  %-6s %10s %10s %10s %10s %8s  %-8s %s\n' MiB "enable us" "PAMT us" "ext us" "module us" ratio target "each boot"
	for m in $BENCH_MEMS; do
		each=$(for l in $(initlogs "$m"); do
			awk '$1 == "BENCH" && $2 == "enable_ns" { printf "%.0f ", $3 / 1000 }' "$l"
		done)
		awk -v m="$m" -v e="$(medval "$m" enable_ns)" -v p="$(medval "$m" pamt_floor_ns)" \
		    -v x="$(medval "$m" ext_floor_ns)" -v b="$(medval "$m" enable_module_ns)" \
		    -v each="${each% }" 'BEGIN {
			printf "  %-6s %10.0f %10.0f %10.0f %10.0f %8.3f  %-8s [%s]\n", m, e / 1000,
			       p / 1000, x / 1000, b / 1000, e / (p + x + b), "<= 1.2", each
		}'
	done
	echo
	echo "Memory: PAMT given / PAMT the module requires; TDMR coverage / 1 GiB-aligned RAM spans"
	printf '  %-6s %14s %14s %8s %14s %14s %8s\n' MiB "PAMT given" required ratio "TDMR bytes" "RAM spans" ratio
	for m in $BENCH_MEMS; do
		l=$(logof 2 "$m")
		awk -v m="$m" -v g="$(val "$l" pamt_given_bytes)" -v r="$(val "$l" pamt_required_bytes)" \
		    -v t="$(val "$l" tdmr_bytes)" -v s="$(val "$l" ram_gib_span_bytes)" 'BEGIN {
			printf "  %-6s %14.0f %14.0f %8.3f %14.0f %14.0f %8.3f\n", m, g, r, g / r, t, s, t / s
		}'
	done
	echo "  (targets: PAMT exactly 1.000, coverage <= 1.000)"
	echo
	echo "Before first use (boot to the first tdx_enable()): target 0 and 0"
	printf '  %-6s %-6s %18s %12s\n' vCPUs MiB "TDX pages held" SEAMCALLs
	for key in "${!done_boot[@]}"; do
		n=${key%-*} m=${key#*-}
		l=$(logof "$n" "$m")
		printf '  %-6s %-6s %18s %12s\n' "$n" "$m" "$(val "$l" boot_pages_held)" "$(val "$l" boot_calls)"
	done | sort -n
	l=$BUILD/bench-boot.log
	echo "  slab objects live after boot whose allocation passed through TDX code"
	echo "  (slub_debug=U; test-only model excluded): $(val "$l" boot_slab_bytes) bytes, by TDX function:"
	awk '$1 == "BENCH" && $2 == "boot_slab_site" {
		fn = $NF; sub(/\+.*/, "", fn); bytes[fn] += $4 * $6; objs[fn] += $4
	} END { for (fn in bytes) printf "    %-24s %6d bytes in %3d objects\n", fn, bytes[fn], objs[fn] }' "$l" | sort
} > "$table"
cat "$table"
"$TOP/scripts/bench-plot.sh" "$table" "$BUILD/bench.svg"
say "table in build/bench.txt, plot in build/bench.svg; logs in build/bench-*.log"
