"use client";

import { FormStatus } from "@/components/partners/form-bits";
import { useAction } from "@/components/partners/use-action";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";
import type { CategoryPrice } from "@/lib/templates/prices";
import { TemplateFields, TemplateProblems } from "./template-fields";

/**
 * A new template, submitted to Meta for review. Checked on the server with Meta's rules; each
 * problem is listed.
 */
export function CreateTemplateForm({
  action,
  channelId,
  prices,
  market,
}: {
  action: (input: unknown) => Promise<ActionResult<{ name: string; status: string }>>;
  channelId: string;
  prices: CategoryPrice[];
  market: string;
}) {
  // A refused submission keeps what was typed (React resets a form after every action).
  const [result, formAction, pending, refused] = useAction(action, { channelId });
  return (
    <form action={formAction} className="grid gap-3" aria-describedby="template-form-status">
      <TemplateFields prices={prices} market={market} initial={refused ?? {}} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Submitting…" : "Submit for review"}
        </Button>
        <FormStatus
          id="template-form-status"
          result={result}
          success={result?.ok ? `${result.data.name} submitted: Meta is reviewing it.` : undefined}
        />
      </div>
      <TemplateProblems fieldErrors={result && !result.ok ? result.fieldErrors : undefined} />
    </form>
  );
}
