import { Skeleton } from "@/components/ui/skeleton";

/** Loading states shaped like what loads: a page title, then a table, cards or a list. */

const slots = (count: number, name: string) =>
  Array.from({ length: count }, (_, i) => `${name}${i}`);

function TitleSkeleton() {
  return (
    <div className="mb-6 grid gap-2">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-4 w-80 max-w-full" />
    </div>
  );
}

function RowsSkeleton({ rows }: { rows: number }) {
  return (
    <div className="divide-y rounded-md border">
      {slots(rows, "i").map((i) => (
        <div key={i} className="grid gap-2 p-3">
          <Skeleton className="h-4 w-1/3" />
          <Skeleton className="h-3 w-2/3" />
        </div>
      ))}
    </div>
  );
}

export function TablePageSkeleton({ columns = 5, rows = 8 }: { columns?: number; rows?: number }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading">
      <TitleSkeleton />
      <div className="mb-3 flex gap-2">
        <Skeleton className="h-9 w-64" />
        <Skeleton className="h-9 w-32" />
      </div>
      <div className="overflow-hidden rounded-lg border">
        <div className="flex gap-4 border-b bg-muted/50 p-3">
          {slots(columns, "i").map((i) => (
            <Skeleton key={i} className="h-4 flex-1" />
          ))}
        </div>
        {slots(rows, "r").map((r) => (
          <div key={r} className="flex gap-4 border-b p-3 last:border-0">
            {slots(columns, "i").map((i) => (
              <Skeleton key={i} className="h-4 flex-1" />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

export function CardsPageSkeleton({ cards = 4 }: { cards?: number }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading">
      <TitleSkeleton />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {slots(cards, "i").map((i) => (
          <Skeleton key={i} className="h-28" />
        ))}
      </div>
      <Skeleton className="mt-4 h-64" />
    </div>
  );
}

export function ListPageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading">
      <TitleSkeleton />
      <Skeleton className="mb-3 h-9 w-full max-w-md" />
      <RowsSkeleton rows={rows} />
    </div>
  );
}

/** A channel tab loading below the channel's header and tabs (they stay): a card, then rows. */
export function TabSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading">
      <Skeleton className="mb-4 h-28" />
      <RowsSkeleton rows={rows} />
    </div>
  );
}
