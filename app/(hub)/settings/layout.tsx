import type * as React from "react";
import { SettingsTabs } from "@/components/partners/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { requireCaller } from "@/lib/auth/session";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireCaller();
  return (
    <>
      <PageHeader
        title="Settings"
        description={`${caller.partnerName} · signed in as ${caller.role}`}
      />
      <SettingsTabs isOwner={caller.role === "owner"} />
      {children}
    </>
  );
}
