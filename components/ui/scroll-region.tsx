"use client";

import type * as React from "react";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/lib/utils";

type ScrollRegionProps = {
  /** What the region holds ("Client costs"): its name while it scrolls. */
  label: string;
  as?: "div" | "pre";
} & React.HTMLAttributes<HTMLElement>;

/** True while the element's content is wider or taller than the element. */
function useOverflows(ref: React.RefObject<HTMLElement | null>) {
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () =>
      setOverflows(
        element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight,
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const child of Array.from(element.children)) observer.observe(child);
    return () => observer.disconnect();
  }, [ref]);
  return overflows;
}

/**
 * A box that scrolls its content (a wide table, a long code block). While the content overflows,
 * keyboard users must be able to scroll it too (WCAG 2.1.1): it is then a named region in the tab
 * order, so arrow keys scroll it once focused. While everything fits, it is a plain box and adds
 * no tab stop.
 */
export function ScrollRegion({
  label,
  as: Tag = "div",
  className,
  children,
  ...props
}: ScrollRegionProps) {
  const ref = useRef<HTMLElement>(null);
  const overflows = useOverflows(ref);
  return (
    <Tag
      ref={ref as React.Ref<never>}
      className={cn("outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50", className)}
      {...(overflows ? { tabIndex: 0, role: "region", "aria-label": label } : {})}
      {...props}
    >
      {children}
    </Tag>
  );
}
