import type * as React from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireCaller } from "@/lib/auth/session";

export default async function HubLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireCaller();
  return <AppShell caller={caller}>{children}</AppShell>;
}
