"use client";

import { RotateCcw } from "lucide-react";
import { useTransition } from "react";
import { toast } from "sonner";
import { replayEventAction } from "@/app/(hub)/webhooks/actions";
import { Button } from "@/components/ui/button";

export function ReplayButton({ eventId }: { eventId: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await replayEventAction({ id: eventId });
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
