import { Construction } from "lucide-react";
import { Card, CardContent } from "@/components/ui/card";

export function ComingSoon({ what }: { what: string }) {
  return (
    <Card>
      <CardContent className="flex items-center gap-3 text-muted-foreground">
        <Construction className="size-5" aria-hidden />
        <p>{what} is coming soon.</p>
      </CardContent>
    </Card>
  );
}
