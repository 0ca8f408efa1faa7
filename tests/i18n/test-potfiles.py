#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Keeps the translation machinery honest: po/POTFILES.in must name every
# file under src/ and data/ that holds translatable strings (a file missing
# from it silently ships English only), must not name files that are gone
# (xgettext would fail for translators), and every po file in LINGUAS must
# compile cleanly. Optional arguments are merged desktop/metainfo files
# built by data/meson.build, checked for the German translation; with
# --modir, the compiled catalogue is read back as the programs will read it.
#
# Usage: test-potfiles.py SOURCE_ROOT [--modir BUILD/po] [MERGED_FILE...]

import os
import gettext
import re
import shutil
import subprocess
import sys
import tempfile

# C: _() N_() C_() NC_() and the plural helpers; the string may start on
# the next line. The look-behind keeps g_strdup_printf("…") and friends out.
C_MARKERS = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_)\s*\(\s*"'
    r'|(?<![A-Za-z0-9_])(?:g_d?n?gettext|ngettext|g_dpgettext2?)\s*\(')
UI_MARKER = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
SCHEMA_MARKER = re.compile(r'<(?:summary|description)\b')
C_SUFFIXES = ('.c', '.h', '.cc', '.cpp', '.vala')
SCANNED_DIRS = ('src', 'data')
# Scripts and images that go with the screenshots are not shipped text.
SKIPPED_DIRS = ('data/screenshots',)

failures = 0


def fail(message):
    global failures
    failures += 1
    print('not ok - ' + message)


def is_translatable(rel, text):
    name = os.path.basename(rel)
    if name.endswith(C_SUFFIXES):
        return bool(C_MARKERS.search(text))
    if name.endswith('.ui') or name.endswith('.ui.in'):
        return bool(UI_MARKER.search(text))
    # desktop and AppStream templates are translated as a whole by
    # i18n.merge_file, so they are listed whatever their contents.
    if '.desktop.in' in name or '.metainfo.xml.in' in name or '.appdata.xml.in' in name:
        return True
    if name.endswith('.gschema.xml'):
        return 'gettext-domain' in text and bool(SCHEMA_MARKER.search(text))
    if name.endswith(('.xml', '.xml.in')):
        return bool(UI_MARKER.search(text))
    return False


def scan(root):
    found = set()
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            reldir = os.path.relpath(dirpath, root)
            if reldir.startswith(SKIPPED_DIRS):
                dirnames[:] = []
                continue
            for filename in filenames:
                rel = os.path.join(reldir, filename)
                try:
                    with open(os.path.join(root, rel), encoding='utf-8') as f:
                        text = f.read()
                except (UnicodeDecodeError, OSError):
                    continue
                if is_translatable(rel, text):
                    found.add(rel)
    return found


