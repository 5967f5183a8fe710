/**
 * `ir.module.module`: the modules of the emulated Odoo and their installation state. The modules a new database
 * has (sale_management, stock, account and what they depend on) are installed; the optional ones
 * (`OPTIONAL_MODULES`) are installed when started with them or by `button_immediate_install` (./module-install.ts);
 * the others of the list (./module-catalog.ts) are known and not installable here.
 */
import { immediateInstall } from './module-install.ts';
import { bool, char, defineModel, sel, text } from '../orm/define.ts';
import { valueError } from '../orm/errors.ts';
import type { ModelDef } from '../orm/types.ts';


const STATES: Array<[string, string]> = [
  ['uninstallable', 'Uninstallable'], ['uninstalled', 'Not Installed'], ['installed', 'Installed'],
  ['to upgrade', 'To be upgraded'], ['to remove', 'To be removed'], ['to install', 'To be installed'],
];

const notEmulated = (what: string) => async (): Promise<never> => {
  throw valueError(`The ERP sandbox does not emulate ${what}; modules are installed with button_immediate_install.`);
};

export const irModuleModule: ModelDef = defineModel({
  name: 'ir.module.module',
  description: 'Module',
  order: 'application desc, name',
  fields: {
    name: char('Technical Name', { required: true, readonly: true }),
    shortdesc: char('Module Name', { readonly: true }),
    summary: char('Summary', { readonly: true }),
    description: text('Description', { readonly: true }),
    author: char('Author', { readonly: true }),
    website: char('Website', { readonly: true }),
    license: char('License', { readonly: true }),
    category: char('Category', { readonly: true }),
    latest_version: char('Installed Version', { readonly: true }),
    application: bool('Application', { readonly: true }),
    state: sel('Status', STATES, { default: 'uninstalled', readonly: true }),
  },
  displayName: (a) => `coalesce(${a}.shortdesc, ${a}.name)`,
  methods: {
    button_immediate_install: immediateInstall,
    button_install: notEmulated('deferred installation (button_install)'),
    button_immediate_uninstall: notEmulated('uninstalling modules'),
    button_uninstall: notEmulated('uninstalling modules'),
    button_immediate_upgrade: notEmulated('upgrading modules'),
    create: notEmulated('creating modules'),
    write: notEmulated('writing modules'),
    unlink: notEmulated('deleting modules'),
  },
});
