import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { partners } from "@/db/schema";
import { systemScope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { inviteMember } from "./users";

/** "Acme Café & Co" -> "acme-cafe-co": the partner's onboarding link is /onboard/<slug>. */
export function slugFromName(name: string) {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "") || "partner"
  );
}

/**
 * An operator's first step on a fresh hub: a partner and its first owner, who gets a one-time
 * set-password link (returned once, as for any invitation). A taken slug gets a short suffix.
 */
export async function createPartnerWithOwner({
  name,
  ownerEmail,
  slug,
}: {
  name: string;
  ownerEmail: string;
  slug?: string;
}) {
  const trimmed = name.trim();
  if (trimmed.length < 2 || trimmed.length > 100) {
    throw new AppError("unprocessable", "The partner name needs 2 to 100 characters.");
  }
  const base = slug ? slugFromName(slug) : slugFromName(trimmed);
  let partner: typeof partners.$inferSelect | undefined;
  for (let attempt = 0; !partner && attempt < 5; attempt++) {
    const candidate = attempt === 0 ? base : `${base}-${randomBytes(2).toString("hex")}`;
    [partner] = await getDb()
      .insert(partners)
      .values({ name: trimmed, slug: candidate })
      .onConflictDoNothing({ target: partners.slug })
      .returning();
  }
  if (!partner) throw new AppError("conflict", `No free slug found for "${base}".`);
  try {
    const { member, setPasswordToken } = await inviteMember(systemScope(partner.id), {
      email: ownerEmail,
      role: "owner",
      actor: { type: "system", label: "operator (hub create-partner)" },
    });
    return { partner, owner: member, setPasswordToken };
  } catch (error) {
    // A partner without an owner would be unreachable: take it back.
    await getDb().delete(partners).where(eq(partners.id, partner.id));
    throw error;
  }
}
