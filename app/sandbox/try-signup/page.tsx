import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";
import { TrySignup } from "./try-signup";

export const metadata: Metadata = { title: "Try Embedded Signup (sandbox)" };
export const dynamic = "force-dynamic";

/** A bare page that launches Embedded Signup through the SDK look-alike and shows what comes back. */
export default function TrySignupPage() {
  const env = getEnv();
  if (!env.sandbox) notFound();
  return (
    <TrySignup
      appId={env.meta.appId ?? ""}
      configId={env.meta.configId ?? ""}
      version={env.meta.graphVersion}
    />
  );
}
