import { Info } from "lucide-react";

/** What coexistence changes in the app, acknowledged before the popup opens (Meta, BSP guidance). */
export const coexistenceChanges = [
  "All linked devices are unlinked when you connect. Re-link up to four afterwards. WhatsApp for Windows and WearOS are not supported: what you send or read there will not be mirrored.",
  "In the app, disappearing messages, view once and live location are turned off for 1:1 chats, and broadcast lists are disabled.",
  "Open the WhatsApp Business app at least every 13 days, or the connection drops.",
  "Sending through the API is capped at 20 messages per second.",
  "You can share your chats from the last 6 months. Group chats are never shared.",
];

export function ChangesNotice() {
  return (
    <div className="grid gap-3 rounded-md border bg-muted/40 p-4">
      <p className="flex items-center gap-2 text-sm font-medium">
        <Info className="size-4" aria-hidden /> What changes when you connect
      </p>
      <ul className="grid list-disc gap-2 pl-5 text-sm text-muted-foreground">
        {coexistenceChanges.map((change) => (
          <li key={change}>{change}</li>
        ))}
      </ul>
    </div>
  );
}
