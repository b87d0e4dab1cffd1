"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

/**
 * Tabs as links: each tab is a URL, so it can be shared and the back button works. The active
 * one is the current path (a client component, so a layout above the tabs can render it).
 */
export function TabsNav({
  label,
  tabs,
}: {
  label: string;
  tabs: { label: string; href: string }[];
}) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="mb-4 flex flex-wrap gap-1 border-b">
      {tabs.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
              active
                ? "border-primary text-foreground"
                : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
