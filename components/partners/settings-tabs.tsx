import { TabsNav } from "./tabs-nav";

const tabs = [
  { href: "/settings", label: "General", ownerOnly: false },
  { href: "/settings/users", label: "Users", ownerOnly: true },
  { href: "/settings/api-keys", label: "API keys", ownerOnly: false },
  { href: "/settings/audit", label: "Audit log", ownerOnly: false },
];

export function SettingsTabs({ isOwner }: { isOwner: boolean }) {
  return (
    <TabsNav label="Settings sections" tabs={tabs.filter((tab) => isOwner || !tab.ownerOnly)} />
  );
}
