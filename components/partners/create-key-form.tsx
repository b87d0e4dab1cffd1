"use client";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/errors";
import { FieldError, FormStatus } from "./form-bits";
import { SecretOnce } from "./secret-once";
import { keptValue, useAction } from "./use-action";

type Created = { id: string; secret: string; prefix: string };

/** Creates a partner or channel key; the secret appears once, in this form's result. */
export function CreateKeyForm({
  action,
  fixed,
  nameRequired,
  label,
}: {
  action: (input: unknown) => Promise<ActionResult<Created>>;
  fixed?: Record<string, unknown>;
  nameRequired: boolean;
  label: string;
}) {
  const [result, formAction, pending, refused] = useAction(action, fixed);
  return (
    <div className="grid gap-3">
      <form action={formAction} className="flex flex-wrap items-end gap-3">
        <div className="grid gap-2">
          <Label htmlFor="key-name">Key name{nameRequired ? "" : " (optional)"}</Label>
          <Input
            id="key-name"
            name="name"
            defaultValue={keptValue(refused, "name")}
            required={nameRequired}
            maxLength={100}
            className="w-64"
            aria-describedby="key-name-error"
          />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : label}
        </Button>
      </form>
      <FieldError id="key-name-error" result={result} field="name" />
      <FormStatus result={result} />
      {result?.ok ? (
        <SecretOnce label={`New key ${result.data.prefix}…`} secret={result.data.secret} />
      ) : null}
    </div>
  );
}
