/**
 * The operators' command line: `npm run hub -- <command> [options]`. Uses the app's environment
 * (DATABASE_URL or PGLITE_DIR, APP_URL) and applies migrations first, so it works on a fresh
 * database before the app has ever started.
 *
 *   create-partner --name "Acme" --owner owner@acme.com [--slug acme]
 *     creates a partner and its owner and prints the owner's one-time set-password link.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { closeDatabase, getDatabase } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { setPasswordUrl } from "@/lib/auth/password-tokens";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createPartnerWithOwner } from "@/lib/partners/create-partner";

const USAGE = `usage: npm run hub -- create-partner --name "Acme" --owner owner@acme.com [--slug acme]`;

type Output = { log: (line: string) => void; error: (line: string) => void };

/** Runs one command; returns the exit code (the entry point below exits with it). */
export async function main(argv: string[], out: Output = console): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "create-partner") {
    out.error(USAGE);
    return 2;
  }
  let values: { name?: string; owner?: string; slug?: string };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { name: { type: "string" }, owner: { type: "string" }, slug: { type: "string" } },
    }));
  } catch (error) {
    out.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  const email = z.email().max(320).safeParse(values.owner?.trim());
  if (!values.name?.trim() || !email.success) {
    out.error(`--name and a valid --owner email are required.\n${USAGE}`);
    return 2;
  }
  const env = getEnv();
  const database = getDatabase();
  try {
    await migrateDatabase(database);
    const created = await createPartnerWithOwner({
      name: values.name,
      ownerEmail: email.data,
      slug: values.slug,
    });
    out.log(`Partner "${created.partner.name}" created (id ${created.partner.id}).`);
    out.log(
      `Onboarding link for its clients: ${new URL(`/onboard/${created.partner.slug}`, env.appUrl)}`,
    );
    out.log(
      `Owner ${created.owner.email}: send this one-time link to set the password (72 hours):`,
    );
    out.log(setPasswordUrl(env.appUrl, created.setPasswordToken));
    return 0;
  } catch (error) {
    out.error(
      error instanceof AppError
        ? error.message
        : `failed: ${error instanceof Error ? error.message : error}`,
    );
    return 1;
  }
}

// Run only as a script (tests import `main`).
if (process.argv[1] && /cli[\\/]hub\.ts$/.test(process.argv[1])) {
  main(process.argv.slice(2))
    .then(async (code) => {
      await closeDatabase();
      process.exit(code);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
