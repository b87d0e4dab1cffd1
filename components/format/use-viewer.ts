"use client";

import { useSyncExternalStore } from "react";
import type { Viewer } from "@/lib/format";

const noSubscription = () => () => {};
const browserViewer: Viewer = {};

/**
 * The viewer's locale and time zone once the page runs in the browser; the server's first paint
 * (and hydration) uses the fixed UTC form, then React renders again with the viewer's.
 */
export function useViewer(): Viewer | null {
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  if (!inBrowser) return null;
  if (!browserViewer.timeZone) {
    const options = Intl.DateTimeFormat().resolvedOptions();
    browserViewer.locale = navigator.language || options.locale;
    browserViewer.timeZone = options.timeZone;
  }
  return browserViewer;
}
