"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  type NumberDetail,
  postToNumber,
  type RunAction,
  type SandboxCustomer,
  selectClass,
} from "./control-api";
import { CustomerAccount } from "./customer-account";

const INBOUND_KINDS = [
  { value: "text", label: "Text" },
  { value: "image", label: "Image" },
  { value: "document", label: "Document (PDF)" },
  { value: "sticker", label: "Sticker" },
  { value: "audio", label: "Voice note" },
  { value: "location", label: "Location" },
  { value: "button", label: "Button reply" },
  { value: "referral", label: "From an ad (referral)" },
];

/** How the list names a customer: by username alone when WhatsApp hides their number. */
export function customerOption(c: SandboxCustomer) {
  const name = c.address_book_name ?? c.name;
  if (c.hide_number) return `${name ? `${name} ` : ""}@${c.username} (number hidden)`;
  return [name ?? undefined, c.username ? `@${c.username}` : undefined, `(+${c.wa_id})`]
    .filter(Boolean)
    .join(" ");
}

/** A customer writes to the business, and the business answers from its app (an echo). */
export function CustomerCard({ detail, run }: { detail: NumberDetail | null; run: RunAction }) {
  const [customer, setCustomer] = useState("");
  const [inboundType, setInboundType] = useState("text");
  const [text, setText] = useState("Hi! Are you open today?");
  const [echoText, setEchoText] = useState("Yes, until 6 pm.");
  const id = detail?.phone_number_id;
  const customers = detail?.customers ?? [];
  // The number names the customer in control calls (the sandbox knows it, hidden or not).
  const selected = customers.find((c) => c.wa_id === customer) ?? customers[0];
  const to = selected?.wa_id;

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>A customer writes</h2>
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-2">
        <Label htmlFor="customer">Customer</Label>
        <select
          id="customer"
          className={selectClass}
          value={to ?? ""}
          onChange={(e) => setCustomer(e.target.value)}
        >
          {customers.map((c) => (
            <option key={c.wa_id} value={c.wa_id}>
              {customerOption(c)}
            </option>
          ))}
        </select>
        {selected && (
          <p className="break-all text-xs text-muted-foreground" data-testid="customer-ids">
            BSUID <span className="font-mono">{selected.user_id}</span>
            {selected.parent_user_id && (
              <>
                {" "}
                · parent <span className="font-mono">{selected.parent_user_id}</span>
              </>
            )}
            {selected.hide_number && " · the business never sees the number"}
          </p>
        )}
        <Label htmlFor="inbound-type">Kind</Label>
        <select
          id="inbound-type"
          className={selectClass}
          value={inboundType}
          onChange={(e) => setInboundType(e.target.value)}
        >
          {INBOUND_KINDS.map((kind) => (
            <option key={kind.value} value={kind.value}>
              {kind.label}
            </option>
          ))}
        </select>
        <Label htmlFor="inbound-text">Text</Label>
        <Input id="inbound-text" value={text} onChange={(e) => setText(e.target.value)} />
        <Button
          disabled={!id}
          onClick={() =>
            run("Customer message", () =>
              postToNumber(id, "inbound", { type: inboundType, from: to, text, caption: text }),
            )
          }
        >
          Send as customer
        </Button>
        <h3 className="border-t pt-3 text-sm font-medium">The business answers in the app</h3>
        <Label htmlFor="echo-text">Text</Label>
        <Input id="echo-text" value={echoText} onChange={(e) => setEchoText(e.target.value)} />
        <Button
          variant="secondary"
          disabled={!id}
          onClick={() =>
            run("App message (echo)", () =>
              postToNumber(id, "echo", { type: "text", to, text: echoText }),
            )
          }
        >
          Send from the app
        </Button>
        <CustomerAccount phoneNumberId={id} selected={selected} choose={setCustomer} run={run} />
      </CardContent>
    </Card>
  );
}
