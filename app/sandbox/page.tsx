import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sandbox" };
export const dynamic = "force-dynamic";

export default function SandboxHome() {
  const env = getEnv();
  if (!env.sandbox) notFound();
  return (
    <main className="mx-auto max-w-2xl space-y-4 p-6">
      <h1 className="text-2xl font-semibold">The sandbox plays Meta</h1>
      <p className="text-sm text-muted-foreground">
        A Graph API look-alike at <code>{env.meta.graphBaseUrl}</code>, Embedded Signup, and
        simulated businesses whose webhooks go to <code>{env.sandboxWebhookUrl}</code>, signed with
        the app secret.
      </p>
      <ul className="list-disc space-y-1 pl-6">
        <li>
          <Link className="underline" href="/sandbox/phone">
            Phone simulator
          </Link>
        </li>
        <li>
          <Link className="underline" href="/sandbox/try-signup">
            Try Embedded Signup
          </Link>
        </li>
      </ul>
    </main>
  );
}
