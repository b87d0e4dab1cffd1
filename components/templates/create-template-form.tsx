"use client";

import { useState } from "react";
import { FormStatus } from "@/components/partners/form-bits";
import { keptValue, useAction } from "@/components/partners/use-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/errors";
import type { CategoryPrice } from "@/lib/templates/prices";

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const placeholders = (text: string) => [
  ...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!.trim()).filter(Boolean)),
];

/**
 * A template in Meta's terms: header, body with {{1}} or {{named}} parameters and an example for
 * each, footer, buttons. Checked on the server with Meta's rules; each problem is listed.
 */
export function CreateTemplateForm({
  action,
  channelId,
  prices,
  market,
}: {
  action: (input: unknown) => Promise<ActionResult<{ name: string; status: string }>>;
  channelId: string;
  prices: CategoryPrice[];
  market: string;
}) {
  const [result, formAction, pending, refused] = useAction(action, { channelId });
  const [body, setBody] = useState("");
  const [header, setHeader] = useState("");
  const [url, setUrl] = useState("");
  const [category, setCategory] = useState("UTILITY");
  const price = prices.find((p) => p.category === category.toLowerCase());
  const problems = result && !result.ok ? Object.entries(result.fieldErrors ?? {}) : [];
  return (
    <form action={formAction} className="grid gap-3" aria-describedby="template-form-status">
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="grid gap-1">
          <Label htmlFor="template-name">Name</Label>
          <Input
            id="template-name"
            name="name"
            placeholder="order_ready"
            defaultValue={keptValue(refused, "name")}
            required
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="template-language">Language</Label>
          <Input
            id="template-language"
            name="language"
            defaultValue={keptValue(refused, "language", "en_US")}
            required
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="template-category">Category</Label>
          <NativeSelect
            id="template-category"
            name="category"
            value={category}
            onChange={(e) => setCategory(e.target.value)}
          >
            {["UTILITY", "MARKETING", "AUTHENTICATION"].map((c) => {
              const p = prices.find((x) => x.category === c.toLowerCase());
              return (
                <option key={c} value={c}>
                  {c.charAt(0) + c.slice(1).toLowerCase()}
                  {p?.price ? ` · ${p.price}` : ""}
                </option>
              );
            })}
          </NativeSelect>
        </div>
      </div>
      <p className="text-sm text-muted-foreground" data-testid="template-price">
        {price?.price
          ? `${price.price} per send in ${market}, ${price.note}.`
          : `No price known in ${market}: ${price?.note ?? "no rate"}.`}{" "}
        Meta may change the category in review, and the price with it.
      </p>
      <div className="grid gap-1">
        <Label htmlFor="template-header">Header text (optional, one parameter at most)</Label>
        <Input
          id="template-header"
          name="header"
          value={header}
          onChange={(e) => setHeader(e.target.value)}
          maxLength={60}
        />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="template-body">Body</Label>
        <Textarea
          id="template-body"
          name="body"
          rows={4}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          placeholder="Hello {{1}}, your order {{2}} is ready for pickup."
          required
        />
      </div>
      {[
        ...placeholders(header).map((p) => ({
          key: `header_${p}`,
          label: `Example for the header's {{${p}}}`,
        })),
        ...placeholders(body).map((p) => ({ key: p, label: `Example for {{${p}}}` })),
        ...(placeholders(url).length > 0
          ? [{ key: "url", label: "Example URL for the button" }]
          : []),
      ].map((field) => (
        <div key={field.key} className="grid gap-1">
          <Label htmlFor={`example-${field.key}`}>{field.label}</Label>
          <Input
            id={`example-${field.key}`}
            name={`example_${field.key}`}
            defaultValue={keptValue(refused, `example_${field.key}`)}
            required
          />
        </div>
      ))}
      <div className="grid gap-1">
        <Label htmlFor="template-footer">Footer (optional)</Label>
        <Input
          id="template-footer"
          name="footer"
          defaultValue={keptValue(refused, "footer")}
          maxLength={60}
        />
      </div>
      <fieldset className="grid gap-3 rounded-md border p-3">
        <legend className="px-1 text-sm font-medium">Buttons (optional)</legend>
        <div className="grid gap-1">
          <Label htmlFor="template-quick">Quick replies, comma-separated</Label>
          <Input
            id="template-quick"
            name="quickReplies"
            placeholder="Yes, No"
            defaultValue={keptValue(refused, "quickReplies")}
          />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="grid gap-1">
            <Label htmlFor="template-url-text">Link button text</Label>
            <Input
              id="template-url-text"
              name="urlText"
              defaultValue={keptValue(refused, "urlText")}
            />
          </div>
          <div className="grid gap-1">
            <Label htmlFor="template-url">Link (may end with {"{{1}}"})</Label>
            <Input
              id="template-url"
              name="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          </div>
          <div className="grid gap-1">
            <Label htmlFor="template-phone-text">Call button text</Label>
            <Input
              id="template-phone-text"
              name="phoneText"
              defaultValue={keptValue(refused, "phoneText")}
            />
          </div>
          <div className="grid gap-1">
            <Label htmlFor="template-phone">Phone number</Label>
            <Input
              id="template-phone"
              name="phone"
              placeholder="+5511999990000"
              defaultValue={keptValue(refused, "phone")}
            />
          </div>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="template-copy">Copy-code example (optional)</Label>
          <Input
            id="template-copy"
            name="copyCode"
            defaultValue={keptValue(refused, "copyCode")}
            maxLength={15}
          />
        </div>
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Submitting…" : "Submit for review"}
        </Button>
        <FormStatus
          id="template-form-status"
          result={result}
          success={result?.ok ? `${result.data.name} submitted: Meta is reviewing it.` : undefined}
        />
      </div>
      {problems.length > 0 ? (
        <ul aria-live="polite" className="list-disc pl-5 text-sm text-destructive">
          {problems.flatMap(([path, messages]) =>
            messages.map((message) => <li key={`${path}-${message}`}>{message}</li>),
          )}
        </ul>
      ) : null}
    </form>
  );
}
