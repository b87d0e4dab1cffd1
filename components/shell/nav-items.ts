import {
  BookOpen,
  Building2,
  CircleFadingArrowUp,
  Cog,
  Gauge,
  Inbox,
  type LucideIcon,
  Phone,
  Receipt,
  Webhook,
} from "lucide-react";

/** `portal`: client users open it too (the others answer them not found, so they are hidden). */
export type NavItem = { href: string; label: string; icon: LucideIcon; portal?: true };

export const navItems: NavItem[] = [
  { href: "/", label: "Overview", icon: Gauge },
  { href: "/onboarding", label: "Onboarding", icon: CircleFadingArrowUp, portal: true },
  { href: "/clients", label: "Clients", icon: Building2 },
  { href: "/channels", label: "Channels", icon: Phone, portal: true },
  { href: "/inbox", label: "Inbox", icon: Inbox, portal: true },
  { href: "/costs", label: "Costs", icon: Receipt, portal: true },
  { href: "/webhooks", label: "Webhooks", icon: Webhook },
  { href: "/settings", label: "Settings", icon: Cog },
  { href: "/api-docs", label: "API reference", icon: BookOpen },
];
