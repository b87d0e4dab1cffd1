import { SearchX } from "lucide-react";
import Link from "next/link";
import { ProblemPage } from "@/components/shell/problem-page";
import { Button } from "@/components/ui/button";

/** Outside the console (public pages): the same page, without the signed-in shell. */
export default function NotFound() {
  return (
    <main id="main" className="p-6">
      <ProblemPage
        icon={SearchX}
        code="404"
        title="This page does not exist"
        actions={
          <Button asChild>
            <Link href="/">Go to Coex Hub</Link>
          </Button>
        }
      >
        <p>The address may be mistyped, or the link has expired.</p>
      </ProblemPage>
    </main>
  );
}
