import type * as React from "react";
import { requireCaller } from "@/lib/auth/session";

/**
 * Partner-only: a client user gets the not-found page (HTTP 404). Here rather than in the pages:
 * the list's loading boundary would start a 200 before a page could answer 404.
 */
export default async function ClientsLayout({ children }: { children: React.ReactNode }) {
  await requireCaller();
  return children;
}
