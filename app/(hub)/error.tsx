"use client";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export default function HubError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <Card role="alert">
      <CardHeader>
        <CardTitle>This page could not load</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm text-muted-foreground">
        <p>Something went wrong on our side. Your data is safe; try again in a moment.</p>
        {error.digest ? <p>Reference: {error.digest}</p> : null}
        <Button className="w-fit" onClick={reset}>
          Try again
        </Button>
      </CardContent>
    </Card>
  );
}
