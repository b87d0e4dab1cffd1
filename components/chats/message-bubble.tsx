"use client";

import {
  Check,
  CheckCheck,
  CircleHelp,
  Clock,
  Contact,
  type LucideIcon,
  MapPin,
  TriangleAlert,
} from "lucide-react";
import { useState } from "react";
import { useViewer } from "@/components/format/use-viewer";
import type { TimelineMessage } from "@/lib/chats/types";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { useConversationWorkspace } from "./conversation-workspace";
import { MessageMedia } from "./message-media";
import { OriginLabel, originText } from "./origin-label";

const ticks: Record<string, { icon: LucideIcon; text: string; className?: string }> = {
  pending: { icon: Clock, text: "pending" },
  // Meta's answer never came: it may have been sent; its status webhooks will tell.
  unknown: { icon: CircleHelp, text: "outcome unknown — waiting for Meta" },
  sent: { icon: Check, text: "sent" },
  delivered: { icon: CheckCheck, text: "delivered" },
  read: { icon: CheckCheck, text: "read", className: "text-sky-700 dark:text-sky-300" },
  played: { icon: CheckCheck, text: "played", className: "text-sky-700 dark:text-sky-300" },
  failed: { icon: TriangleAlert, text: "failed", className: "text-destructive" },
};

function Ticks({ status }: { status: string }) {
  const tick = ticks[status];
  if (!tick) return <>{status}</>;
  const Icon = tick.icon;
  return (
    <span className={cn("inline-flex items-center gap-1", tick.className)}>
      <Icon aria-hidden className="size-3.5" />
      {tick.text}
    </span>
  );
}

