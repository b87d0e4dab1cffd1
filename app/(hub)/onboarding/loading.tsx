import { TablePageSkeleton } from "@/components/shell/skeletons";

// Only on routes without a dynamic child: a loading boundary above a page that calls notFound()
// starts streaming a 200 before the page can answer 404 (Next.js streams the shell first).
export default function Loading() {
  return <TablePageSkeleton />;
}
