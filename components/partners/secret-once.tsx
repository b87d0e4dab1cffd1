"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A secret the hub will never show again: displayed once, with a copy button. */
export function SecretOnce({ label, secret }: { label: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      role="status"
      className="grid gap-2 rounded-lg border border-warning/60 bg-warning/10 p-3"
      data-testid="secret-once"
    >
      <p className="text-sm font-medium">{label}</p>
      <p className="text-xs text-muted-foreground">
        Copy it now: it is shown only this once. The hub keeps only a hash.
      </p>
      <div className="flex items-center gap-2">
        <code
          className="flex-1 break-all rounded bg-muted px-2 py-1 font-mono text-xs"
          data-testid="secret-value"
        >
          {secret}
        </code>
        <Button
          type="button"
          variant="outline"
          size="sm"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
