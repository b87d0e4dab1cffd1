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
import { formatMoney } from "@/lib/format";

export type CostChartPoint = { period: string; charged: number; free: number; amount: number };

/** Charged and free messages per period (bars), with the amount in the tooltip. */
export function CostChart({ data, currency }: { data: CostChartPoint[]; currency: string }) {
  if (data.length === 0) return null;
  return (
    <div className="h-64 w-full" data-testid="cost-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="period" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip
            formatter={(value, name) =>
              name === "amount"
                ? formatMoney({ micros: Math.round(Number(value) * 1_000_000), currency })
                : String(value)
            }
          />
          <Legend />
          <Bar dataKey="charged" stackId="m" fill="#dc2626" name="charged" />
          <Bar dataKey="free" stackId="m" fill="#16a34a" name="free" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
