import { Badge } from "@/components/ui/badge";
import {
  type ChannelSyncState,
  contactsSyncLabels,
  historySyncShort,
} from "@/lib/onboarding/sync-states";

type Variant = "default" | "secondary" | "destructive" | "warning" | "outline";

const variants: Record<string, Variant> = {
  received: "default",
  complete: "default",
  importing: "outline",
  requested: "outline",
  not_requested: "outline",
  declined: "secondary",
  // As health's "sync_missed": a warning (the import is lost until the number is onboarded again).
  expired: "warning",
};

/** A channel's contacts and history sync in a table cell: two short badges. */
export function ChannelSyncCell({ sync }: { sync: ChannelSyncState }) {
  return (
    <dl className="grid grid-cols-[auto_auto] items-center justify-start gap-x-2 gap-y-1 text-xs">
      <dt className="text-muted-foreground">Contacts</dt>
      <dd data-testid="sync-contacts">
        <Badge variant={variants[sync.contacts]}>{contactsSyncLabels[sync.contacts]}</Badge>
      </dd>
      <dt className="text-muted-foreground">History</dt>
      <dd data-testid="sync-history">
        <Badge variant={variants[sync.history]}>{historySyncShort(sync)}</Badge>
      </dd>
    </dl>
  );
}
