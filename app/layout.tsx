import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type * as React from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Coex Hub", template: "%s · Coex Hub" },
  description: "Partner Hub for WhatsApp Coexistence",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts's per-response nonce, for next-themes' inline script (the CSP refuses any other).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
