"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { toast } from "sonner";
import { FormStatus } from "@/components/partners/form-bits";
import { useAction } from "@/components/partners/use-action";
import { Button, buttonVariants } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";
import type { CategoryPrice } from "@/lib/templates/prices";
import { TemplateFields, TemplateProblems } from "./template-fields";

export type EditedTemplate = { name: string; language: string; status: string };

/**
 * An edit of one template, prefilled with what Meta holds. The name and language are fixed
 * (sent from props, as is an approved template's category, which Meta does not let change).
 * On success the form closes and the row shows the template back in review.
 */
export function EditTemplateForm({
  action,
  channelId,
  template,
  prices,
  market,
}: {
  action: (input: unknown) => Promise<ActionResult<EditedTemplate>>;
  channelId: string;
  template: { name: string; language: string; status: string; values: Record<string, string> };
  prices: CategoryPrice[];
  market: string;
}) {
  const lockedCategory = template.status === "APPROVED" ? template.values.category : undefined;
  // A refused submission keeps what was typed (React resets a form after every action).
  const [result, formAction, pending, refused] = useAction(action, {
    channelId,
    name: template.name,
    language: template.language,
    ...(lockedCategory ? { category: lockedCategory } : {}),
  });
  const router = useRouter();
  const closeHref = `/channels/${channelId}/templates`;
  useEffect(() => {
    if (!result?.ok) return;
    toast.success(`${result.data.name} (${result.data.language}) submitted: Meta is reviewing it.`);
    router.replace(closeHref);
  }, [result, router, closeHref]);
  return (
    <form action={formAction} className="grid gap-3" aria-describedby="template-form-status">
      <TemplateFields
        prices={prices}
        market={market}
        initial={{ ...template.values, ...(refused ?? {}) }}
        fixedIdentity
        lockedCategory={lockedCategory}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Submitting…" : "Submit the change for review"}
        </Button>
        <Link href={closeHref} className={buttonVariants({ variant: "outline" })}>
          Cancel
        </Link>
        <FormStatus id="template-form-status" result={result?.ok ? null : result} />
      </div>
      <TemplateProblems fieldErrors={result && !result.ok ? result.fieldErrors : undefined} />
    </form>
  );
}
