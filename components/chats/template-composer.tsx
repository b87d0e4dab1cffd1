"use client";

import { useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { buildTemplateMessage, parameterId, renderTemplateText } from "@/lib/chats/send/templates";
import type { ComposerState, ComposerTemplate } from "@/lib/chats/send/types";
import { SendEstimate } from "./send-estimate";
import { missingPlaceholders, placeholderLabel, trimmedValues } from "./template-message";
import type { useSendMessage } from "./use-send-message";

const templateKey = (t: ComposerTemplate) => `${t.name}:${t.language}`;

/**
 * Outside the service window: why free-form is not possible, and the channel's approved
 * templates with their parameters, a preview and the estimated cost before sending.
 */
export function TemplateComposer({
  state,
  sender,
}: {
  state: ComposerState;
  sender: ReturnType<typeof useSendMessage>;
}) {
  const id = useId();
  const templates = state.templates.items;
  const [selected, setSelected] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const template = templates.find((t) => templateKey(t) === selected) ?? null;
  const missing = template ? missingPlaceholders(template.parameters, values) : [];
  // Empty values stay visible as {{1}} in the preview.
  const preview = useMemo(() => {
    if (!template) return null;
    const filled = Object.fromEntries(
      Object.entries(trimmedValues(values)).filter(([, value]) => value !== ""),
    );
    return renderTemplateText(template, filled);
  }, [template, values]);

  async function submit() {
    if (!template || missing.length > 0 || sender.sending) return;
    const sent = await sender.send({
      message: buildTemplateMessage(template, trimmedValues(values)),
      preview: [preview?.header, preview?.body].filter(Boolean).join("\n") || `[${template.name}]`,
      replyTo: null,
    });
    if (sent) {
      setSelected("");
      setValues({});
    }
  }

  return (
    <form
      className="grid gap-3"
      aria-label="Send a template"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div
        className="rounded-md border border-warning bg-warning/10 p-3 text-sm"
        role="note"
        data-testid="composer-mode"
      >
        <p className="font-medium">Templates only: the service window is closed.</p>
        <p className="mt-1 text-muted-foreground">
          {state.freeForm.reason ??
            "The customer has not written in the last 24 hours: only an approved template can be sent."}{" "}
          Meta would refuse a free-form message now (error 131047). Replies typed in the WhatsApp
          Business App are not bound by this window.
        </p>
      </div>
      {!state.templates.ok ? (
        <p className="text-destructive text-sm" role="alert">
          {state.templates.error}
        </p>
      ) : null}
      {templates.length === 0 && state.templates.ok ? (
        <p className="text-muted-foreground text-sm">
          This channel has no approved template. Create one in Meta's WhatsApp Manager.
        </p>
      ) : null}
      {templates.length > 0 ? (
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-template`}>Template</Label>
          <NativeSelect
            id={`${id}-template`}
            value={selected}
            onChange={(event) => {
              setSelected(event.target.value);
              setValues({});
            }}
          >
            <option value="">Choose an approved template…</option>
            {templates.map((t) => (
              <option key={templateKey(t)} value={templateKey(t)}>
                {t.name} · {t.category} · {t.language}
              </option>
            ))}
          </NativeSelect>
        </div>
      ) : null}
      {template ? (
        <>
          {template.parameters.length > 0 ? (
            <fieldset className="grid gap-2">
              <legend className="mb-1 font-medium text-sm">Parameters</legend>
              {template.parameters.map((p) => {
                const key = parameterId(p);
                return (
                  <div key={key} className="grid gap-1">
                    <Label htmlFor={`${id}-${key}`}>{placeholderLabel(p)}</Label>
                    <Input
                      id={`${id}-${key}`}
                      value={values[key] ?? ""}
                      placeholder={p.example ?? ""}
                      required
                      maxLength={1024}
                      onChange={(event) =>
                        setValues((current) => ({ ...current, [key]: event.target.value }))
                      }
                    />
                  </div>
                );
              })}
            </fieldset>
          ) : null}
          <figure className="grid gap-1">
            <figcaption className="font-medium text-sm">Preview</figcaption>
            <div
              className="whitespace-pre-wrap rounded-md border bg-primary/10 px-3 py-2 text-sm"
              data-testid="template-preview"
            >
              {preview?.header ? <p className="font-semibold">{preview.header}</p> : null}
              <p>{preview?.body ?? `[${template.name}]`}</p>
            </div>
          </figure>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <SendEstimate estimate={template.estimate} id={`${id}-estimate`} />
            <Button
              type="submit"
              disabled={missing.length > 0 || sender.sending}
              aria-describedby={`${id}-estimate`}
            >
              {sender.sending ? "Sending…" : "Send template"}
            </Button>
          </div>
          {missing.length > 0 ? (
            <p className="text-muted-foreground text-xs" aria-live="polite">
              Fill in {missing.map(placeholderLabel).join(", ")} to send.
            </p>
          ) : null}
        </>
      ) : null}
    </form>
  );
}
