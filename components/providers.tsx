"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import type * as React from "react";
import { z } from "zod";
import { Toaster } from "@/components/ui/sonner";
import { getQueryClient } from "@/lib/query-client";

// Zod's JIT probes `new Function` once; the CSP (no 'unsafe-eval') reports that probe as a
// violation even though zod catches it. Browser-side parsing is small: skip the JIT there (only
// there: the server's parsing keeps it).
if (typeof window !== "undefined") z.config({ jitless: true });

export function Providers({ children, nonce }: { children: React.ReactNode; nonce?: string }) {
  const queryClient = getQueryClient();
  return (
    <ThemeProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      nonce={nonce}
    >
      <QueryClientProvider client={queryClient}>
        {children}
        <Toaster position="top-right" />
      </QueryClientProvider>
    </ThemeProvider>
  );
}
