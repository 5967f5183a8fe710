import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring, decodeKey, emailKey, keyIdOf } from './crypto.ts';

describe('keyring', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it('seals and opens, and the blob does not contain the plaintext', () => {
    const ring = createKeyring(k1);
    const blob = ring.seal('refresh-token-Atzr|secret', 'backend:1');
    expect(blob.keyId).toBe(keyIdOf(k1));
    expect(blob.sealed.includes(Buffer.from('refresh-token'))).toBe(false);
    expect(ring.open(blob, 'backend:1').toString()).toBe('refresh-token-Atzr|secret');
    // A fresh IV every time: the same plaintext never seals to the same bytes.
    expect(ring.seal('x').sealed.equals(ring.seal('x').sealed)).toBe(false);
  });

  it('refuses a tampered blob, another context and an unknown key', () => {
    const ring = createKeyring(k1);
    const blob = ring.sealJson({ email: 'a@marketplace.amazon.de' }, 'order:1');
    const tampered = Buffer.from(blob.sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => ring.open({ ...blob, sealed: tampered }, 'order:1')).toThrow(/tampered/);
    expect(() => ring.open(blob, 'order:2')).toThrow(/tampered/);
    expect(() => createKeyring(k2).open(blob, 'order:1')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('rotates: a new current key still opens blobs sealed by a previous one', () => {
    const old = createKeyring(k1).sealJson({ a: 1 });
    const ring = createKeyring(k2, [k1]);
    expect(ring.openJson(old)).toEqual({ a: 1 });
    expect(ring.seal('y').keyId).toBe(keyIdOf(k2));
  });

  it('keyed hash is stable for one key, differs across keys, and is not a plain hash', () => {
    const a = createKeyring(k1).keyedHash('buyer@marketplace.amazon.de');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(createKeyring(k1).keyedHash('buyer@marketplace.amazon.de')).toBe(a);
    expect(createKeyring(k2).keyedHash('buyer@marketplace.amazon.de')).not.toBe(a);
    const ring = createKeyring(k1);
    expect(emailKey(ring, ' Buyer@Marketplace.Amazon.de ')).toBe(emailKey(ring, 'buyer@marketplace.amazon.de'));
    expect(emailKey(ring, 'buyer@marketplace.amazon.de')).not.toContain('buyer');
  });

  it('accepts only 32-byte base64 keys', () => {
    expect(decodeKey(k1.toString('base64'))).toEqual(k1);
    expect(() => decodeKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
