"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { Action } from "@/lib/errors";

/** Replays a channel's events in a range; `action` is the webhooks page's replayChannelAction. */
export function ReplayRangeForm({
  action,
  channels,
}: {
  action: Action<{ replayed: number; failed: number }>;
  channels: { id: string; label: string }[];
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (channels.length === 0) return null;
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      aria-describedby="replay-range-error"
      action={(form) =>
        startTransition(async () => {
          setError(null);
          const result = await action({
            channelId: form.get("channelId"),
            from: form.get("from"),
            to: form.get("to"),
          });
          if (result.ok) {
            toast.success(`Replayed ${result.data.replayed} events (${result.data.failed} failed)`);
          } else {
            setError(Object.values(result.fieldErrors ?? {}).flat()[0] ?? result.message);
          }
        })
      }
    >
      <label className="space-y-1 text-xs font-medium text-muted-foreground">
        Channel
        <select name="channelId" className="block h-9 rounded-md border bg-background px-2 text-sm">
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-1 text-xs font-medium text-muted-foreground">
        From
        <input
          name="from"
          type="datetime-local"
          required
          className="block h-9 rounded-md border bg-background px-2 text-sm"
        />
      </label>
      <label className="space-y-1 text-xs font-medium text-muted-foreground">
        To
        <input
          name="to"
          type="datetime-local"
          required
          className="block h-9 rounded-md border bg-background px-2 text-sm"
        />
      </label>
      <Button type="submit" variant="outline" disabled={pending}>
        {pending ? "Replaying…" : "Replay range"}
      </Button>
      <p id="replay-range-error" aria-live="polite" className="w-full text-sm text-destructive">
        {error}
      </p>
    </form>
  );
}
