"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  controlApi,
  type NumberDetail,
  type RunAction,
  type SandboxNumber,
  selectClass,
} from "./control-api";

const FAULTS = [
  { fault: "duplicate", label: "Deliver every webhook twice" },
  { fault: "shuffle", label: "Shuffle delivery order" },
  { fault: "batch", label: "Batch changes into one POST" },
] as const;

type Props = {
  numbers: SandboxNumber[];
  selected: string;
  detail: NumberDetail | null;
  choose: (phoneNumberId: string) => void;
  run: RunAction;
};

/** Pick a number, see its ids, set how its webhooks misbehave, or create a new one. */
export function NumberCard({ numbers, selected, detail, choose, run }: Props) {
  const [country, setCountry] = useState("BR");
  const [displayName, setDisplayName] = useState("");
  const patch = (body: unknown) =>
    controlApi(`numbers/${detail?.phone_number_id}`, { method: "PATCH", body });

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Numbers</h2>
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-3">
        <Label htmlFor="number">Number</Label>
        <select
          id="number"
          className={selectClass}
          value={selected}
          onChange={(e) => choose(e.target.value)}
        >
          {numbers.map((n) => (
            <option key={n.phone_number_id} value={n.phone_number_id}>
              {n.verified_name} +{n.display_phone_number} ({n.status})
            </option>
          ))}
        </select>
        {detail && (
          <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
            <dt>phone_number_id</dt>
            <dd className="font-mono">{detail.phone_number_id}</dd>
            <dt>waba_id</dt>
            <dd className="font-mono">{detail.waba_id}</dd>
            <dt>business_id</dt>
            <dd className="font-mono">{detail.business_id}</dd>
            <dt>onboarded</dt>
            <dd>
              {detail.onboarded_at ? new Date(detail.onboarded_at).toLocaleString() : "not yet"}
            </dd>
            <dt>webhooks to</dt>
            <dd className="break-all">{detail.webhook_url}</dd>
          </dl>
        )}
        {detail && (
          <fieldset className="space-y-1 text-sm">
            <legend className="font-medium">Behaviour</legend>
            {FAULTS.map(({ fault, label }) => (
              <Toggle
                key={fault}
                label={label}
                checked={Boolean(detail.faults[fault])}
                onChange={(checked) =>
                  run(`Fault ${fault}`, () =>
                    patch({ faults: { ...detail.faults, [fault]: checked } }),
                  )
                }
              />
            ))}
            <Toggle
              label="Business shares chat history"
              checked={detail.share_history}
              onChange={(checked) => run("Share history", () => patch({ share_history: checked }))}
            />
            <Toggle
              label="Eligible for onboarding"
              checked={detail.eligible}
              onChange={(checked) => run("Eligibility", () => patch({ eligible: checked }))}
            />
            <Toggle
              label="Parent BSUIDs in payloads"
              checked={detail.parent_bsuids}
              onChange={(checked) => run("Parent BSUIDs", () => patch({ parent_bsuids: checked }))}
            />
          </fieldset>
        )}
        <form
          className="space-y-2 border-t pt-3"
          onSubmit={(e) => {
            e.preventDefault();
            void run("Create number", async () => {
              const created = await controlApi<SandboxNumber>("numbers", {
                method: "POST",
                body: { country, ...(displayName ? { display_name: displayName } : {}) },
              });
              choose(created.phone_number_id);
            });
          }}
        >
          <h3 className="text-sm font-medium">New number</h3>
          <Label htmlFor="country">Country (ISO code)</Label>
          <Input
            id="country"
            value={country}
            onChange={(e) => setCountry(e.target.value.toUpperCase())}
            maxLength={2}
          />
          <Label htmlFor="display-name">Display name</Label>
          <Input
            id="display-name"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            placeholder="Sandbox Shop"
          />
          <Button type="submit" size="sm">
            Create number
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}

function Toggle({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="flex items-center gap-2">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
