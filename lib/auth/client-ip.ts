/**
 * The caller's IP address for rate limits. The right-most X-Forwarded-For entry is the one the
 * nearest proxy appended (earlier entries are whatever the client sent). Without a proxy, Next.js
 * sets the header to the socket's address only when the client sent none, so a client talking
 * to the app directly can pick its own per-IP bucket: the per-account limits still hold.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || headers.get("x-real-ip")?.trim() || "unknown";
}
