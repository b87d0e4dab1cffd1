import "server-only";
import {
  exchangeCode,
  getPhoneNumber,
  listPhoneNumbers,
  requestSmbAppDataSync,
  subscribeApp,
} from "@/lib/meta/graph/client";
import type { GraphOptions } from "@/lib/meta/graph/http";
import type { OnboardingGraph, PhoneNumberDetails } from "./graph-port";

/** Onboarding's view of the Graph client: the same code against Meta or the sandbox. */
export function createOnboardingGraph(graph?: GraphOptions): OnboardingGraph {
  return {
    exchangeCode: (code) => exchangeCode({ code, graph }),
    subscribeApp: async ({ wabaId, token }) => {
      await subscribeApp({ wabaId, token, graph });
    },
    listPhoneNumbers: async ({ wabaId, token }) =>
      (await listPhoneNumbers({ wabaId, token, graph })).map((n) => ({
        id: n.id,
        displayPhoneNumber: n.displayPhoneNumber ?? "",
      })),
    getPhoneNumber: async ({ phoneNumberId, token }): Promise<PhoneNumberDetails> => {
      const n = await getPhoneNumber({ phoneNumberId, token, graph });
      return {
        id: n.id,
        displayPhoneNumber: n.displayPhoneNumber ?? "",
        verifiedName: n.verifiedName ?? null,
        qualityRating: n.qualityRating ?? null,
        isOnBizApp: n.isOnBizApp ?? null,
        platformType: n.platformType ?? null,
      };
    },
    requestSync: ({ phoneNumberId, token, syncType }) =>
      requestSmbAppDataSync({ phoneNumberId, token, syncType, graph }),
  };
}