def read_list(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def check_potfiles(root):
    listed = read_list(os.path.join(root, 'po', 'POTFILES.in'))
    skip_path = os.path.join(root, 'po', 'POTFILES.skip')
    skipped = set(read_list(skip_path)) if os.path.exists(skip_path) else set()
    found = scan(root)
    before = failures

    for rel in sorted(found - set(listed) - skipped):
        fail('%s has translatable strings but is not in po/POTFILES.in' % rel)
    for rel in listed:
        if not os.path.exists(os.path.join(root, rel)):
            fail('po/POTFILES.in lists %s, which does not exist' % rel)
        elif rel not in found:
            fail('po/POTFILES.in lists %s, which has no translatable strings' % rel)
    if listed != sorted(listed):
        fail('po/POTFILES.in is not sorted')
    if len(listed) != len(set(listed)):
        fail('po/POTFILES.in lists a file twice')
    if failures == before:
        print('ok - po/POTFILES.in: %d files listed, %d found' % (len(listed), len(found)))


def check_extraction(root):
    # The same keywords as meson's i18n.gettext(preset: 'glib'): a file that
    # xgettext cannot parse breaks atelier-pot for every translator.
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'atelier.pot')
        cmd = ['xgettext', '--package-name=atelier', '-p', tmp, '-o', pot,
               '-D', root, '-f', os.path.join(root, 'po', 'POTFILES.in'),
               '--from-code=UTF-8', '--add-comments', '-k_', '-kN_',
               '-kC_:1c,2', '-kNC_:1c,2', '-kg_dcgettext:2', '-kg_dngettext:2,3',
               '-kg_dpgettext2:2c,3', '--flag=N_:1:pass-c-format',
               '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
               '--flag=g_dngettext:2:pass-c-format',
               '--flag=g_strdup_printf:1:c-format',
               '--flag=g_string_printf:2:c-format',
               '--flag=g_string_append_printf:2:c-format',
               '--flag=g_error_new:3:c-format',
               '--flag=g_set_error:4:c-format',
               '--flag=g_markup_printf_escaped:1:c-format',
               '--flag=g_log:3:c-format', '--flag=g_print:1:c-format',
               '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
               '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format',
               '--flag=g_snprintf:3:c-format']
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            fail('xgettext failed on po/POTFILES.in:\n' + proc.stderr)
            return
        if not os.path.exists(pot):
            fail('xgettext wrote no template')
            return
        with open(pot, encoding='utf-8') as f:
            count = f.read().count('\nmsgid "') - 1
        print('ok - xgettext extracted %d messages' % count)
        # xgettext stops a literal at a macro such as G_GINT64_FORMAT, so the
        # msgid is cut short and the string is never found at run time. Not
        # fatal (the code belongs to others), but worth seeing in the log.
        with open(pot, encoding='utf-8') as f:
            blocks = f.read().split('\n\n')
        for block in blocks:
            refs = ' '.join(l[3:] for l in block.splitlines() if l.startswith('#: '))
            msgid = ''.join(re.findall(r'^(?:msgid )?"(.*)"$',
                                       block.split('msgid ', 1)[-1].split('\nmsgstr')[0],
                                       re.M)) if 'msgid ' in block else ''
            if re.search(r"(?<!%)(?:%%)*%[-'#0 +]*[0-9]*(?:\.[0-9]+)?$", msgid):
                print('# warning: %s: msgid cut at a format macro, never '
                      'translated: "%s"' % (refs, msgid))


def check_po_files(root):
    linguas = []
    for line in read_list(os.path.join(root, 'po', 'LINGUAS')):
        linguas.extend(line.split())
    if 'de' not in linguas:
        fail('po/LINGUAS does not list de')
    for lang in linguas:
        po = os.path.join(root, 'po', lang + '.po')
        if not os.path.exists(po):
            fail('po/LINGUAS lists %s but %s is missing' % (lang, po))
            continue
        proc = subprocess.run(['msgfmt', '--check', '--check-accelerators=_',
                               '--statistics',
                               '-o', os.devnull, po],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            fail('msgfmt --check %s:\n%s' % (po, proc.stderr))
        else:
            print('ok - %s: %s' % (lang, proc.stderr.strip()))


def check_catalogue(modir):
    # The German catalogue as gettext finds it at run time, plurals included.
    try:
        de = gettext.translation('atelier', localedir=modir, languages=['de'])
    except OSError as e:
        fail('no German catalogue under %s: %s' % (modir, e))
        return
    samples = {'_Generate': '_Generieren', '_Preferences': '_Einstellungen'}
    for english, german in samples.items():
        got = de.gettext(english)
        if got != german:
            fail('catalogue: %r is %r, expected %r' % (english, got, german))
            return
    if de.ngettext('%u file', '%u files', 1) == de.ngettext('%u file', '%u files', 2):
        fail('catalogue: singular and plural of "%u file" are the same')
        return
    print('ok - the compiled German catalogue answers at run time')


def check_merged(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if path.endswith('.desktop'):
        needed = ('Name[de]=', 'Comment[de]=', 'Keywords[de]=')
    else:
        needed = ('xml:lang="de"',)
    for marker in needed:
        if marker not in text:
            fail('%s has no German translation (%s)' % (path, marker))
            return
    print('ok - %s carries the German translation' % os.path.basename(path))


def main():
    if len(sys.argv) < 2:
        print('usage: test-potfiles.py SOURCE_ROOT [--modir DIR] [MERGED_FILE...]', file=sys.stderr)
        return 2
    root = os.path.abspath(sys.argv[1])
    for tool in ('xgettext', 'msgfmt'):
        if shutil.which(tool) is None:
            print('Bail out! %s is not installed (gettext)' % tool)
            return 1
    args = sys.argv[2:]
    modir = None
    if args[:1] == ['--modir']:
        modir = args[1]
        args = args[2:]
    check_potfiles(root)
    check_extraction(root)
    check_po_files(root)
    if modir is not None:
        check_catalogue(modir)
    for merged in args:
        check_merged(merged)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
