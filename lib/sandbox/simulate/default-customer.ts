import "server-only";
import { AppError } from "@/lib/errors";
import { listSandboxContacts } from "../numbers/store";

/** Who a message from or to the phone involves when the caller names nobody: the first contact. */
export async function defaultCustomer(phoneNumberId: string) {
  const [row] = await listSandboxContacts(phoneNumberId);
  if (!row)
    throw new AppError(
      "unprocessable",
      "This number has no contacts: give `from` / `to` explicitly.",
    );
  return row.waId;
}
