/**
 * What onboarding needs from Meta's Graph API. The Graph client in lib/meta/graph satisfies it
 * (one adapter); production points it at Meta, demo and tests at the sandbox, over HTTP.
 */
export type PhoneNumberDetails = {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string | null;
  qualityRating: string | null;
  isOnBizApp: boolean | null;
  platformType: string | null;
};

export type SyncType = "smb_app_state_sync" | "history";

export interface OnboardingGraph {
  exchangeCode(code: string): Promise<{ accessToken: string }>;
  subscribeApp(input: { wabaId: string; token: string }): Promise<void>;
  listPhoneNumbers(input: {
    wabaId: string;
    token: string;
  }): Promise<{ id: string; displayPhoneNumber: string }[]>;
  getPhoneNumber(input: { phoneNumberId: string; token: string }): Promise<PhoneNumberDetails>;
  requestSync(input: {
    phoneNumberId: string;
    token: string;
    syncType: SyncType;
  }): Promise<{ requestId: string }>;
}

/** The parts of a Graph error onboarding reads, whatever class carries them. */
export type GraphFailure = {
  message: string;
  code?: number;
  subcode?: number;
  fbtraceId?: string;
  status?: number;
  retryable?: boolean;
};
