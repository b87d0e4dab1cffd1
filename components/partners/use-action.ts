"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/errors";

/** The text fields of a submission the server refused, by name. */
export type RefusedFields = Record<string, string>;

type State<T> = { result: ActionResult<T> | null; refused: RefusedFields | null };

/**
 * Runs a server action from a form with useActionState: the latest result, a form action that
 * merges fixed input (ids from props, never hidden fields) with the form's fields, pending, and
 * the text fields of the last submission if it was refused.
 *
 * React resets a form after every action it runs, to each field's defaultValue. A refused
 * submission must keep what the person typed (they fix one field, not all of them): forms put
 * `refused` into their fields' defaultValue (see `keptValue`), so the reset puts it back. After an
 * accepted submission `refused` is null and the fields go back to their own defaults.
 */
export function useAction<T>(
  action: (input: unknown) => Promise<ActionResult<T>>,
  fixed: Record<string, unknown> = {},
) {
  const [state, formAction, pending] = useActionState<State<T>, FormData>(
    async (_previous, formData) => {
      const fields: Record<string, unknown> = {};
      const text: RefusedFields = {};
      for (const [key, value] of formData.entries()) {
        fields[key] = value;
        if (typeof value === "string") text[key] = value;
      }
      const result = await action({ ...fields, ...fixed });
      return { result, refused: result.ok ? null : text };
    },
    { result: null, refused: null },
  );
  return [state.result, formAction, pending, state.refused] as const;
}

/** A field's defaultValue: what a refused submission held, else the field's own default. */
export function keptValue(refused: RefusedFields | null, name: string, fallback = ""): string {
  return refused?.[name] ?? fallback;
}

/** A checkbox's defaultChecked: as a refused submission held it, else its own default. */
export function keptChecked(refused: RefusedFields | null, name: string, fallback: boolean) {
  return refused ? name in refused : fallback;
}

export function fieldErrorsOf(result: ActionResult<unknown> | null, field: string) {
  return result && !result.ok ? result.fieldErrors?.[field] : undefined;
}
