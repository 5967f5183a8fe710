/** The Odoo modules the sandbox lists in `ir.module.module`, and those a new database has installed. */

/** What `ir.module.module` lists about a module (its manifest). */
export interface KnownModule {
  name: string;
  shortdesc: string;
  summary: string;
  category: string;
  application: boolean;
  depends: string[];
}

/**
 * The modules the sandbox lists, from their Odoo 19 manifests. A branch adding an optional module adds its line
 * here (one per line, so they merge).
 */
export const KNOWN_MODULES: KnownModule[] = [
  { name: 'base', shortdesc: 'Base', summary: '', category: 'Hidden/Core', application: false, depends: [] },
  { name: 'web', shortdesc: 'Web', summary: '', category: 'Hidden', application: false, depends: ['base'] },
  { name: 'mail', shortdesc: 'Discuss', summary: 'Chat, mail gateway and private channels', category: 'Productivity/Discuss', application: true, depends: ['base', 'web'] },
  { name: 'uom', shortdesc: 'Units of measure', summary: '', category: 'Sales/Sales', application: false, depends: ['base'] },
  { name: 'product', shortdesc: 'Products & Pricelists', summary: '', category: 'Sales/Sales', application: false, depends: ['base', 'mail', 'uom'] },
  { name: 'analytic', shortdesc: 'Analytic Accounting', summary: '', category: 'Accounting/Accounting', application: false, depends: ['base', 'mail', 'uom'] },
  { name: 'account', shortdesc: 'Invoicing', summary: 'Invoices & Payments', category: 'Accounting/Accounting', application: true, depends: ['base_setup', 'product', 'analytic'] },
  { name: 'base_setup', shortdesc: 'Initial Setup Tools', summary: '', category: 'Hidden', application: false, depends: ['base', 'web'] },
  { name: 'sale', shortdesc: 'Sales', summary: '', category: 'Sales/Sales', application: false, depends: ['sales_team', 'account', 'utm'] },
  { name: 'sales_team', shortdesc: 'Sales Teams', summary: 'Sales Teams', category: 'Sales/Sales', application: false, depends: ['base', 'mail'] },
  { name: 'utm', shortdesc: 'UTM Trackers', summary: '', category: 'Marketing', application: false, depends: ['base', 'web'] },
  { name: 'sale_management', shortdesc: 'Sales', summary: 'From quotations to invoices', category: 'Sales/Sales', application: true, depends: ['sale', 'digest'] },
  { name: 'digest', shortdesc: 'KPI Digests', summary: '', category: 'Productivity', application: false, depends: ['mail', 'portal', 'resource'] },
  { name: 'stock', shortdesc: 'Inventory', summary: 'Manage your stock and logistics activities', category: 'Supply Chain/Inventory', application: true, depends: ['product', 'barcodes_gs1_nomenclature', 'digest'] },
  { name: 'stock_account', shortdesc: 'WMS Accounting', summary: 'Inventory, Logistic, Valuation, Accounting', category: 'Supply Chain/Inventory', application: false, depends: ['stock', 'account'] },
  { name: 'sale_stock', shortdesc: 'Sales and Warehouse Management', summary: 'Quotation, Sales Orders, Delivery & Invoicing Control', category: 'Sales/Sales', application: false, depends: ['sale', 'stock_account'] },
  { name: 'base_vat', shortdesc: 'VAT Number Validation', summary: 'VAT validation for Partner\'s VAT numbers', category: 'Accounting/Accounting', application: false, depends: ['account'] },
  { name: 'base_automation', shortdesc: 'Automation Rules', summary: 'Automatic actions', category: 'Sales/Sales', application: false, depends: ['base', 'resource', 'mail', 'sms'] },
  { name: 'delivery', shortdesc: 'Delivery Costs', summary: 'Compute shipping costs', category: 'Sales/Sales', application: false, depends: ['sale'] },
  { name: 'stock_delivery', shortdesc: 'Delivery - Stock', summary: 'Integration between inventory and delivery', category: 'Supply Chain/Inventory', application: false, depends: ['stock', 'delivery'] },
];

/** The modules a new database of the recordings has (sale_management, stock, account and their dependencies). */
export const BASE_INSTALLED = new Set(['base', 'web', 'mail', 'uom', 'product', 'analytic', 'account', 'base_setup', 'sale', 'sales_team',
  'utm', 'sale_management', 'digest', 'stock', 'stock_account', 'sale_stock']);
