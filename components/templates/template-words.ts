/** Meta's raw template values in words; unknown values are shown readable, never dropped. */
const STATUS_WORDS: Record<string, string> = {
  APPROVED: "Approved",
  PENDING: "In review",
  REJECTED: "Rejected",
  PAUSED: "Paused",
  DISABLED: "Disabled",
  IN_APPEAL: "In appeal",
  PENDING_DELETION: "Being deleted",
  LIMIT_EXCEEDED: "Limit exceeded",
  FLAGGED: "Flagged",
};

export function words(value: string | null | undefined): string {
  if (!value) return "—";
  const text = value.toLowerCase().replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? words(status);
}

export function statusVariant(
  status: string,
): "default" | "secondary" | "destructive" | "warning" | "outline" {
  if (status === "APPROVED") return "default";
  if (status === "REJECTED" || status === "DISABLED") return "destructive";
  if (status === "PAUSED" || status === "FLAGGED") return "warning";
  if (status === "PENDING" || status === "IN_APPEAL") return "secondary";
  return "outline";
}
