import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { inspectPasswordToken, passwordTokenMessage } from "@/lib/auth/password-tokens";
import { SetPasswordForm } from "./set-password-form";

// The token is in this page's URL: never send it on to another site in a Referer header.
export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await inspectPasswordToken(token);
  return (
    <main className="grid min-h-dvh place-items-center bg-muted/40 p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl">
            <h1>Set your password</h1>
          </CardTitle>
          <CardDescription>
            {link.status === "valid" ? `For ${link.email} on Coex Hub` : "Coex Hub"}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {link.status === "valid" ? (
            <SetPasswordForm token={token} email={link.email} />
          ) : (
            <div className="grid gap-4">
              <p role="alert" className="text-sm text-destructive" data-testid="link-problem">
                {passwordTokenMessage(link.status)}
              </p>
              <Link href="/sign-in" className="text-sm underline underline-offset-4">
                Go to sign-in
              </Link>
            </div>
          )}
        </CardContent>
      </Card>
    </main>
  );
}
