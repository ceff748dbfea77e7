#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Carry an edit of kernel/ into every commit of the series.

When scripts/prepare.sh says an edit of kernel/ no longer fits a later
commit's NAME.diff:

    scripts/stages.sh export /tmp/st
    scripts/restage.py /tmp/st      # the edit, as a diff against the last
                                    # prepared build/linux, patched into
                                    # every directory holding the file
    (fix what it reports as FAILED: hunks into code a later commit adds
     are expected to fail; hunks that land in a commit too early must be
     taken out by hand)
    scripts/stages.sh import /tmp/st
"""
import os
import subprocess
import sys
import tempfile

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src=top+'/build/linux'
st=sys.argv[1]
dirs=sorted(d for d in os.listdir(st) if os.path.isdir(os.path.join(st,d)))
owned=subprocess.run(['git','-C',top,'ls-files','kernel/'],capture_output=True,text=True).stdout.split()
owned+=subprocess.run(['git','-C',top,'ls-files','--others','--exclude-standard','kernel/'],capture_output=True,text=True).stdout.split()
for f in owned:
    rel=f[len('kernel/'):]
    old=subprocess.run(['git','-C',src,'show','HEAD:'+rel],capture_output=True,text=True)
    if old.returncode: 
        continue
    new=open(os.path.join(top,f)).read()
    if old.stdout==new: continue
    with tempfile.NamedTemporaryFile('w',delete=False) as t:
        t.write(old.stdout)
    d=subprocess.run(['diff','-u',t.name,os.path.join(top,f)],capture_output=True,text=True).stdout
    os.unlink(t.name)
    for dd in dirs[:-1]:
        path=os.path.join(st,dd,rel)
        if not os.path.exists(path): continue
        r=subprocess.run(['patch','-N','--no-backup-if-mismatch','-r','-','-s',path],input=d,capture_output=True,text=True)
        print(f'{dd}: {rel}: {"ok" if not r.returncode else r.stdout.strip()}')
