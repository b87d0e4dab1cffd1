"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { type SetPasswordState, setPasswordAction } from "./actions";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, formAction, pending] = useActionState<SetPasswordState, FormData>(
    setPasswordAction.bind(null, token),
    {},
  );
  const fieldError = (field: string) => state.fieldErrors?.[field]?.[0];
  return (
    <form action={formAction} className="grid gap-4">
      {/* For password managers: which account this password belongs to. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <div className="grid gap-2">
        <Label htmlFor="password">New password</Label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          aria-invalid={Boolean(fieldError("password"))}
          aria-describedby="password-hint"
        />
        <p id="password-hint" className="text-xs text-muted-foreground">
          {fieldError("password") ?? `At least ${MIN_PASSWORD_LENGTH} characters.`}
        </p>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="confirm">Repeat the password</Label>
        <Input
          id="confirm"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={Boolean(fieldError("confirm"))}
          aria-describedby="confirm-error"
        />
        <p id="confirm-error" className="min-h-4 text-xs text-destructive">
          {fieldError("confirm")}
        </p>
      </div>
      <div aria-live="polite" className="min-h-5 text-sm text-destructive">
        {state.error ? <p role="alert">{state.error}</p> : null}
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
