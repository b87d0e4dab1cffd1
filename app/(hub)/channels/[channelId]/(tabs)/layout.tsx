import type { Metadata } from "next";
import type * as React from "react";
import { StatusBadge } from "@/components/partners/status-badge";
import { TabsNav } from "@/components/partners/tabs-nav";
import { PageHeader } from "@/components/shell/page-header";
import { requireCaller } from "@/lib/auth/session";
import { formatPhone } from "@/lib/format";
import { channelOr404 } from "./channel";
import { tabHref, visibleTabs } from "./tabs";

export const metadata: Metadata = { title: "Channel" };

/** The channel's header and section links; each section is its own segment below. */
export default async function ChannelLayout({
  params,
  children,
}: {
  params: Promise<{ channelId: string }>;
  children: React.ReactNode;
}) {
  const { scope } = await requireCaller("portal");
  const channel = await channelOr404((await params).channelId);
  const isClientUser = scope.role === "client";
  return (
    <>
      <PageHeader
        title={formatPhone(channel.displayPhoneNumber)}
        description={`${channel.verifiedName ?? "No display name yet"} · ${channel.clientName}`}
        breadcrumbs={[
          { href: "/channels", label: "Channels" },
          ...(isClientUser
            ? []
            : [{ href: `/clients/${channel.clientId}`, label: channel.clientName }]),
        ]}
      >
        <StatusBadge status={channel.status} />
      </PageHeader>
      <TabsNav
        label="Channel sections"
        tabs={visibleTabs(isClientUser).map((tab) => ({
          label: tab.label,
          href: tabHref(channel.id, tab.segment),
        }))}
      />
      {children}
    </>
  );
}
