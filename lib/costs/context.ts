/** The longest reach of a window rule (24 h referral + 72 h entry point). */
export const CONTEXT_MS = 96 * 3600_000;
