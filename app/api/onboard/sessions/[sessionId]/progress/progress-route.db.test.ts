import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPartner } from "@/db/testing/factories";
import { callRoute } from "@/lib/api/testing";
import { eligibilityAnswersSchema } from "@/lib/onboarding/eligibility";
import { getClientProgress } from "@/lib/onboarding/progress";
import { submitEligibility } from "@/lib/onboarding/sessions";
import { GET } from "./route";

/**
 * The onboarding page's progress poll. Public like the page: the random session id is the only
 * key, so a malformed one is refused and an unknown one is a 404, in the one error shape.
 */
const progress = (sessionId: string) =>
  callRoute(GET as never, {
    path: `/api/onboard/sessions/${encodeURIComponent(sessionId)}/progress`,
    params: { sessionId },
  });

async function eligibleSession() {
  const partner = await createPartner();
  const { sessionId } = await submitEligibility({
    slug: partner.slug,
    params: {},
    answers: eligibilityAnswersSchema.parse({
      number: "+55 11 98765-4321",
      appVersionOk: "on",
      inUseLongEnough: "on",
      noPaymentMethod: "on",
      notWithOtherProvider: "on",
    }),
  });
  return sessionId;
}

describe("GET /api/onboard/sessions/:sessionId/progress", () => {
  it("answers the session's progress as the page shows it, not cached", async () => {
    const sessionId = await eligibleSession();
    const response = await progress(sessionId);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.body).toEqual(
      JSON.parse(JSON.stringify(await getClientProgress({ sessionId }))),
    );
    expect(response.body).toMatchObject({ status: "eligible", redirectTo: null, history: null });
  });

  it.each(["not-a-uuid", " ", "1; drop table x"])(
    "refuses a malformed id (%j) as 400",
    async (id) => {
      expect(await progress(id)).toMatchObject({
        status: 400,
        body: { error: { code: "bad_request", message: expect.stringMatching(/not valid/) } },
      });
    },
  );

  it("is a 404 for an id that names no session", async () => {
    expect(await progress(randomUUID())).toMatchObject({
      status: 404,
      body: {
        error: { code: "not_found", message: "This onboarding session does not exist." },
      },
    });
  });
});
