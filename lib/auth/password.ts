import bcrypt from "bcryptjs";

const COST = 12;

// Compared against when the email is unknown, so a miss costs as long as a wrong password.
const DUMMY_HASH = "$2b$12$.xHGIqF.LlEn7hHXkhJgMOxPObR.4Y/AbPljQFzqqjQCRZ6OP.rMS";

export const MIN_PASSWORD_LENGTH = 10;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

/** Verifies a password against a stored hash, or against a dummy when there is none. */
export async function verifyPassword(password: string, hash: string | null | undefined) {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && Boolean(hash);
}
