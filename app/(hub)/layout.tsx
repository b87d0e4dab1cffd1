import type * as React from "react";
import { signOutAction } from "@/app/sign-in/actions";
import { AppShell } from "@/components/shell/app-shell";
import { requireCaller } from "@/lib/auth/session";
import { notificationAction } from "./actions";

export default async function HubLayout({ children }: { children: React.ReactNode }) {
  // Open to client users: each page below decides (partner-only unless it asks for "portal").
  const caller = await requireCaller("portal");
  return (
    <AppShell
      caller={caller}
      actions={{ notification: notificationAction, signOut: signOutAction }}
    >
      {children}
    </AppShell>
  );
}
