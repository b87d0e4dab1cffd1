"use client";

import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";

/** A button that asks first, runs one server action, and reports the outcome in a toast. */
export function ConfirmActionButton({
  action,
  input,
  confirm,
  label,
  done,
  variant = "outline",
}: {
  action: (input: unknown) => Promise<ActionResult<unknown>>;
  input: Record<string, unknown>;
  confirm: string;
  label: string;
  done: string;
  variant?: "outline" | "destructive";
}) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      type="button"
      size="sm"
      variant={variant}
      disabled={pending}
      onClick={() => {
        if (!window.confirm(confirm)) return;
        startTransition(async () => {
          const result = await action(input);
          if (result.ok) toast.success(done);
          else toast.error(result.message);
        });
      }}
    >
      {label}
    </Button>
  );
}
