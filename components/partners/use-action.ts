"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/errors";

/**
 * Runs a server action from a form with useActionState: the latest result, a form action that
 * merges fixed input (ids from props, never hidden fields) with the form's fields, and pending.
 */
export function useAction<T>(
  action: (input: unknown) => Promise<ActionResult<T>>,
  fixed: Record<string, unknown> = {},
) {
  return useActionState<ActionResult<T> | null, FormData>(async (_previous, formData) => {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of formData.entries()) fields[key] = value;
    return action({ ...fields, ...fixed });
  }, null);
}

export function fieldErrorsOf(result: ActionResult<unknown> | null, field: string) {
  return result && !result.ok ? result.fieldErrors?.[field] : undefined;
}
