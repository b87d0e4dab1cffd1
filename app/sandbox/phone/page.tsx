import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";
import { PhoneSimulator } from "./phone-simulator";

export const metadata: Metadata = { title: "Phone simulator (sandbox)" };
export const dynamic = "force-dynamic";

/** By hand, what the e2e suite does through /sandbox/api: be the business's phone and its customers. */
export default function PhoneSimulatorPage() {
  if (!getEnv().sandbox) notFound();
  return <PhoneSimulator />;
}
