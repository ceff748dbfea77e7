# SPDX-License-Identifier: GPL-2.0
# The TDX host series harness.  See README.md.

.PHONY: all check demo bench kernel series prepare deps kunit selftest kexec \
	static docs distro clean distclean

all: check

check:			## prepare, build, run every test; ends with "N passed, N failed"
	@scripts/check.sh

demo:			## boot the series in QEMU with the software TDX module
	@scripts/demo.sh

bench:			## measure blackout, init and memory costs against their floors
	@scripts/bench.sh

kernel:			## build the patched kernel for a real TDX host (CONFIG=, DEB=1)
	@scripts/kernel.sh

series:			## export the series as patches, check git am and bisectability
	@scripts/series.sh

prepare: deps		## build/linux = pristine base + the series
	@scripts/prepare.sh

deps:			## install what is missing from Debian's archive
	@scripts/deps.sh

kunit: prepare		## only the KUnit suites
	@scripts/kunit.sh

selftest: prepare	## only the selftests in the booted VM
	@scripts/selftest.sh

kexec: prepare		## only kexec and kdump in booted VMs
	@scripts/kexec.sh

static: prepare		## only the static gates
	@scripts/static.sh

docs: prepare		## only the documentation build
	@scripts/docs.sh

distro: prepare		## only the distribution compile check
	@scripts/distro.sh

clean:			## remove build outputs, keep the prepared tree
	rm -rf build/kunit build/static build/distro build/demo build/bench* \
		build/kernel build/series* build/selftests build/kexec build/docs

distclean:		## remove everything under build/
	rm -rf build
