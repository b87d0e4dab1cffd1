"use client";

import { formatMoney, formatMoneyExact } from "@/lib/format";
import { useViewer } from "./use-viewer";

/** An amount with two decimals; every stored digit on hover. */
export function Money({
  micros,
  currency,
  className,
}: {
  micros: number;
  currency?: string | null;
  className?: string;
}) {
  const viewer = useViewer() ?? {};
  const money = { micros, currency: currency ?? "USD" };
  return (
    <span
      className={["tabular-nums", className].filter(Boolean).join(" ")}
      title={formatMoneyExact(money, viewer)}
      suppressHydrationWarning
    >
      {formatMoney(money, viewer)}
    </span>
  );
}
