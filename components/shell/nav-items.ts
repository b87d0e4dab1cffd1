import {
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

export type NavItem = { href: string; label: string; icon: LucideIcon };

export const navItems: NavItem[] = [
  { href: "/", label: "Overview", icon: Gauge },
  { href: "/onboarding", label: "Onboarding", icon: CircleFadingArrowUp },
  { href: "/clients", label: "Clients", icon: Building2 },
  { href: "/channels", label: "Channels", icon: Phone },
  { href: "/inbox", label: "Inbox", icon: Inbox },
  { href: "/costs", label: "Costs", icon: Receipt },
  { href: "/webhooks", label: "Webhooks", icon: Webhook },
  { href: "/settings", label: "Settings", icon: Cog },
];
