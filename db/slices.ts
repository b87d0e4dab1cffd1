/** Splits a list into slices: one statement must stay under Postgres' 65,535 parameters. */
export function slices<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
