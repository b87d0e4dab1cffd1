import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Costs" };

export default function CostsPage() {
  return (
    <>
      <PageHeader title="Costs" />
      <ComingSoon what="Costs" />
    </>
  );
}
