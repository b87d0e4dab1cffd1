"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";

type LinkResult = ActionResult<{ url: string; signed: boolean }> | null;

/** A client user's "connect another number": one click for its own onboarding link. */
export function ClientConnect({
  action,
  disabledReason,
}: {
  action: (input: unknown) => Promise<LinkResult>;
  /** Why no link can be made (the cap reached, nothing to tie the number to the client). */
  disabledReason: string | null;
}) {
  const [result, formAction, pending] = useActionState(
    async (_previous: LinkResult) => action({}),
    null,
  );
  if (disabledReason) return <p className="text-sm text-muted-foreground">{disabledReason}</p>;
  return (
    <form action={formAction} className="grid gap-3">
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Preparing…" : "Connect another number"}
        </Button>
      </div>
      {result && !result.ok ? (
        <p role="alert" className="text-sm text-destructive">
          {result.message}
        </p>
      ) : null}
      {result?.ok ? (
        <p className="text-sm">
          Open{" "}
          <a
            href={result.data.url}
            className="font-medium underline"
            data-testid="client-onboarding-link"
          >
            your onboarding link
          </a>{" "}
          in this browser and follow the checklist with the phone that runs the WhatsApp Business
          app.
        </p>
      ) : null}
    </form>
  );
}
