import { SearchX } from "lucide-react";
import Link from "next/link";
import { ProblemPage } from "@/components/shell/problem-page";
import { Button } from "@/components/ui/button";

/** Unknown routes and unknown or foreign ids (answered 404 either way: no hint the row exists). */
export default function HubNotFound() {
  return (
    <ProblemPage
      icon={SearchX}
      code="404"
      title="This page does not exist"
      actions={
        <>
          <Button asChild>
            <Link href="/">Go to the Overview</Link>
          </Button>
          <Button asChild variant="outline">
            <Link href="/channels">See your channels</Link>
          </Button>
        </>
      }
    >
      <p>
        The address may be mistyped, or what it pointed to was removed or belongs to another
        account.
      </p>
    </ProblemPage>
  );
}
