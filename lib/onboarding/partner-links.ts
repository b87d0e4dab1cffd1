import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { partners } from "@/db/schema";
import type { Scope } from "@/lib/auth/scope";
import { decryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { buildOnboardingLink, isAllowedRedirect, type LinkParams } from "./links";

/** The partner's onboarding link with the given parameters, signed when asked or required. */
export async function createOnboardingLink(
  { partnerId }: Scope,
  {
    params,
    sign,
    now = new Date(),
  }: { params: Omit<LinkParams, "timestamp" | "signature">; sign: boolean; now?: Date },
): Promise<{ url: string; signed: boolean }> {
  const [partner] = await getDb()
    .select()
    .from(partners)
    .where(eq(partners.id, partnerId))
    .limit(1);
  if (!partner) throw new AppError("not_found", "Partner not found.");
  if (params.redirect_url && !isAllowedRedirect(params.redirect_url, partner.allowedRedirectUrls)) {
    throw new AppError(
      "unprocessable",
      "This redirect URL is not registered. Add it under Settings first.",
      {
        redirect_url: ["Not one of the partner's registered redirect URLs"],
      },
    );
  }
  const mustSign = sign || partner.requireSignedLinks;
  if (mustSign && !partner.secretEncrypted) {
    throw new AppError(
      "conflict",
      "Signing needs a partner secret: create one under Settings first.",
    );
  }
  const signing = mustSign
    ? {
        partnerId: partner.id,
        secret: decryptSecret(partner.secretEncrypted!, getEnv().encryptionKey),
        now,
      }
    : undefined;
  return {
    url: buildOnboardingLink({
      appUrl: getEnv().appUrl,
      partnerSlug: partner.slug,
      params,
      signing,
    }),
    signed: mustSign,
  };
}
