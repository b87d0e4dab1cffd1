"use client";

import type { ActionResult } from "@/lib/errors";
import { fieldErrorsOf } from "./use-action";

/** A field's errors, announced by screen readers; tie it to the input with aria-describedby. */
export function FieldError({
  id,
  result,
  field,
}: {
  id: string;
  result: ActionResult<unknown> | null;
  field: string;
}) {
  const errors = fieldErrorsOf(result, field);
  return (
    <div id={id} aria-live="polite" className="text-sm text-destructive">
      {errors?.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

/** The form-level outcome: the error message, or a short confirmation. */
export function FormStatus({
  result,
  success,
  id,
}: {
  result: ActionResult<unknown> | null;
  success?: string;
  id?: string;
}) {
  return (
    <div id={id} aria-live="polite" className="min-h-5 text-sm">
      {result && !result.ok ? (
        <p role="alert" className="text-destructive">
          {result.message}
        </p>
      ) : result?.ok && success ? (
        <p className="text-muted-foreground">{success}</p>
      ) : null}
    </div>
  );
}
