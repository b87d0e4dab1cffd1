import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getCaller } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; password?: string }>;
}) {
  if (await getCaller()) redirect("/");
  const { callbackUrl, password } = await searchParams;
  // Auth.js passes an absolute URL; keep only its path so the form cannot redirect off-site.
  let path = "/";
  try {
    if (callbackUrl) path = new URL(callbackUrl, "http://hub.local").pathname;
  } catch {}
  return (
    <main className="grid min-h-dvh place-items-center bg-muted/40 p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl">
            <h1>Sign in to Coex Hub</h1>
          </CardTitle>
          <CardDescription>Partner Hub for WhatsApp Coexistence</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {password === "set" ? (
            <p role="status" className="text-sm" data-testid="password-set">
              Your password is set. Sign in with it.
            </p>
          ) : null}
          <SignInForm callbackUrl={path} />
        </CardContent>
      </Card>
    </main>
  );
}
