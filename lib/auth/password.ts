import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import bcrypt from "bcryptjs";

/**
 * Passwords are hashed with scrypt from node:crypto, which runs on libuv's thread pool: a burst of
 * sign-ins no longer stalls the event loop that also answers Meta's webhooks (bcryptjs is pure
 * JavaScript on the main thread). Stored as `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url), so the
 * cost can be raised later and old hashes are recognised. bcrypt hashes from before still verify,
 * and are replaced at the next successful sign-in (`needsRehash`).
 */
// 32 MiB and, on a quiet core, about 100 ms per hash: twice Django's scrypt default (N=2^14).
// Raising it later is safe: hashes carry their parameters and are rehashed at sign-in.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-rules";

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }) {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS);
  const { N, r, p } = PARAMS;
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

type ParsedScrypt = { N: number; r: number; p: number; salt: Buffer; key: Buffer };

function parseScrypt(hash: string): ParsedScrypt | null {
  const [tag, n, r, p, salt, key] = hash.split("$");
  if (tag !== "scrypt" || !salt || !key) return null;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (![N, R, P].every((v) => Number.isSafeInteger(v) && v > 0)) return null;
  return {
    N,
    r: R,
    p: P,
    salt: Buffer.from(salt, "base64url"),
    key: Buffer.from(key, "base64url"),
  };
}

// Compared against when the account is unknown or has no password yet, so a miss costs as long
// as a wrong password and the timing says nothing about which emails exist.
const DUMMY_HASH =
  "scrypt$32768$8$1$bm90LWEtcmVhbC1zYWx0IQ$kMmNq8M9-2mP6QeBv4d3X2Tz9s1w0L7uYhR5aJcEoFg";

const isBcrypt = (hash: string) => /^\$2[aby]\$\d{2}\$/.test(hash);

/** Verifies a password against a stored hash, or against a dummy when there is none. */
export async function verifyPassword(password: string, hash: string | null | undefined) {
  const stored = hash ?? DUMMY_HASH;
  let ok: boolean;
  if (isBcrypt(stored)) {
    ok = await bcrypt.compare(password, stored);
  } else {
    const parsed = parseScrypt(stored);
    if (!parsed) return false;
    const key = await derive(password, parsed.salt, parsed);
    ok = key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }
  return ok && Boolean(hash);
}

/** True for a bcrypt hash or an scrypt hash at other than today's cost: replace it. */
export function needsRehash(hash: string) {
  const parsed = parseScrypt(hash);
  return !parsed || parsed.N !== PARAMS.N || parsed.r !== PARAMS.r || parsed.p !== PARAMS.p;
}
