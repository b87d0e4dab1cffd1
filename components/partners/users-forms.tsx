"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { Action } from "@/lib/errors";
import { FieldError, FormStatus } from "./form-bits";
import { SecretOnce } from "./secret-once";
import { keptValue, useAction } from "./use-action";

export function InviteForm({
  action,
  clientId,
}: {
  action: Action<{ email: string; setPasswordUrl: string }>;
  /** From a client's page: the invitee is a client user of this client (no role to choose). */
  clientId?: string;
}) {
  const [result, formAction, pending, refused] = useAction(action, clientId ? { clientId } : {});
  return (
    <div className="grid gap-3">
      <form action={formAction} className="flex flex-wrap items-start gap-3">
        <div className="grid gap-2">
          <Label htmlFor="invite-email">Email</Label>
          <Input
            id="invite-email"
            name="email"
            type="email"
            defaultValue={keptValue(refused, "email")}
            required
            className="w-64"
            aria-describedby="invite-email-error"
          />
          <FieldError id="invite-email-error" result={result} field="email" />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="invite-name">Name (optional)</Label>
          <Input
            id="invite-name"
            name="name"
            defaultValue={keptValue(refused, "name")}
            className="w-48"
          />
        </div>
        {clientId ? null : (
          <div className="grid gap-2">
            <Label htmlFor="invite-role">Role</Label>
            <NativeSelect
              id="invite-role"
              name="role"
              defaultValue={keptValue(refused, "role", "member")}
            >
              <option value="member">member</option>
              <option value="owner">owner</option>
            </NativeSelect>
          </div>
        )}
        <Button type="submit" disabled={pending} className="mt-6">
          {pending ? "Inviting…" : "Invite"}
        </Button>
      </form>
      <FormStatus result={result} />
      {result?.ok ? (
        <SecretOnce
          label={`Set-password link for ${result.data.email}: send it privately (works once, for 72 hours)`}
          secret={result.data.setPasswordUrl}
        />
      ) : null}
    </div>
  );
}

/** For an invited user who has not set a password yet: a fresh link (the old one stops working). */
export function ReissueInvite({
  userId,
  email,
  action,
}: {
  userId: string;
  email: string;
  action: Action<{ email: string; setPasswordUrl: string }>;
}) {
  const [pending, startTransition] = useTransition();
  const [link, setLink] = useState<string | null>(null);
  return (
    <div className="grid gap-2">
      <div className="flex items-center gap-2">
        <Badge variant="outline">Invitation pending</Badge>
        <Button
          type="button"
          size="sm"
          variant="outline"
          disabled={pending}
          aria-label={`New set-password link for ${email}`}
          onClick={() =>
            startTransition(async () => {
              const result = await action({ userId });
              if (result.ok) setLink(result.data.setPasswordUrl);
              else toast.error(result.message);
            })
          }
        >
          New link
        </Button>
      </div>
      {link ? (
        <SecretOnce label={`New set-password link for ${email} (72 hours)`} secret={link} />
      ) : null}
    </div>
  );
}

export function MemberActions({
  userId,
  email,
  role,
  changeRole,
  remove,
}: {
  userId: string;
  email: string;
  role: string;
  changeRole: Action;
  remove: Action;
}) {
  const [pending, startTransition] = useTransition();
  const run = (action: Action, input: Record<string, unknown>, done: string) =>
    startTransition(async () => {
      const result = await action(input);
      if (result.ok) toast.success(done);
      else toast.error(result.message);
    });
  return (
    <div className="flex items-center justify-end gap-2">
      <Label htmlFor={`role-${userId}`} className="sr-only">
        Role of {email}
      </Label>
      <NativeSelect
        id={`role-${userId}`}
        defaultValue={role}
        disabled={pending || role === "client"}
        onChange={(event) =>
          run(
            changeRole,
            { userId, role: event.target.value },
            `${email} is now ${event.target.value}`,
          )
        }
      >
        <option value="member">member</option>
        <option value="owner">owner</option>
        {role === "client" ? <option value="client">client</option> : null}
      </NativeSelect>
      <Button
        type="button"
        size="sm"
        variant="destructive"
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Remove ${email}? They lose access at once.`))
            run(remove, { userId }, `${email} removed`);
        }}
      >
        Remove
      </Button>
    </div>
  );
}
