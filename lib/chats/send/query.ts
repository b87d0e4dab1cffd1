import { AppError } from "@/lib/errors";

/** `?dry_run=true|1|false|0` (absent: false); anything else is a 422 naming the parameter. */
export function dryRunParam(value: string | null): boolean {
  if (value === null || value === "") return false;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new AppError("unprocessable", "The request is not valid.", {
    dry_run: ["Use dry_run=true or dry_run=false."],
  });
}
