import { Badge } from "@/components/ui/badge";

const variants: Record<string, "default" | "secondary" | "destructive" | "warning" | "outline"> = {
  connected: "default",
  active: "default",
  pending: "warning",
  disconnected: "destructive",
  offboarded: "secondary",
  archived: "secondary",
  revoked: "secondary",
  delivered: "default",
  delivering: "warning",
  failed: "destructive",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge variant={variants[status] ?? "outline"}>{status}</Badge>;
}
