/**
 * Encryption at rest (AES-256-GCM) and the keyed hash, from the one secret key of the environment. Every sealed
 * blob is stored with the id of the key that sealed it, so a new key can be introduced while old blobs stay
 * readable (pass the old keys as `previous`) and are re-sealed at leisure.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { PermanentError } from './errors.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  keyId: string;
  /** iv (12 bytes) | auth tag (16 bytes) | ciphertext */
  sealed: Buffer;
}

export interface Keyring {
  /** Id of the key new blobs are sealed with. */
  readonly keyId: string;
  /** Encrypts `plaintext`; `context` (e.g. the row's ref) is authenticated, so a blob cannot be moved to another row. */
  seal(plaintext: Buffer | string, context?: string): Sealed;
  /** Decrypts a blob sealed by any key of the ring; throws if it was tampered with or the key is unknown. */
  open(blob: Sealed, context?: string): Buffer;
  sealJson(value: unknown, context?: string): Sealed;
  openJson<T = unknown>(blob: Sealed, context?: string): T;
  /** HMAC-SHA256 (hex) under a key derived from the secret key: a stable pseudonym, e.g. of a buyer e-mail. */
  keyedHash(value: string): string;
}

/** Decodes a base64 secret key and insists on exactly 32 bytes. */
export function decodeKey(base64: string, name = 'CONNECTOR_SECRET_KEY'): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) {
    throw new PermanentError('CONFIG_INVALID', `${name} must be 32 bytes in base64 (got ${key.length} bytes)`);
  }
  return key;
}

/** A short public fingerprint of a key: names it in stored rows without revealing anything about it. */
export function keyIdOf(key: Buffer): string {
  return 'k' + createHash('sha256').update('aec key id').update(key).digest('hex').slice(0, 12);
}

/** Builds the keyring: `current` seals, `current` and every `previous` key open. Keys are raw 32-byte buffers. */
export function createKeyring(current: Buffer, previous: Buffer[] = []): Keyring {
  const keys = new Map<string, Buffer>();
  for (const k of [current, ...previous]) keys.set(keyIdOf(k), k);
  const keyId = keyIdOf(current);
  // Derived, not the raw key: the hash key never encrypts anything, and the raw key never hashes anything.
  // Rotating the secret key changes these hashes: keep the old key as `current` for hashing until re-keyed.
  const hashKey = Buffer.from(hkdfSync('sha256', current, Buffer.alloc(0), 'aec keyed-hash v1', 32));

  const seal = (plaintext: Buffer | string, context = ''): Sealed => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  };

  const open = (blob: Sealed, context = ''): Buffer => {
    const key = keys.get(blob.keyId);
    if (!key) throw new PermanentError('CONFIG_INVALID', `no secret key with id ${blob.keyId} is configured`);
    const iv = blob.sealed.subarray(0, IV_BYTES);
    const tag = blob.sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(blob.sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch (e) {
      throw new PermanentError('INTERNAL', 'a sealed value failed authentication (wrong key or tampered)', {}, { cause: e });
    }
  };

  return {
    keyId,
    seal,
    open,
    sealJson: (value, context) => seal(JSON.stringify(value), context),
    openJson: <T>(blob: Sealed, context?: string) => JSON.parse(open(blob, context).toString('utf8')) as T,
    keyedHash: (value) => createHmac('sha256', hashKey).update(value, 'utf8').digest('hex'),
  };
}

/** The customer key of an e-mail address (trimmed, lower-cased, then keyed-hashed): one per buyer, PII-free. */
export function emailKey(keyring: Pick<Keyring, 'keyedHash'>, email: string): string {
  return keyring.keyedHash(`email:${email.trim().toLowerCase()}`);
}
