import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { MessageTemplateRow } from "@/db/schema";
import type { ActionResult } from "@/lib/errors";
import { isEditableStatus } from "@/lib/templates/edit-rules";
import { formValuesFromTemplate } from "@/lib/templates/form-prefill";
import type { CategoryPrice } from "@/lib/templates/prices";
import { type EditedTemplate, EditTemplateForm } from "./edit-template-form";
import { statusWords } from "./template-words";

/**
 * The edit of one template in place of the create form. Says why instead when Meta would not
 * take an edit now (in review, disabled...) or when the form cannot show the whole template
 * (it would drop parts of it): that one is edited through the Partner API.
 */
export function EditTemplateCard({
  template,
  channelId,
  action,
  prices,
  market,
}: {
  template: MessageTemplateRow;
  channelId: string;
  action: (input: unknown) => Promise<ActionResult<EditedTemplate>>;
  prices: CategoryPrice[];
  market: string;
}) {
  const editable = isEditableStatus(template.status);
  const values = editable ? formValuesFromTemplate(template) : null;
  const closeHref = `/channels/${channelId}/templates`;
  return (
    <Card id="template-form">
      <CardHeader>
        <CardTitle>
          Edit {template.name} · {template.language}
        </CardTitle>
        <CardDescription>
          Submitted to Meta for review again: it shows “In review” until Meta approves or rejects
          the change. Meta allows an approved template one edit a day and ten a month.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {values ? (
          <EditTemplateForm
            key={template.id}
            action={action}
            channelId={channelId}
            template={{
              name: template.name,
              language: template.language,
              status: template.status,
              values,
            }}
            prices={prices}
            market={market}
          />
        ) : (
          <p role="status" className="text-sm text-muted-foreground">
            {editable
              ? "This template has parts the form cannot show (a media header, several link buttons, or buttons in another order): edit it through the Partner API so nothing is lost."
              : `${statusWords(template.status)}: Meta allows edits of approved, rejected or paused templates only.`}{" "}
            <Link href={closeHref} className="underline">
              Back to the templates
            </Link>
          </p>
        )}
      </CardContent>
    </Card>
  );
}
