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

const CHUNK = 0x8000;

/** Base64 of bytes, in chunks (String.fromCharCode of 30 MB at once overflows the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** Throws on anything that is not base64 (atob's own error names no field, so callers say which one it was). */
export function fromBase64(text: string): Uint8Array {
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
