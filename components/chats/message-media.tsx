"use client";

import { useQuery } from "@tanstack/react-query";
import { FileText } from "lucide-react";
import { useEffect, useState } from "react";
import type { MessageOrigin } from "@/db/schema/chats";
import { formatBytes } from "@/lib/chats/media/files";
import type { TimelineMessage } from "@/lib/chats/types";
import { cn } from "@/lib/utils";
import { originText } from "./origin-label";

type Media = NonNullable<TimelineMessage["media"]>;

// Fixed boxes: the bubble has its final size before the bytes arrive and keeps it if they never
// do, so the virtualised timeline does not jump.
const BOX = {
  image: "h-48 w-64",
  video: "h-48 w-64",
  sticker: "h-32 w-32",
  audio: "h-10 w-64",
  document: "h-10 w-64",
} as const;

/**
 * A message's media, fetched through the hub from Meta: images and stickers inline (click for
 * full size), audio and video with the browser's controls, documents as a download with name and
 * size. The typed placeholder stays whenever Meta cannot give it (no id, expired, disconnected).
 */
export function MessageMedia({ media, origin }: { media: Media; origin: MessageOrigin }) {
  const [failed, setFailed] = useState(false);
  const kind = media.kind as keyof typeof BOX;
  if (!media.url || !(kind in BOX)) return <MediaPlaceholder media={media} />;
  if (failed) return <MediaPlaceholder media={media} unavailable className={BOX[kind]} />;
  const fail = () => setFailed(true);
  const common = { "data-testid": "message-media", "data-kind": kind };

  if (kind === "image" || kind === "sticker") {
    const alt =
      media.caption ?? `${kind === "sticker" ? "Sticker" : "Image"} from ${originText[origin]}`;
    return (
      <a
        {...common}
        href={media.url}
        target="_blank"
        rel="noopener noreferrer"
        title="Open full size"
        className={cn(
          "block overflow-hidden rounded focus-visible:outline-2 focus-visible:outline-ring",
          kind === "image" && "bg-muted",
          BOX[kind],
        )}
      >
        {/* biome-ignore lint/performance/noImgElement: the bytes stream from Meta through an authenticated route; next/image would proxy them again */}
        <img
          src={media.url}
          alt={alt}
          loading="lazy"
          decoding="async"
          onError={fail}
          className="h-full w-full object-contain"
        />
      </a>
    );
  }
  if (kind === "audio") {
    return (
      <audio
        {...common}
        controls
        preload="none"
        src={media.url}
        onError={fail}
        className={BOX.audio}
      />
    );
  }
  if (kind === "video") {
    return (
      <video
        {...common}
        controls
        preload="none"
        src={media.url}
        onError={fail}
        className={cn("rounded bg-black", BOX.video)}
      />
    );
  }
  return <DocumentLink media={media} url={media.url} onUnavailable={fail} />;
}

/** The size comes from a HEAD (one Graph call, no download); a failure means Meta cannot give it. */
function DocumentLink({
  media,
  url,
  onUnavailable,
}: {
  media: Media;
  url: string;
  onUnavailable: () => void;
}) {
  const head = useQuery({
    queryKey: ["message-media-head", url],
    queryFn: async () => {
      const response = await fetch(url, { method: "HEAD" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const length = response.headers.get("content-length");
      return { size: length ? Number(length) : null };
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  useEffect(() => {
    if (head.isError) onUnavailable();
  }, [head.isError, onUnavailable]);
  const name = media.filename ?? media.caption ?? "Document";
  const size = head.data?.size != null ? formatBytes(head.data.size) : null;
  return (
    <a
      data-testid="message-media"
      data-kind="document"
      href={url}
      download={media.filename ?? true}
      className={cn(
        "flex items-center gap-2 rounded bg-muted px-2 text-xs underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-ring",
        BOX.document,
      )}
    >
      <FileText aria-hidden className="size-4 shrink-0" />
      <span className="min-w-0 flex-1 truncate">{name}</span>
      <span className="shrink-0 text-muted-foreground">{size ?? media.mimeType ?? ""}</span>
    </a>
  );
}

/** What Meta said the media is: its kind, file name and type. */
export function MediaPlaceholder({
  media,
  unavailable = false,
  className,
}: {
  media: Media;
  unavailable?: boolean;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col justify-center overflow-hidden rounded bg-muted px-2 py-3 text-muted-foreground text-xs",
        className,
      )}
      data-testid="media-placeholder"
      data-unavailable={unavailable ? "true" : undefined}
      title={
        unavailable
          ? "Meta cannot give this media now (expired, or the channel is disconnected)."
          : undefined
      }
    >
      <span className="truncate">
        [{media.kind}
        {media.filename ? `: ${media.filename}` : ""}
        {media.mimeType ? ` · ${media.mimeType}` : ""}]
      </span>
      {unavailable ? <span className="truncate">Not available from Meta</span> : null}
    </div>
  );
}
