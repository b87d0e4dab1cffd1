"use client";

import { TriangleAlert } from "lucide-react";
import Link from "next/link";
import { ProblemPage } from "@/components/shell/problem-page";
import { Button } from "@/components/ui/button";

export default function HubError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert">
      <ProblemPage
        icon={TriangleAlert}
        title="This page could not load"
        actions={
          <>
            <Button onClick={reset}>Try again</Button>
            <Button asChild variant="outline">
              <Link href="/">Go to the Overview</Link>
            </Button>
          </>
        }
      >
        <p>Something went wrong on our side. Your data is safe; try again in a moment.</p>
        {error.digest ? <p className="font-mono text-xs">Reference: {error.digest}</p> : null}
      </ProblemPage>
    </div>
  );
}
