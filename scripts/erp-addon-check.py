"""Static check of the Odoo addon in erp-addon/ (no Odoo here): manifest, Python syntax, XML subset.

Odoo's RNG schemas are not on this machine (and not ours to copy), so the XML check is our own schema of the small
subset the addon uses, which is the subset Odoo 17, 18 and 19 all accept: <odoo> with <record> (models and fields
listed below) and <menuitem>; every ref names a record defined earlier or a known Odoo group.
Usage: python3 scripts/erp-addon-check.py <addon dir>; prints one problem per line, exit 1 when any.
"""
import ast
import os
import re
import sys
import xml.etree.ElementTree as ET

REQUIRED_KEYS = {'name': str, 'version': str, 'depends': list, 'data': list, 'assets': dict,
                 'license': str, 'installable': bool}
# three parts: Odoo prefixes its series, so one source installs as 17.0.x, 18.0.x and 19.0.x
VERSION = re.compile(r'^\d+\.\d+\.\d+$')
LICENSES = {'LGPL-3', 'GPL-3', 'AGPL-3', 'OEEL-1', 'OPL-1', 'Other proprietary', 'Other OSI approved licence'}
RECORD_FIELDS = {
    'res.groups': {'name', 'comment', 'implied_ids'},
    'ir.actions.client': {'name', 'tag', 'target', 'context', 'params'},
}
ROOT_ATTRS = {'noupdate'}
RECORD_ATTRS = {'id', 'model', 'forcecreate'}
FIELD_ATTRS = {'name', 'ref', 'eval'}
MENU_ATTRS = {'id', 'name', 'action', 'parent', 'sequence', 'groups', 'web_icon', 'active'}
KNOWN_EXTERNAL = {'base.group_user', 'base.group_system', 'base.group_erp_manager'}
XML_ID = re.compile(r'^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$')


def check_manifest(addon, problems):
    path = os.path.join(addon, '__manifest__.py')
    try:
        manifest = ast.literal_eval(open(path, encoding='utf-8').read())
    except (OSError, ValueError, SyntaxError) as err:
        problems.append('__manifest__.py: not a Python literal (%s)' % err)
        return None
    for key, kind in REQUIRED_KEYS.items():
        if not isinstance(manifest.get(key), kind):
            problems.append('__manifest__.py: %s missing or not a %s' % (key, kind.__name__))
    if isinstance(manifest.get('version'), str) and not VERSION.match(manifest['version']):
        problems.append('__manifest__.py: version %r is not x.y.z' % manifest['version'])
    if manifest.get('license') not in LICENSES:
        problems.append('__manifest__.py: unknown license %r' % manifest.get('license'))
    if 'web' not in manifest.get('depends', []):
        problems.append('__manifest__.py: depends lacks web (the client action is a web asset)')
    files = list(manifest.get('data', [])) + [f for b in manifest.get('assets', {}).values() for f in b]
    name = os.path.basename(os.path.normpath(addon))
    for f in files:
        rel = f[len(name) + 1:] if f.startswith(name + '/') else f
        if not os.path.isfile(os.path.join(addon, rel)):
            problems.append('__manifest__.py: listed file %s does not exist' % f)
    return manifest


def check_python(addon, problems):
    for folder, _dirs, names in os.walk(addon):
        for n in names:
            if n.endswith('.py'):
                path = os.path.join(folder, n)
                try:
                    compile(open(path, encoding='utf-8').read(), path, 'exec')
                except SyntaxError as err:
                    problems.append('%s: %s' % (os.path.relpath(path, addon), err))


def check_attrs(where, el, allowed, problems):
    for a in el.attrib:
        if a not in allowed:
            problems.append('%s: <%s> attribute %s not allowed' % (where, el.tag, a))


def check_xml(addon, manifest, problems):
    name = os.path.basename(os.path.normpath(addon))
    defined = set()
    known = lambda ref: ref in defined or ref in KNOWN_EXTERNAL or ref.startswith(name + '.') and ref[len(name) + 1:] in defined
    for rel in manifest.get('data', []):
        path = os.path.join(addon, rel)
        if not rel.endswith('.xml') or not os.path.isfile(path):
            continue
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as err:
            problems.append('%s: not well-formed XML (%s)' % (rel, err))
            continue
        if root.tag != 'odoo':
            problems.append('%s: root element <%s>, expected <odoo>' % (rel, root.tag))
        check_attrs(rel, root, ROOT_ATTRS, problems)
        for el in root:
            ident = el.get('id', '')
            if not XML_ID.match(ident):
                problems.append('%s: <%s> id %r is not a valid XML id' % (rel, el.tag, ident))
            if el.tag == 'record':
                check_attrs(rel, el, RECORD_ATTRS, problems)
                fields = RECORD_FIELDS.get(el.get('model', ''))
                if fields is None:
                    problems.append('%s: record %s of model %r not in the allowed subset' % (rel, ident, el.get('model')))
                    fields = set()
                for f in el:
                    if f.tag != 'field':
                        problems.append('%s: <%s> inside record %s' % (rel, f.tag, ident))
                        continue
                    check_attrs(rel, f, FIELD_ATTRS, problems)
                    if f.get('name') not in fields:
                        problems.append('%s: field %r not allowed on %s' % (rel, f.get('name'), el.get('model')))
                    if len(f):
                        problems.append('%s: field %s has child elements' % (rel, f.get('name')))
                    if f.get('ref') and not known(f.get('ref')):
                        problems.append('%s: field %s refers to unknown %s' % (rel, f.get('name'), f.get('ref')))
            elif el.tag == 'menuitem':
                check_attrs(rel, el, MENU_ATTRS, problems)
                if len(el):
                    problems.append('%s: menuitem %s has child elements' % (rel, ident))
                for attr in ('action', 'parent'):
                    if el.get(attr) and not known(el.get(attr)):
                        problems.append('%s: menuitem %s %s refers to unknown %s' % (rel, ident, attr, el.get(attr)))
                for g in filter(None, (el.get('groups') or '').split(',')):
                    if not known(g.strip().lstrip('-')):
                        problems.append('%s: menuitem %s group %s unknown' % (rel, ident, g))
            else:
                problems.append('%s: element <%s> not in the allowed subset' % (rel, el.tag))
            defined.add(ident)


def main(addon):
    problems = []
    manifest = check_manifest(addon, problems)
    check_python(addon, problems)
    if manifest is not None:
        check_xml(addon, manifest, problems)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
