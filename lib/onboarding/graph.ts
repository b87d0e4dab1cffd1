import "server-only";
import {
  exchangeCode,
  getPhoneNumber,
  listPhoneNumbers,
  requestSmbAppDataSync,
  subscribeApp,
} from "@/lib/meta/graph/client";
import type { GraphOptions } from "@/lib/meta/graph/http";
import type { OnboardingGraph } from "./graph-port";

/**
 * Onboarding's view of the Graph client: the same code against Meta or the sandbox. Errors pass through as MetaApiError, which
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
