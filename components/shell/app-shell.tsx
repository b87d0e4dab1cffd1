import { MessagesSquare } from "lucide-react";
import Link from "next/link";
import type * as React from "react";
import { NotificationsMenu } from "@/components/health/notifications-menu";
import type { Caller } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import type { Action } from "@/lib/errors";
import { MobileNav } from "./mobile-nav";
import { NavLinks } from "./nav-links";
import { SandboxLink } from "./sandbox-link";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

function Brand({ clientUser }: { clientUser: boolean }) {
  return (
    <Link href={clientUser ? "/channels" : "/"} className="flex items-center gap-2 font-semibold">
      <MessagesSquare className="size-5 text-primary" aria-hidden />
      Coex Hub
    </Link>
  );
}

/** The header's server actions, passed down by the hub layout (app/(hub)/layout.tsx). */
export type ShellActions = {
  notification: Action<{ ok: boolean }>;
  signOut: () => Promise<void>;
};

export function AppShell({
  caller,
  actions,
  children,
}: {
  caller: Caller;
  actions: ShellActions;
  children: React.ReactNode;
}) {
  const clientUser = caller.scope.role === "client";
  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 font-medium text-sm shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:ring-[3px] focus:ring-ring/50"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 flex-col gap-6 overflow-y-auto border-r bg-sidebar p-4 md:flex">
        <Brand clientUser={clientUser} />
        <NavLinks clientUser={clientUser} />
        {getEnv().sandbox ? <SandboxLink /> : null}
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-4 backdrop-blur supports-[backdrop-filter]:bg-background/80">
          <MobileNav clientUser={clientUser} />
          <div className="md:hidden">
            <Brand clientUser={clientUser} />
          </div>
          <div className="ml-auto flex items-center gap-1">
            <span
              className="hidden text-sm text-muted-foreground sm:inline"
              data-testid="partner-name"
            >
              {caller.partnerName}
            </span>
            <NotificationsMenu action={actions.notification} />
            <ThemeToggle />
            <UserMenu
              name={caller.name}
              email={caller.email}
              role={caller.role}
              partnerName={caller.partnerName}
              signOutAction={actions.signOut}
            />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none md:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
