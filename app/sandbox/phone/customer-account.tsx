"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { postToNumber, type RunAction, type SandboxCustomer, selectClass } from "./control-api";

const CHANGE_SHAPES = [
  { value: "system", label: "System message (user_changed_number / user_changed_user_id)" },
  { value: "user_id_update", label: "user_id_update (the older shape)" },
];

type Props = {
  phoneNumberId?: string;
  selected?: SandboxCustomer;
  /** Selects a customer by number in the card's list. */
  choose: (waId: string) => void;
  run: RunAction;
};

/**
 * The customer's own WhatsApp account: a username, whether WhatsApp hides their number from
 * businesses (payloads then carry only the BSUID and the username), and a change of number
 * (a new BSUID, told to the business as Meta tells it).
 */
export function CustomerAccount({ phoneNumberId, selected, choose, run }: Props) {
  const [username, setUsername] = useState("");
  const [profileName, setProfileName] = useState("");
  const [hideNumber, setHideNumber] = useState(true);
  const [shape, setShape] = useState("system");
  const account = () => ({
    username: username.trim() || null,
    hide_number: Boolean(username.trim()) && hideNumber,
    ...(profileName.trim() ? { name: profileName.trim() } : {}),
  });

  return (
    <div className="space-y-2 border-t pt-3">
      <h3 className="text-sm font-medium">The customer's WhatsApp account</h3>
      <Label htmlFor="customer-username">Username</Label>
      <Input
        id="customer-username"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        placeholder="bob.builds"
      />
      <Label htmlFor="customer-profile-name">Profile name</Label>
      <Input
        id="customer-profile-name"
        value={profileName}
        onChange={(e) => setProfileName(e.target.value)}
        placeholder="Bob"
      />
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={hideNumber}
          onChange={(e) => setHideNumber(e.target.checked)}
        />
        Hide the number (the business sees the username only)
      </label>
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          disabled={!phoneNumberId}
          onClick={() =>
            run("Customer added", async () => {
              const saved = (await postToNumber(
                phoneNumberId,
                "customers",
                account(),
              )) as SandboxCustomer;
              choose(saved.wa_id);
            })
          }
        >
          Add customer
        </Button>
        <Button
          size="sm"
          variant="secondary"
          disabled={!phoneNumberId || !selected}
          onClick={() =>
            run("Customer updated", () =>
              postToNumber(phoneNumberId, "customers", { wa_id: selected?.wa_id, ...account() }),
            )
          }
        >
          Update this customer
        </Button>
      </div>
      <Label htmlFor="number-change-shape">A number change is told as</Label>
      <select
        id="number-change-shape"
        className={selectClass}
        value={shape}
        onChange={(e) => setShape(e.target.value)}
      >
        {CHANGE_SHAPES.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Button
        size="sm"
        variant="secondary"
        disabled={!phoneNumberId || !selected}
        onClick={() =>
          run("Number changed", async () => {
            const changed = (await postToNumber(phoneNumberId, "change-number", {
              customer: selected?.wa_id,
              shape,
            })) as { current: { wa_id: string } };
            choose(changed.current.wa_id);
          })
        }
      >
        Customer changes number
      </Button>
    </div>
  );
}