/** One message of the timeline: origin, content, ticks, edits, deletes, quote, reactions. */
export function MessageBubble({ m }: { m: TimelineMessage }) {
  const [showOriginal, setShowOriginal] = useState(false);
  const workspace = useConversationWorkspace();
  const outbound = m.direction === "outbound";
  // Only a message Meta knows (it has a wamid) can be quoted; not a deleted one.
  const canReply = Boolean(workspace?.canSend && m.wamid && !m.revoked);
  return (
    <div
      className={cn("flex px-4 py-1", outbound ? "justify-end" : "justify-start")}
      data-testid="message"
      data-origin={m.origin}
      data-wamid={m.wamid ?? ""}
    >
      <div
        className={cn(
          "max-w-[75%] rounded-lg border px-3 py-2 text-sm shadow-xs",
          outbound ? "bg-primary/10" : "bg-card",
          // History (imported from the phone) stands apart by its border, not by fading: faded
          // text would fall under 4.5:1.
          m.origin === "history" && "border-dashed",
        )}
      >
        <div className="mb-1 flex items-center gap-2 text-muted-foreground text-xs">
          <OriginLabel origin={m.origin} />
          <MessageTime at={m.sentAt} />
          {canReply ? (
            <button
              type="button"
              className="ml-auto rounded px-1 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-ring"
              onClick={() => workspace?.startReply(m)}
              aria-label={`Reply to this message: ${quoteText(m)}`}
            >
              Reply
            </button>
          ) : null}
        </div>
        {m.replyTo ? (
          <blockquote
            className="mb-1 border-primary/50 border-l-2 pl-2 text-muted-foreground text-xs"
            data-testid="quote"
          >
            {m.replyTo.found
              ? `${m.replyTo.origin ? originText[m.replyTo.origin] : ""}: ${
                  m.replyTo.revoked ? "deleted message" : (m.replyTo.text ?? `[${m.replyTo.type}]`)
                }`
              : "A message not mirrored here"}
          </blockquote>
        ) : null}
        {m.referral ? (
          <div className="mb-1 rounded bg-muted p-2 text-xs">
            From an ad{m.referral.sourceType ? ` (${m.referral.sourceType})` : ""}:{" "}
            {m.referral.headline ?? m.referral.sourceUrl ?? ""}
            {m.referral.body ? (
              <div className="text-muted-foreground">{m.referral.body}</div>
            ) : null}
          </div>
        ) : null}
        <Content m={m} />
        {m.edited && !m.revoked ? (
          <div className="text-muted-foreground text-xs">
            edited
            {m.originalText ? (
              <button
                type="button"
                className="ml-2 underline"
                onClick={() => setShowOriginal((v) => !v)}
              >
                {showOriginal ? "hide original" : "show original"}
              </button>
            ) : null}
            {showOriginal ? <div className="italic">Original: {m.originalText}</div> : null}
          </div>
        ) : null}
        {m.revoked && m.originalText ? (
          <div className="text-muted-foreground text-xs">
            <button type="button" className="underline" onClick={() => setShowOriginal((v) => !v)}>
              {showOriginal ? "hide original" : "show original (admins)"}
            </button>
            {showOriginal ? <div className="italic">Original: {m.originalText}</div> : null}
          </div>
        ) : null}
        {m.reactions.length > 0 ? (
          <div className="mt-1 flex gap-1" data-testid="reactions">
            {m.reactions.map((r) => (
              <span key={r.from} title={`Reaction from the ${r.from}`}>
                {r.emoji}
              </span>
            ))}
          </div>
        ) : null}
        {outbound && m.status ? (
          <div
            className={cn(
              "mt-1 text-right text-xs",
              m.status === "failed" ? "text-destructive" : "text-muted-foreground",
            )}
            data-testid="ticks"
            data-status={m.status}
          >
            <Ticks status={m.status} />
            {m.failureReason ? ` · ${m.failureReason}` : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** A message in a few words, for the Reply button's label and the composer's quote. */
export function quoteText(m: TimelineMessage): string {
  if (m.revoked) return "deleted message";
  const text = m.text ?? m.media?.caption ?? m.interactiveReply?.title ?? m.location?.name;
  if (!text) return `[${m.type}]`;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function Content({ m }: { m: TimelineMessage }) {
  if (m.revoked) {
    return <p className="text-muted-foreground italic">This message was deleted.</p>;
  }
  return (
    <div className="grid gap-1">
      {m.media ? <MessageMedia media={m.media} origin={m.origin} /> : null}
      {m.location ? (
        <div className="text-xs">
          <MapPin aria-hidden className="inline size-3.5" /> {m.location.name ?? "Location"}{" "}
          {m.location.address ? `· ${m.location.address}` : ""} ({m.location.latitude.toFixed(5)},{" "}
          {m.location.longitude.toFixed(5)})
        </div>
      ) : null}
      {m.sharedContacts?.map((c) => (
        <div key={`${c.name}${c.phones.join()}`} className="text-xs">
          <Contact aria-hidden className="inline size-3.5" /> {c.name} {c.phones.join(", ")}
        </div>
      ))}
      {m.interactiveReply ? (
        <div className="text-xs">
          Chose: <strong>{m.interactiveReply.title}</strong>
          {m.interactiveReply.description ? ` · ${m.interactiveReply.description}` : ""}
        </div>
      ) : null}
      {m.text && !m.interactiveReply ? (
        <p className="whitespace-pre-wrap break-words">{m.text}</p>
      ) : null}
      {!m.text && !m.media && !m.location && !m.sharedContacts && !m.interactiveReply ? (
        <p className="text-muted-foreground text-xs">[{m.type}]</p>
      ) : null}
    </div>
  );
}

/** The message's time of day (viewer's zone), the full date on hover. */
function MessageTime({ at }: { at: string }) {
  const viewer = useViewer();
  const date = new Date(at);
  const time = new Intl.DateTimeFormat(viewer?.locale ?? "en-GB", {
    timeStyle: "short",
    timeZone: viewer?.timeZone ?? "UTC",
  }).format(date);
  return (
    <time dateTime={at} title={formatDateTime(date, viewer ?? {})} suppressHydrationWarning>
      {time}
    </time>
  );
}
