import { describe, expect, it } from 'vitest';
import { checkErpAddress, checkErpUrl } from './erp-url.ts';

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('ERP URL policy', () => {
  it('allows http(s) on names, loopback and private LAN addresses (an on-premise Odoo is normal)', () => {
    for (const url of ['https://erp.example.com', 'http://127.0.0.1:8069/odoo', 'http://[::1]:8069', 'http://10.0.0.5:8069', 'http://192.168.1.20', 'http://odoo.lan:8069']) {
      expect(code(() => checkErpUrl(url)), url).toBe('ok');
    }
  });

  it('refuses other schemes, credentials in the URL, link-local and cloud metadata addresses, in any spelling', () => {
    for (const url of [
      'ftp://erp.example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
      'https://admin:secret@erp.example.com',
      'http://169.254.169.254/latest/meta-data',
      'http://169.254.170.2',
      'http://0xa9fea9fe/',
      'http://2852039166/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fe80::1]/',
      'http://[fd00:ec2::254]/',
      'http://100.100.100.200/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://METADATA.GOOGLE.INTERNAL./',
    ]) {
      expect(code(() => checkErpUrl(url)), url).toBe('ERP_URL_REFUSED');
    }
  });

  it('never echoes the credentials of a refused URL', () => {
    try {
      checkErpUrl('https://admin:s3cret@erp.example.com');
    } catch (e) {
      expect(JSON.stringify({ m: (e as Error).message, d: (e as { details: unknown }).details })).not.toContain('s3cret');
    }
  });

  it('checks resolved addresses the same way, and the switch allows link-local for a lab', () => {
    expect(code(() => checkErpAddress('169.254.169.254'))).toBe('ERP_URL_REFUSED');
    expect(code(() => checkErpAddress('fe80::1%eth0'))).toBe('ERP_URL_REFUSED');
    expect(code(() => checkErpAddress('::ffff:a9fe:a9fe'))).toBe('ERP_URL_REFUSED');
    expect(code(() => checkErpAddress('127.0.0.1'))).toBe('ok');
    expect(code(() => checkErpUrl('http://169.254.169.254', { allowLinkLocal: true }))).toBe('ok');
  });
});
