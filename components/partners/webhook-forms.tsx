"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { Action } from "@/lib/errors";
import { FieldError, FormStatus } from "./form-bits";
import { keptValue, useAction } from "./use-action";

export function ChannelWebhookForm({
  action,
  channelId,
  url,
  headerNames,
}: {
  action: Action;
  channelId: string;
  url: string | null;
  headerNames: string[];
}) {
  const [result, formAction, pending, refused] = useAction(action, { channelId });
  return (
    <form action={formAction} className="grid max-w-xl gap-3">
      <div className="grid gap-2">
        <Label htmlFor="forwarding-url">Forwarding URL</Label>
        <Input
          id="forwarding-url"
          name="url"
          type="url"
          placeholder="https://your-software.example/whatsapp"
          defaultValue={keptValue(refused, "url", url ?? "")}
          aria-describedby="forwarding-url-error"
        />
        <FieldError id="forwarding-url-error" result={result} field="url" />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="forwarding-headers">Custom headers (one "Name: value" per line)</Label>
        <Textarea
          id="forwarding-headers"
          name="headers"
          defaultValue={keptValue(refused, "headers")}
          placeholder={
            headerNames.length
              ? `Set: ${headerNames.join(", ")}. Leave empty to remove, or enter them again.`
              : "Authorization: Bearer …"
          }
          aria-describedby="forwarding-headers-error"
        />
        <p className="text-xs text-muted-foreground">
          Stored encrypted and never shown again; saving replaces them.
        </p>
        <FieldError id="forwarding-headers-error" result={result} field="headers" />
      </div>
      <Button type="submit" disabled={pending} className="w-fit">
        {pending ? "Saving…" : "Save forwarding"}
      </Button>
      <FormStatus result={result} success="Forwarding saved." />
    </form>
  );
}

type TestOutcome = {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
};

export function TestEventButton({
  action,
  channelId,
}: {
  action: Action<TestOutcome>;
  channelId?: string;
}) {
  const router = useRouter();
  const [result, formAction, pending] = useAction(
    async (input) => {
      const outcome = await action(input);
      router.refresh();
      return outcome;
    },
    channelId ? { channelId } : {},
  );
  return (
    <form action={formAction} className="grid gap-2">
      <Button type="submit" variant="outline" disabled={pending} className="w-fit">
        {pending ? "Sending…" : "Send test event"}
      </Button>
      <div aria-live="polite" className="text-sm" data-testid="test-event-result">
        {result?.ok ? (
          result.data.ok ? (
            <p>
              Delivered: HTTP {result.data.statusCode} in {result.data.latencyMs} ms.
            </p>
          ) : (
            <p className="text-destructive">
              Not delivered: {result.data.error}
              {result.data.statusCode ? ` (HTTP ${result.data.statusCode})` : ""}.
            </p>
          )
        ) : result ? (
          <p role="alert" className="text-destructive">
            {result.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
