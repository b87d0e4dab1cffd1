"use client";

import { RotateCcw } from "lucide-react";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { Action } from "@/lib/errors";

/** Replays one stored event; `action` is the webhooks page's replayEventAction. */
export function ReplayButton({
  action,
  eventId,
}: {
  action: Action<{ outcome: string }>;
  eventId: string;
}) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await action({ id: eventId });
          if (result.ok) toast.success(`Replayed: ${result.data.outcome}`);
          else toast.error(result.message);
        })
      }
    >
      <RotateCcw aria-hidden />
      {pending ? "Replaying…" : "Replay"}
    </Button>
  );
}
