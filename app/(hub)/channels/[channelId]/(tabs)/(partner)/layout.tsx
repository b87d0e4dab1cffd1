import type * as React from "react";
import { requireCaller } from "@/lib/auth/session";

/**
 * The partner's plumbing (webhooks, API keys, raw events): a client user gets the not-found page
 * (HTTP 404). Here rather than in the pages: their loading boundaries would start a 200 first.
 */
export default async function PartnerTabsLayout({ children }: { children: React.ReactNode }) {
  await requireCaller();
  return children;
}
