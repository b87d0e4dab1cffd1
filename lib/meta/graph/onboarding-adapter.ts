import "server-only";
import type { OnboardingGraph } from "@/lib/onboarding/graph-port";
import {
  exchangeCode,
  getPhoneNumber,
  listPhoneNumbers,
  requestSmbAppDataSync,
  subscribeApp,
} from "./client";
import type { GraphOptions } from "./http";

/**
 * The Graph client behind lib/onboarding's port. Errors pass through as MetaApiError, which
 * carries what onboarding's GraphFailure reads (message, code, subcode, fbtraceId, status,
 * retryable).
 */
export function createOnboardingGraph(graph?: GraphOptions): OnboardingGraph {
  return {
    exchangeCode: async (code) => ({
      accessToken: (await exchangeCode({ code, graph })).accessToken,
    }),
    subscribeApp: async ({ wabaId, token }) => {
      const result = await subscribeApp({ wabaId, token, graph });
      if (!result.success) throw new Error("Meta did not confirm the webhook subscription.");
    },
    listPhoneNumbers: async ({ wabaId, token }) =>
      (await listPhoneNumbers({ wabaId, token, graph })).map((number) => ({
        id: number.id,
        displayPhoneNumber: number.displayPhoneNumber ?? "",
      })),
    getPhoneNumber: async ({ phoneNumberId, token }) => {
      const number = await getPhoneNumber({ phoneNumberId, token, graph });
      return {
        id: number.id,
        displayPhoneNumber: number.displayPhoneNumber ?? "",
        verifiedName: number.verifiedName ?? null,
        qualityRating: number.qualityRating ?? null,
        isOnBizApp: number.isOnBizApp ?? null,
        platformType: number.platformType ?? null,
      };
    },
    requestSync: ({ phoneNumberId, token, syncType }) =>
      requestSmbAppDataSync({ phoneNumberId, token, syncType, graph }),
  };
}
