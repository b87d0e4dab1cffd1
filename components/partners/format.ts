import { formatDistanceToNowStrict } from "date-fns";

export function formatPhone(digits: string) {
  return `+${digits}`;
}

export function formatWhen(date: Date | null | undefined) {
  if (!date) return "—";
  return `${formatDistanceToNowStrict(date, { addSuffix: true })}`;
}

export function formatDateTime(date: Date | null | undefined) {
  if (!date) return "—";
  return `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}
