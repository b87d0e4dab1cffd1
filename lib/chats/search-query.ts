/**
 * Turns what a user types into a prefix tsquery for the 'simple' configuration (pure, no I/O):
 * words and digit runs, each matched as a prefix, all required. Null when nothing searchable.
 * "+44 7700" -> "44:* & 7700:*"; "Ana O'Neil" -> "ana:* & o:* & neil:*".
 */
export function toPrefixTsquery(input: string): string | null {
  const words = input
    .toLowerCase()
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `${w}:*`).join(" & ");
}
