"use client";

import { CheckCircle2, XCircle } from "lucide-react";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  type ChecklistState,
  MIN_APP_VERSION,
  MIN_DAYS_IN_USE,
} from "@/lib/onboarding/eligibility";

const confirmations = [
  {
    name: "appVersionOk",
    label: `My WhatsApp Business app is version ${MIN_APP_VERSION} or newer`,
  },
  {
    name: "inUseLongEnough",
    label: `This number has been in active use in the app for at least ${MIN_DAYS_IN_USE} days`,
  },
  { name: "noPaymentMethod", label: "No payment method is attached in the app" },
  { name: "notWithOtherProvider", label: "This number is not connected to another provider" },
] as const;

type Props = {
  action: (state: ChecklistState, formData: FormData) => Promise<ChecklistState>;
  defaultNumber?: string;
  onEligible: (sessionId: string) => void;
};

export function ChecklistForm({ action, defaultNumber, onEligible }: Props) {
  const [state, formAction, pending] = useActionState(
    async (previous: ChecklistState, formData: FormData) => {
      const next = await action(previous, formData);
      if (next.eligible && next.sessionId) onEligible(next.sessionId);
      return next;
    },
    {},
  );
  const failed = state.checks?.filter((check) => !check.ok) ?? [];
  return (
    <form action={formAction} className="grid gap-5" aria-describedby="checklist-result">
      <div className="grid gap-2">
        <Label htmlFor="number">Your WhatsApp Business number</Label>
        <Input
          id="number"
          name="number"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder="+55 11 98765 0001"
          defaultValue={state.values?.number ?? defaultNumber}
          aria-invalid={Boolean(state.fieldErrors?.number)}
          aria-describedby="number-error"
          required
        />
        <p id="number-error" className="text-sm text-destructive" aria-live="polite">
          {state.fieldErrors?.number?.[0]}
        </p>
      </div>
      <fieldset className="grid gap-3">
        <legend className="mb-2 text-sm font-medium">Please confirm</legend>
        {confirmations.map((item) => (
          <label key={item.name} className="flex items-start gap-3 text-sm">
            <input
              type="checkbox"
              name={item.name}
              defaultChecked={state.values?.[item.name] === "on"}
              className="mt-0.5 size-4 shrink-0 accent-[var(--primary)]"
            />
            {item.label}
          </label>
        ))}
      </fieldset>
      <div id="checklist-result" aria-live="polite">
        {state.error ? <p className="text-sm text-destructive">{state.error}</p> : null}
        {failed.length > 0 ? (
          <div
            className="grid gap-3 rounded-md border border-destructive/40 bg-destructive/5 p-3"
            data-testid="checklist-failures"
          >
            <p className="text-sm font-medium">Before you can connect:</p>
            <ul className="grid gap-2">
              {state.checks?.map((check) => (
                <li key={check.id} className="flex gap-2 text-sm">
                  {check.ok ? (
                    <CheckCircle2
                      className="mt-0.5 size-4 shrink-0 text-primary"
                      aria-label="passed"
                    />
                  ) : (
                    <XCircle
                      className="mt-0.5 size-4 shrink-0 text-destructive"
                      aria-label="not passed"
                    />
                  )}
                  <span>
                    <span className="font-medium">{check.label}.</span>{" "}
                    {check.ok ? null : check.fix}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Check my number"}
      </Button>
    </form>
  );
}
