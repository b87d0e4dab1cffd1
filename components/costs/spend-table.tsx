import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { money } from "./cost-tables";

export type SpendRow = {
  key: string;
  label: ReactNode;
  /** Shown only when the table has a channels column (spend per client). */
  channels?: number;
  messages: number;
  charged: number;
  amountMicros: number;
  currency: string | null;
};

/** Spend per channel or per client for the page's range, most spend first. */
export function SpendTable({
  title,
  firstColumn,
  withChannels = false,
  rows,
}: {
  title: string;
  firstColumn: string;
  withChannels?: boolean;
  rows: SpendRow[];
}) {
  return (
    <Card className="mt-4">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>Most spend first, for the same range.</CardDescription>
      </CardHeader>
      <CardContent>
        <Table aria-label={`${firstColumn === "Number" ? "Channel" : firstColumn} costs`}>
          <TableHeader>
            <TableRow>
              <TableHead>{firstColumn}</TableHead>
              {withChannels ? <TableHead className="text-right">Channels</TableHead> : null}
              <TableHead className="text-right">Messages</TableHead>
              <TableHead className="text-right">Charged</TableHead>
              <TableHead className="text-right">Spend</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.key}>
                <TableCell>{r.label}</TableCell>
                {withChannels ? (
                  <TableCell className="text-right tabular-nums">{r.channels}</TableCell>
                ) : null}
                <TableCell className="text-right tabular-nums">{r.messages}</TableCell>
                <TableCell className="text-right tabular-nums">{r.charged}</TableCell>
                <TableCell className="text-right font-medium">
                  {money(r.amountMicros, r.currency)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
