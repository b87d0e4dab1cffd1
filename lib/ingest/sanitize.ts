/**
 * Postgres refuses two things JSON can carry: NUL (`\u0000`, in text and jsonb alike) and lone
 * UTF-16 surrogates (jsonb). Meta's bodies may hold either in any string a person typed, so
 * every string of a parsed body is made storable before anything is written: the offending
 * characters become U+FFFD. The raw body stays byte-exact in webhook_events.body.
 */
const NUL = String.fromCharCode(0);

export function storableString(value: string): string {
  const wellFormed = value.isWellFormed() ? value : value.toWellFormed();
  return wellFormed.includes(NUL) ? wellFormed.replaceAll(NUL, "\uFFFD") : wellFormed;
}

/** A copy of a parsed JSON value with every string (keys included) made storable. */
export function storableJson<T>(value: T): T {
  if (typeof value === "string") return storableString(value) as T;
  if (Array.isArray(value)) return value.map(storableJson) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value))
      out[storableString(key)] = storableJson(inner);
    return out as T;
  }
  return value;
}

const lenientUtf8 = new TextDecoder("utf-8", { fatal: false });

/**
 * The JSON of a stored body: UTF-8 text as stored, or base64 bytes (not valid UTF-8, or with a
 * raw NUL byte) decoded leniently, so a stray byte costs one character, not the whole event.
 */
export function parseStoredBody(row: { body: string; bodyEncoding: string }): unknown {
  const text =
    row.bodyEncoding === "base64" ? lenientUtf8.decode(Buffer.from(row.body, "base64")) : row.body;
  const parsed = JSON.parse(text);
  return mayHoldUnstorable(text) ? storableJson(parsed) : parsed;
}

/**
 * Whether JSON text can parse to a string Postgres refuses. JSON.parse rejects raw control
 * characters in strings, and text read from Postgres or decoded leniently holds no lone
 * surrogate, so both can only come from escapes: `\u0000`, or a `\uD800`-`\uDFFF` escape that
 * is not half of a pair. Emoji escaped as pairs (as Meta sends them) stay on the fast path, which
 * skips copying the whole body. A false alarm (an escaped backslash before `u0000`) only costs
 * the copy.
 */
export function mayHoldUnstorable(text: string): boolean {
  return text.includes("\\u") && UNSTORABLE_ESCAPE.test(text);
}

const HIGH = String.raw`\\u[dD][89abAB][0-9a-fA-F]{2}`;
const LOW = String.raw`\\u[dD][c-fC-F][0-9a-fA-F]{2}`;
const UNSTORABLE_ESCAPE = new RegExp(String.raw`\\u0000|${HIGH}(?!${LOW})|(?<!${HIGH})${LOW}`);
