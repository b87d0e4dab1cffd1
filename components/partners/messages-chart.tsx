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
import type { MessagesPerDay } from "@/lib/partners/dashboard";

// Origins in the order a conversation reads; colours distinct in both themes (no text on them).
const origins = [
  { key: "customer", label: "Customer", color: "#0284c7" },
  { key: "api", label: "API", color: "#7c3aed" },
  { key: "app", label: "App", color: "#059669" },
  { key: "history", label: "History", color: "#94a3b8" },
] as const;

/** Messages per day by origin, every day of the period on the axis. */
export function MessagesChart({ data }: { data: MessagesPerDay[] }) {
  const viewer = useViewer() ?? {};
  const dayLabel = (day: string) =>
    new Intl.DateTimeFormat(viewer.locale ?? "en-GB", {
      day: "numeric",
      month: "short",
      timeZone: "UTC",
    }).format(new Date(`${day}T00:00:00Z`));
  return (
    <div className="h-64 w-full" data-testid="messages-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} className="stroke-border" />
          <XAxis
            dataKey="day"
            tickFormatter={dayLabel}
            fontSize={12}
            minTickGap={8}
            tick={{ fill: "currentColor" }}
            className="text-muted-foreground"
          />
          <YAxis
            allowDecimals={false}
            fontSize={12}
            width={32}
            tick={{ fill: "currentColor" }}
            className="text-muted-foreground"
          />
          <Tooltip
            cursor={{ fillOpacity: 0.1 }}
            labelFormatter={(day) => dayLabel(String(day))}
            contentStyle={{
              background: "var(--popover)",
              color: "var(--popover-foreground)",
              border: "1px solid var(--border)",
              borderRadius: 8,
              fontSize: 12,
            }}
          />
          <Legend formatter={(name) => <span className="text-foreground">{String(name)}</span>} />
          {origins.map((o) => (
            <Bar
              key={o.key}
              dataKey={o.key}
              name={o.label}
              stackId="m"
              fill={o.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
