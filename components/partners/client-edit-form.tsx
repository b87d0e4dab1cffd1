"use client";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/errors";
import { FieldError, FormStatus } from "./form-bits";
import { keptValue, useAction } from "./use-action";

export function ClientEditForm({
  action,
  clientId,
  partnerPayload,
  maxChannels,
}: {
  action: (input: unknown) => Promise<ActionResult<unknown>>;
  clientId: string;
  partnerPayload: string | null;
  maxChannels: number;
}) {
  const [result, formAction, pending, refused] = useAction(action, { clientId });
  return (
    <form action={formAction} className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
      <div className="grid gap-2">
        <Label htmlFor="partnerPayload">Your id for this client (partner_payload)</Label>
        <Input
          id="partnerPayload"
          name="partnerPayload"
          defaultValue={keptValue(refused, "partnerPayload", partnerPayload ?? "")}
          maxLength={200}
          aria-describedby="partnerPayload-error"
        />
        <FieldError id="partnerPayload-error" result={result} field="partnerPayload" />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="maxChannels">Max channels</Label>
        <Input
          id="maxChannels"
          name="maxChannels"
          type="number"
          min={1}
          max={1000}
          defaultValue={keptValue(refused, "maxChannels", String(maxChannels))}
          aria-describedby="maxChannels-error"
        />
        <FieldError id="maxChannels-error" result={result} field="maxChannels" />
      </div>
      <div className="grid gap-2 sm:pt-6">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
      <div className="sm:col-span-3">
        <FormStatus result={result} success="Saved." />
      </div>
    </form>
  );
}
