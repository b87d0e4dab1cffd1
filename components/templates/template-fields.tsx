"use client";

import { useState } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import type { CategoryPrice } from "@/lib/templates/prices";

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const placeholders = (text: string) => [
  ...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!.trim()).filter(Boolean)),
];

/**
 * The fields of a template in Meta's terms (header, body with {{1}} or {{named}} parameters and
 * an example for each, footer, buttons), shared by the create and the edit form. `initial`
 * prefills them (an edit starts from what Meta holds); `fixedIdentity` shows the name and
 * language read-only (Meta never changes them in an edit); `lockedCategory` shows the category
 * without letting it change (an approved template's, which Meta refuses to change).
 */
export function TemplateFields({
  prices,
  market,
  initial = {},
  fixedIdentity = false,
  lockedCategory,
}: {
  prices: CategoryPrice[];
  market: string;
  initial?: Record<string, string>;
  fixedIdentity?: boolean;
  lockedCategory?: string;
}) {
  const [body, setBody] = useState(initial.body ?? "");
  const [header, setHeader] = useState(initial.header ?? "");
  const [url, setUrl] = useState(initial.url ?? "");
  const [category, setCategory] = useState(lockedCategory ?? initial.category ?? "UTILITY");
  const price = prices.find((p) => p.category === category.toLowerCase());
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="grid gap-1">
          <Label htmlFor="template-name">Name</Label>
          <Input
            id="template-name"
            name="name"
            placeholder="order_ready"
            defaultValue={initial.name}
            readOnly={fixedIdentity}
            required
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="template-language">Language</Label>
          <Input
            id="template-language"
            name="language"
            defaultValue={initial.language ?? "en_US"}
            readOnly={fixedIdentity}
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
            disabled={lockedCategory !== undefined}
            aria-describedby={lockedCategory ? "template-category-locked" : undefined}
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
          {lockedCategory ? (
            <p id="template-category-locked" className="text-xs text-muted-foreground">
              Meta does not let an approved template change category.
            </p>
          ) : null}
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
            defaultValue={initial[`example_${field.key}`]}
            required
          />
        </div>
      ))}
      <div className="grid gap-1">
        <Label htmlFor="template-footer">Footer (optional)</Label>
        <Input id="template-footer" name="footer" maxLength={60} defaultValue={initial.footer} />
      </div>
      <fieldset className="grid gap-3 rounded-md border p-3">
        <legend className="px-1 text-sm font-medium">Buttons (optional)</legend>
        <div className="grid gap-1">
          <Label htmlFor="template-quick">Quick replies, comma-separated</Label>
          <Input
            id="template-quick"
            name="quickReplies"
            placeholder="Yes, No"
            defaultValue={initial.quickReplies}
          />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="grid gap-1">
            <Label htmlFor="template-url-text">Link button text</Label>
            <Input id="template-url-text" name="urlText" defaultValue={initial.urlText} />
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
            <Input id="template-phone-text" name="phoneText" defaultValue={initial.phoneText} />
          </div>
          <div className="grid gap-1">
            <Label htmlFor="template-phone">Phone number</Label>
            <Input
              id="template-phone"
              name="phone"
              placeholder="+5511999990000"
              defaultValue={initial.phone}
            />
          </div>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="template-copy">Copy-code example (optional)</Label>
          <Input
            id="template-copy"
            name="copyCode"
            maxLength={15}
            defaultValue={initial.copyCode}
          />
        </div>
      </fieldset>
    </>
  );
}

/** Every problem the server found, as a list (paths are Meta's, messages are words). */
export function TemplateProblems({ fieldErrors }: { fieldErrors?: Record<string, string[]> }) {
  const problems = Object.entries(fieldErrors ?? {});
  if (problems.length === 0) return null;
  return (
    <ul aria-live="polite" className="list-disc pl-5 text-sm text-destructive">
      {problems.flatMap(([path, messages]) =>
        messages.map((message) => <li key={`${path}-${message}`}>{message}</li>),
      )}
    </ul>
  );
}
