import { subDays } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { ClientConnect } from "@/components/onboarding/client-connect";
import { FunnelChart } from "@/components/onboarding/funnel-chart";
import { LinkBuilder } from "@/components/onboarding/link-builder";
import { SessionsTable } from "@/components/onboarding/sessions-table";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { type ClientScope, isClientScope } from "@/lib/auth/scope";
import { requireCaller } from "@/lib/auth/session";
import { getClientAllowance } from "@/lib/onboarding/client-links";
import { getOnboardingFunnel, listOnboardingSessions } from "@/lib/onboarding/sessions";
import type { SearchParams } from "@/lib/partners/console-list";
import { cn } from "@/lib/utils";
import { buildClientLinkAction, buildLinkAction } from "./actions";
import { ONBOARDING_PERIODS, parseOnboardingSearch } from "./search-params";

export const metadata: Metadata = { title: "Onboarding" };

const PAGE_SIZE = 25;

export default async function OnboardingPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const caller = await requireCaller("portal");
  // A client user connects numbers of its own; the funnel and sessions are the partner's.
  if (isClientScope(caller.scope)) return <ClientOnboarding scope={caller.scope} />;
  const { days, page } = parseOnboardingSearch(await searchParams);
  const now = new Date();
  const [funnel, sessions] = await Promise.all([
    getOnboardingFunnel(caller.scope, { from: subDays(now, days), to: now }),
    listOnboardingSessions(caller.scope, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
  ]);
  return (
    <>
      <PageHeader
        title="Onboarding"
        description="Send clients a link, and see where they get stuck."
      />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Client onboarding link</CardTitle>
            <CardDescription>
              Clients open it in a browser, pass the checklist and connect their WhatsApp Business
              app number.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <LinkBuilder action={buildLinkAction} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
            <div>
              <CardTitle>Funnel</CardTitle>
              <CardDescription>Sessions started in the last {days} days</CardDescription>
            </div>
            <nav aria-label="Period" className="flex gap-1">
              {ONBOARDING_PERIODS.map((period) => (
                <Link
                  key={period}
                  href={`/onboarding?days=${period}`}
                  aria-current={period === days ? "page" : undefined}
                  className={cn(
                    "rounded-md px-2 py-1 text-sm",
                    period === days
                      ? "bg-primary/10 text-primary"
                      : "text-muted-foreground hover:bg-accent",
                  )}
                >
                  {period} days
                </Link>
              ))}
            </nav>
          </CardHeader>
          <CardContent>
            <FunnelChart funnel={funnel} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Sessions</CardTitle>
            <CardDescription>{sessions.total} in all, newest first</CardDescription>
          </CardHeader>
          <CardContent>
            <SessionsTable
              items={sessions.items}
              page={page}
              pageSize={PAGE_SIZE}
              total={sessions.total}
              days={days}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}

async function ClientOnboarding({ scope }: { scope: ClientScope }) {
  const allowance = await getClientAllowance(scope);
  const disabledReason =
    allowance.channels >= allowance.maxChannels
      ? `You have ${allowance.channels} of ${allowance.maxChannels} numbers allowed. Ask your partner for more.`
      : allowance.boundBy === null
        ? "Your account has no client id or email yet: ask your partner to set one first."
        : null;
  return (
    <>
      <PageHeader
        title="Onboarding"
        description="Connect another WhatsApp Business app number of yours."
      />
      <Card className="max-w-2xl">
        <CardHeader>
          <CardTitle>Connect a number</CardTitle>
          <CardDescription data-testid="client-allowance">
            {allowance.clientName}: {allowance.channels} of {allowance.maxChannels} numbers
            connected.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ClientConnect action={buildClientLinkAction} disabledReason={disabledReason} />
        </CardContent>
      </Card>
    </>
  );
}
