"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** A thin client of the control API (/sandbox/api): every button is one documented call. */
type SandboxNumber = {
  phone_number_id: string;
  waba_id: string;
  business_id: string;
  display_phone_number: string;
  verified_name: string;
  status: string;
  eligible: boolean;
  share_history: boolean;
  onboarded_at: string | null;
  webhook_url: string;
  faults: { duplicate?: boolean; shuffle?: boolean; batch?: boolean };
};
type Detail = SandboxNumber & {
  contacts: { wa_id: string; full_name: string | null }[];
  messages: {
    wamid: string;
    wa_id: string;
    direction: string;
    type: string;
    content: Record<string, unknown>;
    at: string;
  }[];
};
type Delivery = {
  id: number;
  fields: string[];
  status: string;
  attempts: { status?: number; error?: string }[];
  createdAt: string;
};

async function api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const response = await fetch(`/sandbox/api/${path}`, {
    method: init?.method ?? "GET",
    headers: init?.body === undefined ? undefined : { "content-type": "application/json" },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body as T;
}

const selectClass = "h-9 w-full rounded-md border bg-background px-3 text-sm";

export function PhoneSimulator() {
  const [numbers, setNumbers] = useState<SandboxNumber[]>([]);
  const [selected, setSelected] = useState("");
  const [detail, setDetail] = useState<Detail | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [clock, setClock] = useState<{ now: string; offset_seconds: number } | null>(null);
  const [notice, setNotice] = useState<string>("");
  const [customer, setCustomer] = useState("");
  const [inboundType, setInboundType] = useState("text");
  const [text, setText] = useState("Hi! Are you open today?");
  const [echoText, setEchoText] = useState("Yes, until 6 pm.");
  const [contactNumber, setContactNumber] = useState("");
  const [contactName, setContactName] = useState("");
  const [reason, setReason] = useState("PRIMARY_INACTIVITY");
  const [country, setCountry] = useState("BR");
  const [displayName, setDisplayName] = useState("");

  // The selection is read through a ref so a slow, older refresh never shows another number.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  const refresh = useCallback(async () => {
    const list = await api<{ data: SandboxNumber[] }>("numbers");
    setNumbers(list.data);
    setClock(await api("clock"));
    const id = selectedRef.current || list.data[0]?.phone_number_id || "";
    if (!selectedRef.current && id) setSelected(id);
    if (!id) return;
    const [next, recent] = await Promise.all([
      api<Detail>(`numbers/${id}`),
      api<{ data: Delivery[] }>(`deliveries?phone_number_id=${id}&limit=1000`),
    ]);
    if (id !== (selectedRef.current || id)) return;
    setDetail(next);
    setDeliveries(recent.data.slice(-15).reverse());
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 3000);
    return () => clearInterval(timer);
  }, [refresh]);

  function choose(id: string) {
    selectedRef.current = id;
    setSelected(id);
    setCustomer("");
    void refresh();
  }

  async function run(label: string, action: () => Promise<unknown>) {
    try {
      await action();
      setNotice(`${label}: done`);
    } catch (error) {
      setNotice(`${label}: ${error instanceof Error ? error.message : "failed"}`);
    }
    await refresh();
  }

  const id = detail && detail.phone_number_id === selected ? detail.phone_number_id : undefined;
  const to = customer || detail?.contacts[0]?.wa_id;

  return (
    <main className="mx-auto max-w-6xl space-y-4 p-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">
            Sandbox
          </p>
          <h1 className="text-2xl font-semibold">Phone simulator</h1>
          <p className="text-sm text-muted-foreground">
            Be the business's WhatsApp Business app and its customers. Every action sends the
            webhook Meta would send.
          </p>
        </div>
        <div className="text-sm" aria-live="polite">
          Sandbox clock: <strong>{clock ? new Date(clock.now).toLocaleString() : "…"}</strong>
          {clock && clock.offset_seconds !== 0
            ? ` (${Math.round(clock.offset_seconds / 3600)} h ahead)`
            : ""}
          <div className="mt-1 flex gap-2">
            <Button
              size="sm"
              variant="outline"
              onClick={() =>
                run("Clock +1 h", () =>
                  api("clock", { method: "POST", body: { advance_seconds: 3600 } }),
                )
              }
            >
              +1 h
            </Button>
            <Button
              size="sm"
              variant="outline"
              onClick={() =>
                run("Clock +1 day", () =>
                  api("clock", { method: "POST", body: { advance_seconds: 86400 } }),
                )
              }
            >
              +1 day
            </Button>
            <Button
              size="sm"
              variant="outline"
              onClick={() =>
                run("Clock +13 days", () =>
                  api("clock", { method: "POST", body: { advance_seconds: 13 * 86400 } }),
                )
              }
            >
              +13 days
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() =>
                run("Clock reset", () => api("clock", { method: "POST", body: { reset: true } }))
              }
            >
              Reset
            </Button>
          </div>
        </div>
      </header>
      <p role="status" className="min-h-5 text-sm">
        {notice}
      </p>

      <div className="grid gap-4 md:grid-cols-3">
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
                {(["duplicate", "shuffle", "batch"] as const).map((fault) => (
                  <label key={fault} className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={Boolean(detail.faults[fault])}
                      onChange={(e) =>
                        run(`Fault ${fault}`, () =>
                          api(`numbers/${id}`, {
                            method: "PATCH",
                            body: { faults: { ...detail.faults, [fault]: e.target.checked } },
                          }),
                        )
                      }
                    />
                    {fault === "duplicate"
                      ? "Deliver every webhook twice"
                      : fault === "shuffle"
                        ? "Shuffle delivery order"
                        : "Batch changes into one POST"}
                  </label>
                ))}
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={detail.share_history}
                    onChange={(e) =>
                      run("Share history", () =>
                        api(`numbers/${id}`, {
                          method: "PATCH",
                          body: { share_history: e.target.checked },
                        }),
                      )
                    }
                  />
                  Business shares chat history
                </label>
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={detail.eligible}
                    onChange={(e) =>
                      run("Eligibility", () =>
                        api(`numbers/${id}`, {
                          method: "PATCH",
                          body: { eligible: e.target.checked },
                        }),
                      )
                    }
                  />
                  Eligible for onboarding
                </label>
              </fieldset>
            )}
            <form
              className="space-y-2 border-t pt-3"
              onSubmit={(e) => {
                e.preventDefault();
                void run("Create number", async () => {
                  const created = await api<SandboxNumber>("numbers", {
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
              {detail?.contacts.map((c) => (
                <option key={c.wa_id} value={c.wa_id}>
                  {c.full_name ?? c.wa_id} (+{c.wa_id})
                </option>
              ))}
            </select>
            <Label htmlFor="inbound-type">Kind</Label>
            <select
              id="inbound-type"
              className={selectClass}
              value={inboundType}
              onChange={(e) => setInboundType(e.target.value)}
            >
              <option value="text">Text</option>
              <option value="image">Image</option>
              <option value="location">Location</option>
              <option value="button">Button reply</option>
              <option value="referral">From an ad (referral)</option>
            </select>
            <Label htmlFor="inbound-text">Text</Label>
            <Input id="inbound-text" value={text} onChange={(e) => setText(e.target.value)} />
            <Button
              disabled={!id}
              onClick={() =>
                run("Customer message", () =>
                  api(`numbers/${id}/inbound`, {
                    method: "POST",
                    body: { type: inboundType, from: to, text, caption: text },
                  }),
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
                  api(`numbers/${id}/echo`, {
                    method: "POST",
                    body: { type: "text", to, text: echoText },
                  }),
                )
              }
            >
              Send from the app
            </Button>
          </CardContent>
        </Card>

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
                disabled={!id}
                onClick={() =>
                  run("Contact saved", () =>
                    api(`numbers/${id}/contacts`, {
                      method: "POST",
                      body: {
                        action: "add",
                        phone_number: contactNumber,
                        full_name: contactName || undefined,
                        first_name: contactName.split(" ")[0] || undefined,
                      },
                    }),
                  )
                }
              >
                Save contact
              </Button>
              <Button
                size="sm"
                variant="outline"
                disabled={!id}
                onClick={() =>
                  run("Contact removed", () =>
                    api(`numbers/${id}/contacts`, {
                      method: "POST",
                      body: { action: "remove", phone_number: contactNumber },
                    }),
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
              {[
                "PRIMARY_INACTIVITY",
                "COMPANION_INACTIVITY",
                "USER_RE_REGISTERED",
                "CHANGE_NUMBER",
                "BUSINESS_DOWNGRADE",
                "ACCOUNT_DISCONNECTED",
              ].map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
            <div className="flex flex-wrap gap-2">
              <Button
                size="sm"
                variant="destructive"
                disabled={!id}
                onClick={() =>
                  run("Disconnected", () =>
                    api(`numbers/${id}/disconnect`, {
                      method: "POST",
                      body: {
                        reason,
                        initiated_by:
                          reason === "PRIMARY_INACTIVITY" || reason === "COMPANION_INACTIVITY"
                            ? "SYSTEM"
                            : "USER",
                      },
                    }),
                  )
                }
              >
                Disconnect
              </Button>
              <Button
                size="sm"
                variant="outline"
                disabled={!id}
                onClick={() =>
                  run("App opened", () =>
                    api(`numbers/${id}/app-open`, { method: "POST", body: {} }),
                  )
                }
              >
                Open the app
              </Button>
              <Button
                size="sm"
                variant="outline"
                disabled={!id}
                onClick={() =>
                  run("Offboarded", () =>
                    api(`numbers/${id}/offboard`, { method: "POST", body: {} }),
                  )
                }
              >
                Offboard
              </Button>
              <Button
                size="sm"
                variant="outline"
                disabled={!id}
                onClick={() =>
                  run("Reconnected", () =>
                    api(`numbers/${id}/reconnect`, { method: "POST", body: {} }),
                  )
                }
              >
                Reconnect
              </Button>
            </div>
          </CardContent>
        </Card>
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Live messages</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="space-y-1 text-sm">
              {detail?.messages.map((m) => (
                <li key={m.wamid} className={m.direction === "inbound" ? "" : "text-right"}>
                  <span className="text-xs text-muted-foreground">
                    {m.direction} · +{m.wa_id} · {new Date(m.at).toLocaleTimeString()}
                  </span>
                  <br />
                  {(m.content.text as { body?: string } | undefined)?.body ?? `[${m.type}]`}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Webhook deliveries</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="space-y-1 font-mono text-xs">
              {deliveries.map((d) => (
                <li key={d.id}>
                  #{d.id} {d.fields.join(",")} · {d.status} ·{" "}
                  {d.attempts.map((a) => a.status ?? a.error).join(" → ") || "queued"}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      </div>
    </main>
  );
}
