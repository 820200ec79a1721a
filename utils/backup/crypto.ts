/*
 * Encryption of a backup: AES-256-GCM with a key derived from the passphrase by PBKDF2-HMAC-SHA-256, all from WebCrypto.
 * Why PBKDF2 and not Argon2id: it is built into every browser Takeback runs in (no library, no WebAssembly, which the
 * extension's CSP would have to allow), it is the same in Chrome and Firefox, and at 600,000 iterations (OWASP's 2023
 * figure for PBKDF2-HMAC-SHA-256) a guess costs about as much as a second of a browser's time to derive, per salt.
 * GCM authenticates: a wrong passphrase and a changed or cut file both fail to decrypt, and nothing of them is used.
 */

export const PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;

export interface Sealed {
  iterations: number;
  salt: string;
  iv: string;
  ciphertext: string;
}

const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 61; // '='

type Base64Native = { toBase64?: () => string };
type Base64Decoder = { fromBase64?: (text: string) => Uint8Array };

/**
 * Base64 of bytes: the browser's own Uint8Array.prototype.toBase64 where it has one (Chrome 140, Firefox 133), else
 * table look-ups into a byte buffer. Building a string of 30 MB with String.fromCharCode and btoa took about a second.
 */
export function toBase64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & Base64Native).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ALPHABET[n >> 18]!;
    out[o++] = ALPHABET[(n >> 12) & 63]!;
    out[o++] = ALPHABET[(n >> 6) & 63]!;
    out[o++] = ALPHABET[n & 63]!;
  }
  if (i < bytes.length) {
    const two = i + 1 < bytes.length;
    const n = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    out[o++] = ALPHABET[n >> 18]!;
    out[o++] = ALPHABET[(n >> 12) & 63]!;
    out[o++] = two ? ALPHABET[(n >> 6) & 63]! : PAD;
    out[o++] = PAD;
  }
  return new TextDecoder().decode(out);
}

/** Throws on anything that is not base64 (atob's own error names no field, so callers say which one it was). */
export function fromBase64(text: string): Uint8Array {
  const native = (Uint8Array as unknown as Base64Decoder).fromBase64;
  if (typeof native === 'function') return native(text);
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number, usage: KeyUsage): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

/** `aad` is bound to the ciphertext: the envelope's own fields cannot be changed without decryption failing. */
export async function seal(plaintext: string, passphrase: string, aad: string, iterations = PBKDF2_ITERATIONS): Promise<Sealed> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await deriveKey(passphrase, salt, iterations, 'encrypt');
  const data = new TextEncoder().encode(plaintext);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(aad) }, key, data);
  return { iterations, salt: toBase64(salt), iv: toBase64(iv), ciphertext: toBase64(new Uint8Array(sealed)) };
}

/** The plaintext, or null when the passphrase is wrong or the file was changed (GCM cannot tell the two apart). */
export async function open(sealed: Sealed, passphrase: string, aad: string): Promise<string | null> {
  const key = await deriveKey(passphrase, fromBase64(sealed.salt), sealed.iterations, 'decrypt');
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv) as BufferSource, additionalData: new TextEncoder().encode(aad) },
      key,
      fromBase64(sealed.ciphertext) as BufferSource,
    );
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return null;
  }
}
