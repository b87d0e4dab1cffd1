import { createHash, randomBytes } from "node:crypto";

/** A seeded random source (mulberry32): the same seed gives the same numbers, on every machine. */
export type Rng = {
  next: () => number;
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
  digits: (length: number) => string;
};

export function seededRng(seed: string): Rng {
  let state = createHash("sha256").update(seed).digest().readUInt32BE(0);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    digits: (length) =>
      Array.from({ length }, (_, i) => (i === 0 ? int(1, 9) : int(0, 9))).join(""),
  };
}

/** Numeric ids shaped like Meta's (15 digits). */
export function metaId(rng?: Rng): string {
  if (rng) return rng.digits(15);
  const n = randomBytes(8).readBigUInt64BE() % 900_000_000_000_000n;
  return (n + 100_000_000_000_000n).toString();
}

/** A wamid: `wamid.` + base64 of an opaque id, as Meta's look. */
export function wamid(seed?: string): string {
  const raw = seed ? createHash("sha256").update(seed).digest().subarray(0, 18) : randomBytes(18);
  return `wamid.${raw.toString("base64").replace(/=+$/, "")}`;
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
