"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/lib/utils";
import { navItems } from "./nav-items";

function isActive(pathname: string, href: string, from: string | null) {
  // A conversation opened from the Inbox belongs to the Inbox, not to Channels.
  if (from === "inbox" && /^\/channels\/[^/]+\/chats\//.test(pathname)) return href === "/inbox";
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({
  onNavigate,
  clientUser = false,
}: {
  onNavigate?: () => void;
  /** A client user's console: only what it may open. */
  clientUser?: boolean;
}) {
  const pathname = usePathname();
  const from = useSearchParams().get("from");
  const items = clientUser ? navItems.filter((item) => item.portal) : navItems;
  return (
    <nav aria-label="Main" className="grid gap-1">
      {items.map(({ href, label, icon: Icon }) => {
        const active = isActive(pathname, href, from);
        return (
          <Link
            key={href}
            href={href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50",
              active
                ? "bg-primary/10 text-primary"
                : "text-muted-foreground hover:bg-accent hover:text-foreground",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
