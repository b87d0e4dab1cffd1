import { notFound } from "next/navigation";

/** Any other path inside the console: the 404 page inside the shell (app/(hub)/not-found.tsx). */
export default function MissingPage() {
  notFound();
}
