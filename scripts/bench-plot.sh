#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Plot the table of `make bench` (build/bench.txt) as build/bench.svg:
# the update blackout and its floors against vCPUs, and tdx_enable()
# and its floor against memory.  Uses gnuplot from Debian's archive.
#
# Usage: bench-plot.sh [TABLE [SVG]]

. "$(dirname "$0")/lib.sh"

table=${1:-$BUILD/bench.txt}
svg=${2:-$BUILD/bench.svg}
[ -r "$table" ] || die "no $table: run make bench first"
"$TOP/scripts/deps.sh" gnuplot-nox

dat=$(mktemp -d)
trap 'rm -rf "$dat"' EXIT

# vCPUs, blackout, set latencies + empty stop, latencies as run + empty
# stop, the old definition (first step to last), in ms.
awk '/^Update blackout/ { on = 1; next } on && /^  [0-9]/ {
	printf "%s %.3f %.3f %.3f %.3f\n", $1, $2 / 1000, ($4 + $7) / 1000, ($5 + $7) / 1000, $3 / 1000
} on && /^$/ { on = 0 }' "$table" > "$dat/blackout"
# MiB, tdx_enable(), its floor (ms).
awk '/^Init cost/ { on = 1; next } on && /^  [0-9]/ {
	printf "%s %.3f %.3f\n", $1, $2 / 1000, ($3 + $4 + $5) / 1000
} on && /^$/ { on = 0 }' "$table" > "$dat/init"
[ -s "$dat/blackout" ] && [ -s "$dat/init" ] || die "$table has no blackout or init rows"

gnuplot <<GP
set terminal svg size 1000,420 dynamic font "sans,12"
set output "$svg"
set termoption noenhanced
set multiplot layout 1,2 title "TDX host costs in QEMU (TCG) with the software TDX module"
set key inside left top Left reverse
set grid
set yrange [0:*]
set offsets graph 0.05, graph 0.05, 0, 0
set title "Runtime update: all CPUs stopped"
set xlabel "vCPUs"
set ylabel "ms"
set logscale x 2
set xtics (1, 2, 4, 8, 16, 32)
plot "$dat/blackout" using 1:2 with linespoints lw 2 title "blackout", \
     "" using 1:3 with linespoints dt 2 title "floor: set SEAMCALL latencies + empty stop", \
     "" using 1:4 with linespoints dt 3 title "floor: the calls as run + empty stop", \
     "" using 1:5 with points pt 6 title "old definition: first step to last"
unset logscale x
set title "On-demand initialization: tdx_enable()"
set xlabel "guest memory, MiB"
set xtics auto
set logscale x 2
plot "$dat/init" using 1:2 with linespoints lw 2 title "tdx_enable()", \
     "" using 1:3 with linespoints dt 2 title "floor: PAMT + extensions + module time"
unset multiplot
GP
say "plot in ${svg#$TOP/}"
