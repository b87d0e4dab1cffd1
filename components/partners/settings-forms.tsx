"use client";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { Action } from "@/lib/errors";
import { FieldError, FormStatus } from "./form-bits";
import { SecretOnce } from "./secret-once";
import { keptChecked, keptValue, useAction } from "./use-action";

export function GeneralSettingsForm({
  action,
  initial,
  disabled,
}: {
  action: Action;
  initial: {
    name: string;
    logoUrl: string | null;
    allowedRedirectUrls: string[];
    requireSignedLinks: boolean;
  };
  disabled: boolean;
}) {
  const [result, formAction, pending, refused] = useAction(action);
  return (
    <form action={formAction} className="grid max-w-xl gap-4">
      <fieldset disabled={disabled} className="grid gap-4">
        <div className="grid gap-2">
          <Label htmlFor="name">Partner name</Label>
          <Input
            id="name"
            name="name"
            defaultValue={keptValue(refused, "name", initial.name)}
            required
            aria-describedby="name-error"
          />
          <FieldError id="name-error" result={result} field="name" />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="logoUrl">Logo URL</Label>
          <Input
            id="logoUrl"
            name="logoUrl"
            type="url"
            placeholder="https://…"
            defaultValue={keptValue(refused, "logoUrl", initial.logoUrl ?? "")}
            aria-describedby="logoUrl-error"
          />
          <FieldError id="logoUrl-error" result={result} field="logoUrl" />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="allowedRedirectUrls">
            Redirect URLs allowed after onboarding (one per line)
          </Label>
          <Textarea
            id="allowedRedirectUrls"
            name="allowedRedirectUrls"
            defaultValue={keptValue(
              refused,
              "allowedRedirectUrls",
              initial.allowedRedirectUrls.join("\n"),
            )}
            aria-describedby="allowedRedirectUrls-error"
          />
          <FieldError id="allowedRedirectUrls-error" result={result} field="allowedRedirectUrls" />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="requireSignedLinks" className="font-normal">
            <input
              id="requireSignedLinks"
              name="requireSignedLinks"
              type="checkbox"
              defaultChecked={keptChecked(
                refused,
                "requireSignedLinks",
                initial.requireSignedLinks,
              )}
              aria-describedby="requireSignedLinks-error"
              className="size-4"
            />
            Require signed onboarding links (HMAC of partner id and time with your partner secret)
          </Label>
          <FieldError id="requireSignedLinks-error" result={result} field="requireSignedLinks" />
        </div>
        {disabled ? null : (
          <Button type="submit" disabled={pending} className="w-fit">
            {pending ? "Saving…" : "Save settings"}
          </Button>
        )}
      </fieldset>
      <FormStatus result={result} success="Settings saved." />
    </form>
  );
}

export function WebhookUrlForm({
  action,
  webhookUrl,
  disabled,
}: {
  action: Action;
  webhookUrl: string | null;
  disabled: boolean;
}) {
  const [result, formAction, pending, refused] = useAction(action);
  return (
    <form action={formAction} className="grid max-w-xl gap-2">
      <Label htmlFor="webhookUrl">Partner event URL</Label>
      <div className="flex gap-2">
        <Input
          id="webhookUrl"
          name="webhookUrl"
          type="url"
          placeholder="https://your-software.example/coex-events"
          defaultValue={keptValue(refused, "webhookUrl", webhookUrl ?? "")}
          disabled={disabled}
          aria-describedby="webhookUrl-error"
        />
        {disabled ? null : (
          <Button type="submit" disabled={pending}>
            Save
          </Button>
        )}
      </div>
      <FieldError id="webhookUrl-error" result={result} field="webhookUrl" />
      <FormStatus result={result} success="Event URL saved." />
    </form>
  );
}

export function RotateSecretButton({
  action,
  hasSecret,
}: {
  action: Action<{ secret: string; previousSecretValidUntil: string | null }>;
  hasSecret: boolean;
}) {
  const [result, formAction, pending] = useAction(action);
  return (
    <form
      action={formAction}
      className="grid gap-3"
      onSubmit={(event) => {
        if (
          hasSecret &&
          !window.confirm("Rotate the partner secret? The old one keeps signing for 24 hours.")
        ) {
          event.preventDefault();
        }
      }}
    >
      <Button type="submit" variant="outline" disabled={pending} className="w-fit">
        {hasSecret ? "Rotate secret" : "Create secret"}
      </Button>
      <FormStatus result={result} />
      {result?.ok ? (
        <>
          <SecretOnce label="Your new partner secret" secret={result.data.secret} />
          {result.data.previousSecretValidUntil ? (
            <p className="text-sm text-muted-foreground">
              The previous secret keeps signing until {result.data.previousSecretValidUntil}.
            </p>
          ) : null}
        </>
      ) : null}
    </form>
  );
}
