/** The backend list's "Secrets" cell: which secrets are stored, set / not set (the API never gives a value). */
import type { components } from '@/api/openapi';

type Secrets = components['schemas']['Backend']['secrets'];

const LABELS: Array<[keyof NonNullable<Secrets>, string]> = [
  ['amazonClientSecret', 'LWA secret'],
  ['amazonRefreshToken', 'refresh token'],
  ['erpApiKey', 'ERP key'],
  ['erpPassword', 'ERP password'],
];

/** "LWA secret set · refresh token not set · ..."; empty when the API said nothing. */
export function secretSummary(s: Secrets): string {
  if (!s) return '';
  return LABELS.map(([k, label]) => `${label} ${s[k] === 'set' ? 'set' : 'not set'}`).join(' · ');
}
