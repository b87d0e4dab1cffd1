"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { AccountCard } from "./account-card";
import { DeliveriesCard, LiveMessagesCard } from "./activity-cards";
import { ClockControls } from "./clock-controls";
import {
  controlApi,
  type Delivery,
  type NumberDetail,
  type RunAction,
  type SandboxClock,
  type SandboxNumber,
} from "./control-api";
import { CustomerCard } from "./customer-card";
import { NumberCard } from "./number-card";

const REFRESH_MS = 3000;

/** Be the business's WhatsApp Business app and its customers, one control API call per button. */
export function PhoneSimulator() {
  const [numbers, setNumbers] = useState<SandboxNumber[]>([]);
  const [selected, setSelected] = useState("");
  const [detail, setDetail] = useState<NumberDetail | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [clock, setClock] = useState<SandboxClock | null>(null);
  const [notice, setNotice] = useState<string>("");

  // The selection is read through a ref so a slow, older refresh never shows another number.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  const refresh = useCallback(async () => {
    const list = await controlApi<{ data: SandboxNumber[] }>("numbers");
    setNumbers(list.data);
    setClock(await controlApi("clock"));
    const id = selectedRef.current || list.data[0]?.phone_number_id || "";
    if (!selectedRef.current && id) setSelected(id);
    if (!id) return;
    const [next, recent] = await Promise.all([
      controlApi<NumberDetail>(`numbers/${id}`),
      controlApi<{ data: Delivery[] }>(`deliveries?phone_number_id=${id}&limit=1000`),
    ]);
    if (id !== (selectedRef.current || id)) return;
    setDetail(next);
    setDeliveries(recent.data.slice(-15).reverse());
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  function choose(id: string) {
    selectedRef.current = id;
    setSelected(id);
    void refresh();
  }

  const run: RunAction = async (label, action) => {
    try {
      await action();
      setNotice(`${label}: done`);
    } catch (error) {
      setNotice(`${label}: ${error instanceof Error ? error.message : "failed"}`);
    }
    await refresh();
  };

  // Only the selected number's detail counts: a refresh still under way may hold the previous one.
  const current = detail && detail.phone_number_id === selected ? detail : null;

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
        <ClockControls clock={clock} run={run} />
      </header>
      <p role="status" className="min-h-5 text-sm">
        {notice}
      </p>

      <div className="grid gap-4 md:grid-cols-3">
        <NumberCard
          numbers={numbers}
          selected={selected}
          detail={current}
          choose={choose}
          run={run}
        />
        {/* Keyed by number so the chosen customer resets when the number changes. */}
        <CustomerCard key={selected} detail={current} run={run} />
        <AccountCard phoneNumberId={current?.phone_number_id} run={run} />
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <LiveMessagesCard messages={current?.messages ?? []} />
        <DeliveriesCard deliveries={deliveries} />
      </div>
    </main>
  );
}
