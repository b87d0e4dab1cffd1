import { CircleAlert, Info, TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { Severity } from "@/lib/health/types";

const look = {
  critical: { variant: "destructive", label: "Critical", Icon: CircleAlert },
  warning: { variant: "warning", label: "Warning", Icon: TriangleAlert },
  info: { variant: "secondary", label: "Info", Icon: Info },
} as const;

/**
 * A warning's severity, in words as well as colour. With `count`, it reads "2 critical" (the
 * Overview and the channel list).
 */
export function SeverityBadge({
  severity,
  count,
  className,
}: {
  severity: Severity;
  count?: number;
  className?: string;
}) {
  const { variant, label, Icon } = look[severity];
  return (
    <Badge variant={variant} className={className} data-severity={severity}>
      <Icon aria-hidden="true" className="size-3" />
      {count === undefined ? label : `${count} ${label.toLowerCase()}`}
    </Badge>
  );
}
