import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";
import { SignupFlow } from "./signup-flow";

export const metadata: Metadata = { title: "Embedded Signup (sandbox)" };
export const dynamic = "force-dynamic";

/** The Embedded Signup popup look-alike, opened by /sandbox/sdk.js's FB.login. */
export default function SandboxEmbeddedSignupPage() {
  const env = getEnv();
  if (!env.sandbox) notFound();
  return <SignupFlow appId={env.meta.appId ?? ""} configId={env.meta.configId ?? ""} />;
}
