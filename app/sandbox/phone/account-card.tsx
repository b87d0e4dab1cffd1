"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { postToNumber, type RunAction, selectClass } from "./control-api";

const DISCONNECT_REASONS = [
  "PRIMARY_INACTIVITY",
  "COMPANION_INACTIVITY",
  "USER_RE_REGISTERED",
  "CHANGE_NUMBER",
  "BUSINESS_DOWNGRADE",
  "ACCOUNT_DISCONNECTED",
];
// Inactivity is detected by WhatsApp itself; every other reason is something the user did.
const SYSTEM_REASONS = new Set(["PRIMARY_INACTIVITY", "COMPANION_INACTIVITY"]);

const ACCOUNT_ACTIONS = [
  { label: "Open the app", done: "App opened", action: "app-open" },
  { label: "Offboard", done: "Offboarded", action: "offboard" },
  { label: "Reconnect", done: "Reconnected", action: "reconnect" },
];

/** The business's address book (contacts sync) and its account's lifecycle events. */
export function AccountCard({ phoneNumberId, run }: { phoneNumberId?: string; run: RunAction }) {
  const [contactNumber, setContactNumber] = useState("");
  const [contactName, setContactName] = useState("");
  const [reason, setReason] = useState("PRIMARY_INACTIVITY");
  const post = (action: string, body?: unknown) => postToNumber(phoneNumberId, action, body);

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Address book and account</h2>
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-2">
        <Label htmlFor="contact-number">Contact number (digits)</Label>
        <Input
          id="contact-number"
          value={contactNumber}
          onChange={(e) => setContactNumber(e.target.value)}
          placeholder="5511912345678"
        />
        <Label htmlFor="contact-name">Name</Label>
        <Input
          id="contact-name"
          value={contactName}
          onChange={(e) => setContactName(e.target.value)}
        />
        <div className="flex gap-2">
          <Button
            size="sm"
            disabled={!phoneNumberId}
            onClick={() =>
              run("Contact saved", () =>
                post("contacts", {
                  action: "add",
                  phone_number: contactNumber,
                  full_name: contactName || undefined,
                  first_name: contactName.split(" ")[0] || undefined,
                }),
              )
            }
          >
            Save contact
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={!phoneNumberId}
            onClick={() =>
              run("Contact removed", () =>
                post("contacts", { action: "remove", phone_number: contactNumber }),
              )
            }
          >
            Remove
          </Button>
        </div>
        <h3 className="border-t pt-3 text-sm font-medium">Account</h3>
        <Label htmlFor="reason">Disconnection reason</Label>
        <select
          id="reason"
          className={selectClass}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        >
          {DISCONNECT_REASONS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            variant="destructive"
            disabled={!phoneNumberId}
            onClick={() =>
              run("Disconnected", () =>
                post("disconnect", {
                  reason,
                  initiated_by: SYSTEM_REASONS.has(reason) ? "SYSTEM" : "USER",
                }),
              )
            }
          >
            Disconnect
          </Button>
          {ACCOUNT_ACTIONS.map(({ label, done, action }) => (
            <Button
              key={action}
              size="sm"
              variant="outline"
              disabled={!phoneNumberId}
              onClick={() => run(done, () => post(action))}
            >
              {label}
            </Button>
          ))}
        </div>
      </CardContent>
    </Card>
  );
}
