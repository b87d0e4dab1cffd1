import Link from "next/link";
import { cn } from "@/lib/utils";

/** Tabs as links: each tab is a URL, so it can be shared and the back button works. */
export function TabsNav({
  label,
  tabs,
  active,
}: {
  label: string;
  tabs: { id: string; label: string; href: string }[];
  active: string;
}) {
  return (
    <nav aria-label={label} className="mb-4 flex flex-wrap gap-1 border-b">
      {tabs.map((tab) => (
        <Link
          key={tab.id}
          href={tab.href}
          aria-current={tab.id === active ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
            tab.id === active
              ? "border-primary text-foreground"
              : "border-transparent text-muted-foreground hover:text-foreground",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
