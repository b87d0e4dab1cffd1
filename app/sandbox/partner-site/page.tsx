import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Partner site (sandbox)" };
// The sandbox switch is read at request time, not when `next build` prerenders.
export const dynamic = "force-dynamic";

/**
 * Stands in for a partner's own website in the sandbox: where clients land after onboarding,
 * showing the parameters a partner's software would read.
 */
export default async function PartnerSitePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  if (!getEnv().sandbox) notFound();
  const params = await searchParams;
  return (
    <main className="grid min-h-dvh place-items-center bg-muted/40 p-4">
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle>Welcome back to the partner's site</CardTitle>
          <CardDescription>Sandbox stand-in for a partner's redirect URL.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[6rem_1fr] gap-2 text-sm">
            {(["client", "channels", "state"] as const).map((key) => (
              <div key={key} className="contents">
                <dt className="text-muted-foreground">{key}</dt>
                <dd className="break-all font-mono" data-testid={`landing-${key}`}>
                  {params[key] ?? "–"}
                </dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
    </main>
  );
}
