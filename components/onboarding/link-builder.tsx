"use client";

import { Copy } from "lucide-react";
import { useActionState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/errors";

type LinkResult = ActionResult<{ url: string; signed: boolean }> | null;
type BuilderState = { result: LinkResult; values: Record<string, string> };

const fields = [
  { name: "partner", label: "Your id for this client", hint: "kept as partner_payload" },
  { name: "email", label: "Client email", hint: "prefills and matches the client" },
  { name: "name", label: "Client name" },
  { name: "number", label: "WhatsApp number", hint: "prefills the checklist" },
  { name: "state", label: "State", hint: "returned to you unchanged" },
  { name: "redirect_url", label: "Redirect URL", hint: "must be registered in Settings" },
] as const;

export function LinkBuilder({ action }: { action: (input: FormData) => Promise<LinkResult> }) {
  // React resets a form after its action; the fields come back as the defaults, so what was
  // typed stays for the next link (one more client, another state).
  const [{ result, values }, formAction, pending] = useActionState(
    async (_previous: BuilderState, formData: FormData): Promise<BuilderState> => ({
      result: await action(formData),
      values: Object.fromEntries(
        [...formData.entries()].map(([key, value]) => [key, String(value)]),
      ),
    }),
    { result: null, values: {} },
  );
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <form action={formAction} className="grid gap-4">
      <div className="grid gap-3 sm:grid-cols-2">
        {fields.map((field) => (
          <div key={field.name} className="grid gap-1.5">
            <Label htmlFor={`link-${field.name}`}>{field.label}</Label>
            <Input
              id={`link-${field.name}`}
              name={field.name}
              defaultValue={values[field.name] ?? ""}
              aria-invalid={Boolean(fieldErrors?.[field.name])}
              aria-describedby={`link-${field.name}-hint`}
            />
            <p id={`link-${field.name}-hint`} className="text-xs text-muted-foreground">
              {fieldErrors?.[field.name]?.[0] ?? ("hint" in field ? field.hint : "")}
            </p>
          </div>
        ))}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="sign"
          defaultChecked={values.sign === "on"}
          className="size-4 shrink-0 accent-[var(--primary)]"
        />
        Sign the link (HMAC with your partner secret; required when your settings say so)
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Building…" : "Build link"}
        </Button>
      </div>
      <div aria-live="polite">
        {result && !result.ok ? <p className="text-sm text-destructive">{result.message}</p> : null}
        {result?.ok ? (
          <div className="flex items-center gap-2 rounded-md border bg-muted/40 p-2">
            <code className="min-w-0 flex-1 break-all text-xs" data-testid="onboarding-link">
              {result.data.url}
            </code>
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={async () => {
                await navigator.clipboard.writeText(result.data.url);
                toast.success("Link copied");
              }}
            >
              <Copy aria-hidden /> Copy
            </Button>
          </div>
        ) : null}
      </div>
    </form>
  );
}
