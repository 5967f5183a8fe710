/** The SKU screen's calls that openapi-fetch's JSON defaults do not cover: the CSV out and in. */
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/openapi';

export type Sku = components['schemas']['Sku'];
export type ErpProduct = components['schemas']['ErpProduct'];
export type ImportResult = components['schemas']['SkuImportResult'];

/** The export's text (the session token goes with it, so a plain link would not do). */
export function exportSkus(backendId: number): Promise<string> {
  return unwrap(api.GET('/api/backends/{id}/skus.csv', { params: { path: { id: backendId } }, parseAs: 'text' })) as Promise<string>;
}

/** Sends a CSV file as is (text/csv) and answers the per-row results. */
export function importSkus(backendId: number, text: string): Promise<ImportResult> {
  return unwrap(
    api.POST('/api/backends/{id}/skus/import', {
      params: { path: { id: backendId } },
      body: text,
      bodySerializer: (b: string) => b,
      headers: { 'content-type': 'text/csv' },
    }),
  );
}

/** Offers `text` as a file download. */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
