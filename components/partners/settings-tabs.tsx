"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const tabs = [
  { href: "/settings", label: "General", ownerOnly: false },
  { href: "/settings/users", label: "Users", ownerOnly: true },
  { href: "/settings/api-keys", label: "API keys", ownerOnly: false },
  { href: "/settings/audit", label: "Audit log", ownerOnly: false },
];

export function SettingsTabs({ isOwner }: { isOwner: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings sections" className="mb-4 flex flex-wrap gap-1 border-b">
      {tabs
        .filter((tab) => isOwner || !tab.ownerOnly)
        .map((tab) => {
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
