import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { LinkProblem } from "@/lib/onboarding/sessions";

const explanations: Record<LinkProblem, { title: string; body: string }> = {
  unknown_partner: {
    title: "This onboarding link is not valid",
    body: "The link does not point to a known partner. Ask the company that sent it for a new link.",
  },
  signature_missing: {
    title: "This onboarding link is incomplete",
    body: "The partner requires signed links, and this one carries no signature. Ask them for a fresh link.",
  },
  signature_invalid: {
    title: "This onboarding link could not be verified",
    body: "The link's signature does not match. It may have been changed or copied incompletely: ask the partner for a fresh link.",
  },
  signature_expired: {
    title: "This onboarding link has expired",
    body: "Signed links are valid for a limited time. Ask the partner for a fresh link.",
  },
};

export function LinkProblemCard({ problem }: { problem: LinkProblem }) {
  const { title, body } = explanations[problem];
  return (
    <main className="grid min-h-dvh place-items-center bg-muted/40 p-4">
      <Card className="w-full max-w-md" role="alert">
        <CardHeader>
          <CardTitle>{title}</CardTitle>
        </CardHeader>
        <CardContent className="text-sm text-muted-foreground">{body}</CardContent>
      </Card>
    </main>
  );
}
