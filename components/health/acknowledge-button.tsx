"use client";

import { useRouter } from "next/navigation";
import { useAction } from "@/components/partners/use-action";
import { Button } from "@/components/ui/button";
import type { Action } from "@/lib/errors";

/** A banner's acknowledgement button: posts the server action, then refreshes the page. */
export function AcknowledgeButton({
  action,
  channelId,
  kind,
  label,
}: {
  action: Action<{ id: string }>;
  channelId: string;
  kind: "app_opened" | "companions_relinked";
  label: string;
}) {
  const router = useRouter();
  const [result, formAction, pending] = useAction(
    async (input) => {
      const outcome = await action(input);
      if (outcome.ok) router.refresh();
      return outcome;
    },
    { channelId, kind },
  );
  return (
    <form action={formAction} className="grid gap-1">
      <Button type="submit" variant="outline" size="sm" disabled={pending}>
        {pending ? "Saving…" : label}
      </Button>
      {result && !result.ok ? (
        <p role="alert" className="text-xs text-destructive">
          {result.message}
        </p>
      ) : null}
    </form>
  );
}
