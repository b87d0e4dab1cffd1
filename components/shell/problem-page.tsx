import type { LucideIcon } from "lucide-react";
import type * as React from "react";

/** Not found and error pages: one look, a plain reason and the ways back. */
export function ProblemPage({
  icon: Icon,
  code,
  title,
  children,
  actions,
}: {
  icon: LucideIcon;
  code?: string;
  title: string;
  children: React.ReactNode;
  actions: React.ReactNode;
}) {
  return (
    <section
      className="mx-auto grid max-w-lg justify-items-center gap-4 py-16 text-center"
      aria-labelledby="problem-title"
    >
      <span className="grid size-12 place-items-center rounded-full bg-muted">
        <Icon aria-hidden className="size-6 text-muted-foreground" />
      </span>
      {code ? <p className="font-mono text-muted-foreground text-sm">{code}</p> : null}
      <h1 id="problem-title" className="font-semibold text-2xl tracking-tight">
        {title}
      </h1>
      <div className="grid gap-2 text-muted-foreground text-sm">{children}</div>
      <div className="flex flex-wrap justify-center gap-2">{actions}</div>
    </section>
  );
}
