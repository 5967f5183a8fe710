/**
 * The set-up report's one-click fixes: what the set-up can do itself once it is given consent for one run. Each
 * names the problem codes it cures; a report offers the fixes of the problems it holds. A fix is a set-up run
 * with that consent (the same path as `POST /backends/{id}/setup {"createMissing": true}`), so nothing here
 * writes to the ERP on its own.
 */
import type { SetupReport } from './setup.ts';

export interface SetupFix {
  id: string;
  title: string;
  /** What the run will change in the ERP (the person's consent is to this). */
  description: string;
  /** The problem codes it cures. */
  codes: readonly string[];
  /** The consent given to the set-up run. */
  options: { createMissing?: boolean; installModules?: boolean };
}

export const SETUP_FIXES: readonly SetupFix[] = [
  {
    id: 'create-accounting',
    title: 'Create the missing accounting configuration',
    description: 'activates the currencies of the marketplaces, creates the missing tax groups, VAT taxes and fiscal positions, and sets the company to round taxes per line',
    codes: ['CURRENCY_INACTIVE', 'TAX_GROUP_MISSING', 'TAX_UNMAPPED', 'FISCAL_POSITION_UNMAPPED', 'ROUNDING_GLOBAL'],
    options: { createMissing: true },
  },
  {
    id: 'install-modules',
    title: 'Install the missing ERP modules',
    description: 'installs the Odoo modules the switched-on flows need (button_immediate_install), as an administrator would from the Apps menu',
    codes: ['MODULE_MISSING'],
    options: { installModules: true },
  },
];

/** Whether the set-up can cure this problem: a module the ERP does not even have is not installable. */
const curable = (fix: SetupFix, p: { code: string; message: string }) => fix.codes.includes(p.code) && !(p.code === 'MODULE_MISSING' && / is not available in this ERP/.test(p.message));

/** The fixes a report offers (one per kind, in the catalogue's order). */
export function fixesFor(problems: SetupReport['problems']): SetupFix[] {
  return SETUP_FIXES.filter((f) => problems.some((p) => curable(f, p)));
}

export const setupFix = (id: string): SetupFix | undefined => SETUP_FIXES.find((f) => f.id === id);
