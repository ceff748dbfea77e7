#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the model's conformance table means something.

Each row of the table in arch/x86/virt/vmx/tdx/model/conformance.rst
names a rule of the published TDX module the model implements and the
KUnit case that fails without it.  For every rule listed in MUTATIONS
below, this script takes the rule out of the model in build/linux (one
textual edit), runs only the named case, and expects it to FAIL; then it
puts the rule back.  A rule whose removal no case notices is reported.

With --host, the same for rules of the host code that real platforms
and modules need (HOST_RULES): each edit takes one out again.

Usage: scripts/conformance.py [--host] [RULE...]   (default: every rule)
       scripts/conformance.py --texts   only check that every rule's text
                                        is in the tree exactly once (no
                                        builds; a static gate of make check)
Needs a prepared build/linux (make prepare); takes about half a minute a
rule.
"""
import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(TOP, 'build', 'linux')
MODEL = 'arch/x86/virt/vmx/tdx/model/'

# rule, file, text to find, replacement, KUnit filter (suite.case)
MUTATIONS = [
    ('F1.1', MODEL + 'model.c',
     'if (c->fn & ~(TDX_LEAF_MASK | TDX_LEAF_VERSION_MASK))',
     'if (0)', 'tdx_model.model_test_order'),
    ('F1.2', MODEL + 'model.c',
     '\tif (!version)\n\t\treturn true;\n\tif (version > 1)\n\t\treturn false;',
     '\treturn true;', 'tdx_model.model_test_profiles'),
    ('F1.4', MODEL + 'model.c',
     'if (run->lock_owner >= 0 || run->lock_sharers)\n\t\t\treturn false;',
     'if (0)\n\t\t\treturn false;', 'tdx_model.model_test_sys_busy'),
    ('F1.5', MODEL + 'model.c',
     'return leaf == TDH_SYS_RD || leaf == TDH_SYS_RDALL ||',
     'return leaf != TDH_SYS_INIT && leaf != TDH_SYS_LP_INIT && leaf != TDH_SYS_LP_SHUTDOWN && leaf != 0 &&',
     'tdx_model.model_test_order'),
    ('F2.1-entropy', MODEL + 'model_sys.c',
     '\tif (tdxm_entropy_fails())\n\t\treturn TDX_RND_NO_ENTROPY;\n',
     '', 'tdx_model.model_test_entropy'),
    ('F2.1-outputs', MODEL + 'model_sys.c',
     '\t/* F2.1: the outputs are zeroed first, whatever follows. */\n\tc->out.rcx = 0;',
     '\t/* mutated */\n\tc->out.r11 = 0;', 'tdx_model.model_test_init_outputs'),
    ('F2.1-cmrs', MODEL + 'model_sys.c',
     'if (!tdxm_cmrs_valid())', 'if (0)', 'tdx_model.model_test_cmrs_invalid'),
    ('F3.1-outputs', MODEL + 'model_sys.c',
     '\t/* F3.1: RCX, RDX and R8 are zeroed first. */\n\tc->out.rcx = 0;\n\tc->out.rdx = 0;\n\tc->out.r8 = 0;\n',
     '', 'tdx_model.model_test_error_outputs'),
    ('F2.3', MODEL + 'model_sys.c',
     'if ((c->fn & TDX_LEAF_VERSION_MASK) && c->in.r8)', 'if (0)',
     'tdx_model.model_test_profiles'),
    ('F2.1-seamops', MODEL + 'model_sys.c',
     '\t/* F2.1: SEAMOPS must have the SEAMDB leaves on the INIT LP. */\n\tif (cpumask_test_cpu(c->cpu, &run->old_seamops))',
     '\tif (0)', 'tdx_model.model_test_seam_caps'),
    ('F3.1-seamops', MODEL + 'model_sys.c',
     '\t */\n\tif (cpumask_test_cpu(c->cpu, &run->old_seamops))',
     '\t */\n\tif (0)', 'tdx_init.tdx_lp_init_old_microcode'),
    ('F3.2', MODEL + 'model_sys.c',
     'if (run->module.lp_init_entropy && tdxm_entropy_fails())',
     'if (tdxm_entropy_fails())', 'tdx_model.model_test_entropy'),
    ('F6.1-entropy', MODEL + 'model_sys.c',
     '\tif (tdxm_entropy_fails())\n\t\treturn run->entropy_failures & 1 ?',
     '\tif (0)\n\t\treturn run->entropy_failures & 1 ?',
     'tdx_model.model_test_entropy'),
    ('F4.1-order', MODEL + 'model_tdmr.c',
     '\t/* F4.1: the state and the LP count come before any operand. */\n\tif (run->sys_state != TDX_MODEL_SYSINIT_DONE ||\n\t    !tdxm_all_lps_initialized())\n\t\treturn TDX_SYS_CONFIG_NOT_PENDING;\n\tif (!IS_ALIGNED(c->in.rcx, TDMR_ADDR_ARRAY_ALIGNMENT))\n\t\treturn TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;',
     '\tif (!IS_ALIGNED(c->in.rcx, TDMR_ADDR_ARRAY_ALIGNMENT))\n\t\treturn TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;\n\tif (run->sys_state != TDX_MODEL_SYSINIT_DONE ||\n\t    !tdxm_all_lps_initialized())\n\t\treturn TDX_SYS_CONFIG_NOT_PENDING;',
     'tdx_model.model_test_order'),
    ('F4.2', MODEL + 'model_tdmr.c',
     'if (run->module.hkid_reserved_early)', 'if (1)',
     'tdx_model.model_test_config_hkid_late'),
    ('F5.1-rule2', MODEL + 'model_tdmr.c',
     'if (t->base < prev_end)\n\t\treturn TDX_NON_ORDERED_TDMR | i;',
     'if (0)\n\t\treturn TDX_NON_ORDERED_TDMR | i;', 'tdx_model.model_test_tdmr_rules'),
    ('F5.1-rule4', MODEL + 'model.c',
     'return BIT_ULL(TDXM_MAX_PA_BITS - keyid_bits);',
     'return BIT_ULL(boot_cpu_data.x86_phys_bits - keyid_bits);',
     'tdx_model.model_test_tdmr_rules'),
    ('F5.1-rule5', MODEL + 'model_tdmr.c',
     'if (seen_empty || r->offset < prev_offset ||\n\t\t    r->offset < prev_end)',
     'if (0)', 'tdx_model.model_test_tdmr_rules'),
    ('F5.1-rule6', MODEL + 'model_tdmr.c',
     '\t\t    p[k].size < need)', '\t\t    0)', 'tdx_model.model_test_tdmr_rules'),
    ('F5.1-rule8', MODEL + 'model_tdmr.c',
     'if (start < end && !tdxm_in_reserved(t, start, end))', 'if (0)',
     'tdx_model.model_test_tdmr_rules'),
    ('F5.1-rule10', MODEL + 'model_tdmr.c',
     '\tif (!status)\n\t\tstatus = tdxm_check_tdmr_cmrs(i);\n', '',
     'tdx_model.model_test_tdmr_rules'),
    ('F6.1-configured', MODEL + 'model_sys.c',
     'if (test_bit(pkg, &run->pkgs_keyed))\n\t\treturn TDX_KEY_CONFIGURED;',
     'if (0)\n\t\treturn TDX_KEY_CONFIGURED;', 'tdx_model.model_test_key_config'),
    ('F7.1-chunk', MODEL + 'model_tdmr.c',
     '(u64)tdxm.cfg.tdmr_init_chunk * PAGE_SIZE, end);',
     'end, end);', 'tdx_model.model_test_tdmr_init_chunks'),
    ('F7.1-outputs', MODEL + 'model_tdmr.c',
     '\t/* F7.1: RDX is zeroed first. */\n\tc->out.rdx = 0;\n', '',
     'tdx_model.model_test_error_outputs'),
    ('F8.1-outputs', MODEL + 'model_sys.c',
     '\tc->out.rdx = MD_FIELD_ID_NONE;\n\tc->out.r8 = 0;\n', '',
     'tdx_model.model_test_error_outputs'),
    ('F9.1', MODEL + 'model_sys.c',
     'if (!tdxm_handoff_version_ok(hv))', 'if (0)', 'tdx_model.model_test_shutdown'),
    ('F9.3', MODEL + 'model_sys.c',
     'if (run->module.shutdown_compat) {', 'if (1) {', 'tdx_model.model_test_profiles'),
    ('F10.1', MODEL + 'model_sys.c',
     'if (!run->handoff_valid || run->handoff_hv < mod->min_update_hv ||',
     'if (0 ||', 'tdx_model.model_test_update_bad_handoff'),
    ('F12.1-num-cmrs', MODEL + 'model_sys.c',
     '\t\t*val = TDX_MAX_CMRS;', '\t\t*val = run->nr_cmrs;',
     'tdx_model.model_test_sys_rd_values'),
    ('F12.2', MODEL + 'model_sys.c',
     'return features0 & TDX_FEATURES0_DYNAMIC_PAMT;', 'return true;',
     'tdx_model.model_test_profiles'),
    ('F2.2', MODEL + 'model_tdmr.c',
     '\t    hkid < run->hkid_min || hkid > run->hkid_max)',
     '\t    0)', 'tdx_model.model_test_order'),
    ('F4.3', MODEL + 'model_tdmr.c',
     '\t\tif (c->in.r9 & ~run->module.features0)\n\t\t\treturn TDX_OPERAND_INVALID | TDX_OPERAND_ID_R9;',
     '', 'tdx_model.model_test_addons'),
    ('F5.1-entries', MODEL + 'model_tdmr.c',
     '\t\t       tdxm.cfg.max_reserved_per_tdmr *',
     '\t\t       TDX_MAX_RESERVED_PER_TDMR *', 'tdx_model.model_test_addons'),
    ('F13.1', MODEL + 'model.c',
     '\t\t/* F13.1; the host calls no other leaf. */\n\t\treturn SEAMLDR_EBADPARAM;',
     '\t\treturn SEAMLDR_EUNSUPPORTED;', 'tdx_model.model_test_seamldr_info'),
    ('F13.4', MODEL + 'model_seamldr.c',
     'if (cpumask_test_cpu(c->cpu, &run->installed))\n\t\treturn SEAMLDR_EBADCALL;',
     'if (0)\n\t\treturn SEAMLDR_EBADCALL;',
     'tdx_model.model_test_install_per_lp'),
    ('F13.5-restore', MODEL + 'model_seamldr.c',
     '\tif (status && c->out.rdx != TDXM_SEAMLDR_UNRECOVERABLE)\n\t\trun->sys_state = run->install_from;',
     '\tif (status && c->out.rdx != TDXM_SEAMLDR_UNRECOVERABLE)\n\t\t;',
     'tdx_model.model_test_install_rules'),
    ('F13.5-signature-last', MODEL + 'model_seamldr.c',
     '\tstatus = tdxm_check_manifest(sig, p, update) ?:\n',
     '\tstatus = (tdxm_signature_valid(sig) ? 0 : SEAMLDR_EBADSIG) ?:\n\t\t tdxm_check_manifest(sig, p, update) ?:\n',
     'tdx_model.model_test_install_rules'),
    ('F13.6-fields', MODEL + 'model_seamldr.c',
     '\treturn sig->header_type == SEAM_SIGSTRUCT_HEADER_TYPE &&',
     '\treturn sig->header_type == sig->header_type &&',
     'tdx_model.model_test_install_rules'),
    ('F13.5-key', MODEL + 'model_seamldr.c',
     '\treturn !memcmp(digest, tdxm_test_key_hash, sizeof(digest));',
     '\treturn memcmp(digest, tdxm_test_key_hash, sizeof(digest)) || 1;',
     'tdx_model.model_test_install_rules'),
    ('F13.5-debug', MODEL + 'model_seamldr.c',
     '\tif ((sig->module_type & SEAM_SIGSTRUCT_TYPE_DEBUG) &&\n\t    !tdxm.cfg.debug_platform)',
     '\tif (0)', 'tdx_model.model_test_install_rules'),
    ('F13.5-cpuid', MODEL + 'model_seamldr.c',
     '\t\tif (i == sig->cpuid_table_size)\n\t\t\treturn SEAMLDR_EUNSUPCPU;',
     '', 'tdx_model.model_test_install_rules'),
    ('F13.5-hash', MODEL + 'model_seamldr.c',
     '\tif (!tdxm_seamhash_ok(sig, p))', '\tif (!tdxm_seamhash_ok(sig, p) && 0)',
     'tdx_model.model_test_install_rules'),
    ('F13.5-seam-range', MODEL + 'model_seamldr.c',
     '\tif (!tdxm_fits_seam_range(sig, p))', '\tif (!tdxm_fits_seam_range(sig, p) && 0)',
     'tdx_update.upd_refused_install'),
    ('F2.1-sigstruct', MODEL + 'model_sys.c',
     '\tif (run->sigstruct_mismatch)\n\t\treturn TDX_SYS_INCOMPATIBLE_SIGSTRUCT;', '',
     'tdx_model.model_test_update_sigstruct_mismatch'),
    ('F13.5-entropy', MODEL + 'model_seamldr.c',
     '\tif (tdxm_seamldr_entropy_fails())\n\t\treturn SEAMLDR_ENOENTROPY;', '',
     'tdx_model.model_test_install_rules'),
    ('vmx-operation', MODEL + 'model.c',
     '\tif (cpumask_test_cpu(c->cpu, &run->vmx_off)) {', '\tif (0) {',
     'tdx_model.model_test_vmx'),
    ('F15.3', MODEL + 'model_sys.c',
     '\treturn tdxm.run.addons &&\n', '\treturn 1 &&\n',
     'tdx_model.model_test_addons'),
    ('F15.4', MODEL + 'model_ext.c',
     'if ((info & HPA_LIST_INFO_RESERVED) || first > last ||',
     'if (first > last ||', 'tdx_ext.tdx_ext_model_rules'),
    ('F15.5', MODEL + 'model_ext.c',
     '\tc->out.rcx = (info & ~HPA_LIST_INFO_FIRST_ENTRY) |\n\t\t     FIELD_PREP(HPA_LIST_INFO_FIRST_ENTRY, stop);\n\treturn TDX_INTERRUPTED_RESUMABLE;',
     '\treturn TDX_INTERRUPTED_RESUMABLE;', 'tdx_ext.tdx_ext_resume_forms'),
    ('private-flush', MODEL + 'model.c',
     '\ttdxm_private_flush();\n', '',
     'tdx_init.tdx_enable_happy_path'),
    ('private-reset', MODEL + 'model_private.c',
     'if (p->dirty || (tdxm.cfg.pw_mce_erratum && !p->reset)) {',
     'if (p->dirty) {', 'tdx_model.model_test_private'),
    ('firmware-cmrs', MODEL + 'model_sys.c',
     'if (e->type != E820_TYPE_RAM || start >= end)',
     'if (e->type != E820_TYPE_RAM || start >= end || start == SZ_1M)',
     'tdx_model.model_test_cmrs_firmware'),
]


HOST = 'arch/x86/virt/vmx/tdx/'

# The same check for rules of the host code that real platforms and
# modules need (--host): each edit takes one of them out again.
HOST_RULES = [
    ('kexec-mark-before-seamcall', HOST + 'seamcall.h',
     '\tthis_cpu_write(tdx_cache_incoherent, true);\n', '',
     'tdx_kexec.kexec_test_mark_before_call'),
    ('kexec-flush-marked-cpu', HOST + 'seamcall_lib.c',
     '\tstatic_call(tdx_seam_flush_cpu_cache)();\n', '',
     'tdx_kexec.kexec_test_flush_marked'),
    ('kexec-erratum-excludes', HOST + 'tdx.c',
     'if (!tdx.kexec_images || !boot_cpu_has_bug(X86_BUG_TDX_PW_MCE))',
     'if (1)', 'tdx_kexec.kexec_test_erratum_excludes'),
    ('kexec-module-initialized-before', HOST + 'tdx.c',
     'if (first_since_boot &&\n\t    tdx_status_code(status) == TDX_SYS_INIT_NOT_PENDING) {',
     'if (0) {', 'tdx_kexec.kexec_test_initialized_before'),
    ('flush-before-free', HOST + 'tdx.c',
     '\tif (keyed)\n\t\tstatic_call(tdx_seam_flush_caches)();',
     '\tif (0)\n\t\tstatic_call(tdx_seam_flush_caches)();',
     'tdx_init.tdx_enable_fail_private'),
    ('retry-before-config', HOST + 'tdx.c',
     'if (ret && !tdx.m.configured) {', 'if (0) {',
     'tdx_init.tdx_enable_retry_after_signal'),
    ('future-reserved-areas', HOST + 'tdmr.c',
     'list->entry_bytes = tdmr_entry_bytes(limits->max_reserved_per_tdmr);',
     'list->entry_bytes = sizeof(struct tdmr_info);',
     'tdx_tdmr.tdx_tdmr_future_limits'),
    ('pamt-split-when-fragmented', HOST + 'tdmr.c',
     '\tif (list->nr == list->max || !half)', '\tif (1)',
     'tdx_tdmr.tdx_tdmr_pamt_split'),
    ('optional-version-fields', HOST + 'tdx.c',
     'ret = optional ? tdx_sys_rd_optional(id, &val) : tdx_sys_rd(id, &val);',
     'ret = tdx_sys_rd(id, &val);', 'tdx_init.tdx_enable_fault'),
    ('mce-filters', HOST + 'tdx.c',
     'if (!m || !mce_is_memory_error(m) || !mce_usable_address(m))',
     'if (!m || !(m->status & MCI_STATUS_ADDRV))', 'tdx_init.tdx_mce_info'),
    ('mce-while-keyed', HOST + 'tdx.c',
     'if (tdx_pa_in_pamt(&tdx.m.tdmrs, pa) || tdx_pa_in_ext_pool(pa))\n\t\treturn private;',
     'if (smp_load_acquire(&tdx.m.state) == TDX_MODULE_INITIALIZED &&\n\t    (tdx_pa_in_pamt(&tdx.m.tdmrs, pa) || tdx_pa_in_ext_pool(pa)))\n\t\treturn private;',
     'tdx_init.tdx_mce_during_init'),
    ('tdmr-init-any-chunk', HOST + 'tdx.c',
     'u64 calls = (tdmr->size >> PAGE_SHIFT) + 1;',
     'u64 calls = tdmr->size / (1024 * PAGE_SIZE) + 1;',
     'tdx_init.tdx_enable_tdmr_init_chunks'),
    ('published-handoff-0', HOST + 'seamldr.c',
     'if (h->module_hv < h->min_update_hv) {',
     'if (!h->module_hv || h->module_hv < h->min_update_hv) {',
     'tdx_update.upd_full_update'),
    ('shutdown-bit16-fallback', HOST + 'seamldr.c',
     '\t    (u->shutdown_rcx & TDX_SYS_SHUTDOWN_AVOID_COMPAT_SENSITIVE)) {',
     '\t    0) {', 'tdx_update.upd_compat_fallback'),
    ('refresh-sysinfo', HOST + 'tdx.c',
     '\tsi->features0 = fresh.features0;\n', '',
     'tdx_update.upd_refresh_chain'),
    ('vmx-held', HOST + 'tdx.c',
     '\tif (tdx.vmx_users)\n\t\treturn 0;', '\treturn 0;',
     'tdx_update.upd_without_kvm'),
    ('vmx-checked-in-stop', HOST + 'seamldr.c',
     '\tif (tdx_cpu_in_vmx())\n\t\treturn 0;\n\treturn -ENXIO;', '\treturn 0;',
     'tdx_update.upd_cpu_left_vmx'),
    ('kvm-teardown-waits', 'arch/x86/kvm/vmx/tdx.c',
     '\ttdx_vmx_put();\n\n\tcpus_read_lock();', '\tcpus_read_lock();',
     'kvm_tdx.kvm_tdx_cleanup_waits_for_update'),
    ('no-deadline-after-shutdown', HOST + 'seamldr.c',
     '\t\t\tif (seamldr_abort(u))\n\t\t\t\treturn -ETIMEDOUT;',
     '\t\t\treturn -ETIMEDOUT;', 'tdx_update.upd_slow_install'),
    ('seamldr-entropy-retry', HOST + 'seamldr.c',
     '\tif (res->status == SEAMLDR_ENOENTROPY &&\n\t    u->install_rounds < TDX_NO_ENTROPY_TRIES) {',
     '\tif (0) {', 'tdx_update.upd_seamldr_no_entropy'),
    ('seamldr-info-entropy-retry', HOST + 'seamldr.c',
     '\t} while (status == SEAMLDR_ENOENTROPY && --tries);',
     '\t} while (0);', 'tdx_update.upd_seamldr_info_no_entropy'),
    ('harmless-install-failure', HOST + 'seamldr.c',
     '\tif (u->install_harmless) {\n\t\ttdx_set_module_state_locked',
     '\tif (0) {\n\t\ttdx_set_module_state_locked',
     'tdx_update.upd_refused_install'),
    ('ext-failure-keeps-module', HOST + 'seamldr.c',
     '\tret = tdx_ext_after_update_locked();\n\tif (ret)\n',
     '\tret = tdx_ext_after_update_locked();\n\tif (ret)\n\t\ttdx_set_module_state_locked(TDX_MODULE_DEAD, -ENODEV);\n\tif (ret)\n',
     'tdx_ext.tdx_ext_update_needs_more'),
    ('online-after-loss', 'arch/x86/kvm/vmx/tdx.c',
     '\tif (tdx_host.on && (ret == -ESHUTDOWN || ret == -ENODEV)) {',
     '\tif (0) {', 'kvm_tdx.kvm_tdx_online_after_loss'),
    ('preflight-fields', HOST + 'seamldr.c',
     '\treturn seamldr_check_sigstruct_header(s) ?:\n\t       seamldr_check_sigstruct_body(s, nr) ?:',
     '\treturn (seamldr_check_sigstruct_header(s), 0) ?:\n\t       (seamldr_check_sigstruct_body(s, nr), 0) ?:',
     'tdx_update.upd_preflight'),
    ('preflight-key', HOST + 'seamldr.c',
     '\t       seamldr_check_key(s) ?:', '\t       (seamldr_check_key(s), 0) ?:',
     'tdx_update.upd_preflight'),
    ('preflight-signature', HOST + 'seamldr.c',
     '\t       seamldr_verify_signature(s) ?:', '\t       (seamldr_verify_signature(s), 0) ?:',
     'tdx_update.upd_preflight'),
    ('preflight-hash', HOST + 'seamldr.c',
     '\t       seamldr_check_seamhash(s, parts->module, nr);',
     '\t       (seamldr_check_seamhash(s, parts->module, nr), 0);',
     'tdx_update.upd_preflight'),
    ('preflight-debug', HOST + 'seamldr.c',
     '\t    !tdx_platform_runs_debug_modules()) {',
     '\t    !tdx_platform_runs_debug_modules() && 0) {',
     'tdx_update.upd_preflight'),
    ('preflight-svn', HOST + 'seamldr.c',
     '\treturn seamldr_check_svn(s, ldr) ?:', '\treturn (seamldr_check_svn(s, ldr), 0) ?:',
     'tdx_update.upd_preflight'),
    ('preflight-cpuid', HOST + 'seamldr.c',
     '\t       seamldr_check_cpuid_table(s) ?:', '\t       (seamldr_check_cpuid_table(s), 0) ?:',
     'tdx_update.upd_preflight'),
    ('preflight-handoff', HOST + 'seamldr.c',
     '\t       seamldr_check_handoff(s, handoff_hv);', '\t       (seamldr_check_handoff(s, handoff_hv), 0);',
     'tdx_update.upd_preflight'),
    ('config-v0-default', HOST + 'tdx.c',
     '\tif (addons) {\n\t\tfn |= TDX_LEAF_VERSION(1);',
     '\tif (1) {\n\t\tfn |= TDX_LEAF_VERSION(1);',
     'tdx_ext.tdx_ext_config_version'),
]


def run(cmd):
    return subprocess.run(cmd, cwd=TOP, capture_output=True, text=True)


def check(rule, path, old, new, case):
    full = os.path.join(SRC, path)
    text = open(full).read()
    if text.count(old) != 1:
        return f'{rule}: the rule text is not in {path} exactly once'
    if case is None:
        return f'{rule}: no case (documented in conformance.rst)'
    # A run of the same case that passed before would be taken as is.
    passed = os.path.join(TOP, 'build', 'kunit', '.passed')
    if os.path.exists(passed):
        os.remove(passed)
    open(full, 'w').write(text.replace(old, new))
    try:
        res = run(['scripts/kunit.sh', case])
    finally:
        open(full, 'w').write(text)
        if os.path.exists(passed):
            os.remove(passed)
    if 'Testing complete' not in open(os.path.join(TOP, 'build', 'kunit.log')).read():
        return f'{rule}: the edit does not build or run: not checked'
    failed = res.returncode != 0
    return f'{rule}: without it {case} {"FAILS (good)" if failed else "still PASSES"}'


def texts():
    """Whether every rule of both tables still names code of the tree."""
    bad = 0
    for rule, path, old, _, _ in MUTATIONS + HOST_RULES:
        if open(os.path.join(SRC, path)).read().count(old) != 1:
            print(f'{rule}: the rule text is not in {path} exactly once')
            bad += 1
    return bad


def main():
    args = sys.argv[1:]
    if args == ['--texts']:
        sys.exit(1 if texts() else 0)
    table = MUTATIONS
    if args[:1] == ['--host']:
        table, args = HOST_RULES, args[1:]
    want = set(args)
    bad = 0
    for rule, path, old, new, case in table:
        if want and rule not in want:
            continue
        line = check(rule, path, old, new, case)
        print(line, flush=True)
        bad += 'still PASSES' in line or 'not in' in line or 'not checked' in line
    # Leave the build matching the tree again.
    run(['scripts/kunit.sh', 'tdx_seamcall'])
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
