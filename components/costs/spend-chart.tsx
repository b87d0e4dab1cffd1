"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useViewer } from "@/components/format/use-viewer";
import { formatEnum, formatMoney, formatMoneyExact } from "@/lib/format";

export type SpendDay = { day: string } & Record<string, number | string>;

// One colour per pricing category, distinct in both themes; text never sits on them.
export const categoryColors: Record<string, string> = {
  marketing: "#7c3aed",
  utility: "#0284c7",
  authentication: "#d97706",
  authentication_international: "#b45309",
  service: "#059669",
};
const fallbackColor = "#64748b";

/**
 * Spend per day by pricing category, in money: every day of the range on the axis (days without
 * spend stay as empty slots), each category's amount and the day's total in the tooltip.
 * Values are micros.
 */
export function SpendChart({
  data,
  categories,
  currency,
}: {
  data: SpendDay[];
  categories: string[];
  currency: string;
}) {
  const viewer = useViewer() ?? {};
  const money = (micros: number) => formatMoney({ micros, currency }, viewer);
  const dayLabel = (day: string) =>
    new Intl.DateTimeFormat(viewer.locale ?? "en-GB", {
      day: "numeric",
      month: "short",
      timeZone: "UTC",
    }).format(new Date(`${day}T00:00:00Z`));
  return (
    <div className="h-72 w-full" data-testid="spend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} className="stroke-border" />
          <XAxis
            dataKey="day"
            tickFormatter={dayLabel}
            fontSize={12}
            interval="preserveStartEnd"
            minTickGap={12}
            tick={{ fill: "currentColor" }}
            className="text-muted-foreground"
          />
          <YAxis
            fontSize={12}
            width={64}
            tickFormatter={(value: number) => money(value)}
            tick={{ fill: "currentColor" }}
            className="text-muted-foreground"
          />
          <Tooltip
            cursor={{ fillOpacity: 0.1 }}
            content={({ active, payload, label }) => {
              if (!active || !payload?.length) return null;
              const items = payload.filter((p) => Number(p.value) > 0);
              const total = items.reduce((sum, p) => sum + Number(p.value), 0);
              return (
                <div className="grid gap-1 rounded-md border bg-popover p-2 text-popover-foreground text-xs shadow-md">
                  <p className="font-medium">{dayLabel(String(label))}</p>
                  {items.length === 0 ? <p>No spend</p> : null}
                  {items.map((p) => (
                    <p key={String(p.dataKey)} className="flex items-center gap-2">
                      <span
                        aria-hidden
                        className="size-2 rounded-sm"
                        style={{ background: String(p.color) }}
                      />
                      {formatEnum(String(p.dataKey))}
                      <span className="ml-auto tabular-nums">
                        {formatMoneyExact({ micros: Number(p.value), currency }, viewer)}
                      </span>
                    </p>
                  ))}
                  {items.length > 1 ? (
                    <p className="flex justify-between gap-4 border-t pt-1 font-medium">
                      Total <span className="tabular-nums">{money(total)}</span>
                    </p>
                  ) : null}
                </div>
              );
            }}
          />
          <Legend
            formatter={(name) => (
              <span className="text-foreground">{formatEnum(String(name))}</span>
            )}
          />
          {categories.map((category) => (
            <Bar
              key={category}
              dataKey={category}
              stackId="spend"
              fill={categoryColors[category] ?? fallbackColor}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
