"use client";

import { useEffect, useRef } from "react";
import { FieldError, FormStatus } from "@/components/partners/form-bits";
import { useAction } from "@/components/partners/use-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import type { ActionResult } from "@/lib/errors";

export function ChangePasswordForm({
  email,
  action,
}: {
  email: string;
  action: (input: unknown) => Promise<ActionResult<{ changed: boolean }>>;
}) {
  const [result, formAction, pending] = useAction(action);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.ok) form.current?.reset();
  }, [result]);
  const fields = [
    ["currentPassword", "Current password", "current-password"],
    ["newPassword", "New password", "new-password"],
    ["confirm", "Repeat the new password", "new-password"],
  ] as const;
  return (
    <form ref={form} action={formAction} className="grid gap-4">
      <input type="hidden" name="username" autoComplete="username" value={email} />
      {fields.map(([name, label, autoComplete]) => (
        <div key={name} className="grid gap-2">
          <Label htmlFor={name}>{label}</Label>
          <Input
            id={name}
            name={name}
            type="password"
            autoComplete={autoComplete}
            required
            minLength={name === "currentPassword" ? undefined : MIN_PASSWORD_LENGTH}
            aria-describedby={`${name}-error`}
          />
          <FieldError id={`${name}-error`} result={result} field={name} />
        </div>
      ))}
      <FormStatus result={result} success="Password changed. Other sessions are signed out." />
      <Button type="submit" disabled={pending} className="justify-self-start">
        {pending ? "Saving…" : "Change password"}
      </Button>
    </form>
  );
}
