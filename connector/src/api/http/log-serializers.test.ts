import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-serializers.ts';

describe('what the request log shows of a URL', () => {
  it('never the secret of an inbound path, whatever its shape', () => {
    expect(redactUrl('/inbound/erp/7/s3cr3t')).toBe('/inbound/erp/7/[REDACTED]');
    expect(redactUrl('/inbound/erp/7/s3cr3t?x=1')).toBe('/inbound/erp/7/[REDACTED]?x=[REDACTED]');
    expect(redactUrl('/inbound/erp/s3cr3t')).toBe('/inbound/erp/[REDACTED]');
    expect(redactUrl('/inbound/erp/7/s3cr3t/more')).toBe('/inbound/erp/7/[REDACTED]');
    expect(redactUrl('/inbound/erp/abc/s3cr3t')).toBe('/inbound/erp/[REDACTED]');
  });
  it('the rest as before', () => {
    expect(redactUrl('/api/backends/1?limit=5&token=x')).toBe('/api/backends/1?limit=5&token=[REDACTED]');
  });
});
