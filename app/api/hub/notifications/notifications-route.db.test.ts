import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { healthNotifications, memberships } from "@/db/schema";
import { createChannel, createClient, createPartner, createUser } from "@/db/testing/factories";
import { callRoute } from "@/lib/api/testing";
import { createUserSession, revokeUserSession } from "@/lib/auth/sessions";
import type { NotificationsMenuData } from "@/lib/health/query-options";
import { GET } from "./route";

// The session cookie, as Auth.js would read it; the membership behind it is read from the database.
const cookie = vi.hoisted(() => ({
  user: null as null | { id: string; partnerId: string; sessionId: string },
}));
vi.mock("@/lib/auth", () => ({ auth: async () => (cookie.user ? { user: cookie.user } : null) }));

async function signIn(userId: string, partnerId: string) {
  const sessionId = await createUserSession(userId);
  cookie.user = { id: userId, partnerId, sessionId };
  return sessionId;
}

const get = async () => {
  const response = await callRoute(GET as never, { path: "/api/hub/notifications" });
  return { ...response, body: response.body as NotificationsMenuData };
};

async function notify(partnerId: string, channelId: string, title: string) {
  const [row] = await getDb()
    .insert(healthNotifications)
    .values({
      partnerId,
      channelId,
      warningId: "app_inactivity",
      severity: "warning",
      occurrence: `app_inactivity:warning:${title}`,
      title,
      message: "The business has not used the app lately.",
      since: new Date(),
    })
    .returning();
  return row!;
}

type Tenant = Awaited<ReturnType<typeof seed>>;
async function seed() {
  const partner = await createPartner();
  const owner = await createUser(partner.id, "owner");
  const own = await createClient(partner.id);
  const other = await createClient(partner.id);
  const ownChannel = await createChannel(partner.id, own.id);
  const otherChannel = await createChannel(partner.id, other.id);
  const onOwn = await notify(partner.id, ownChannel.id, `own-${partner.id}`);
  const onOther = await notify(partner.id, otherChannel.id, `other-${partner.id}`);
  const clientUser = await createUser(partner.id, "client");
  await getDb()
    .update(memberships)
    .set({ clientId: own.id })
    .where(eq(memberships.userId, clientUser.id));
  return { partner, owner, clientUser, onOwn, onOther };
}

describe("GET /api/hub/notifications", () => {
  let a: Tenant;
  let b: Tenant;
  beforeAll(async () => {
    a = await seed();
    b = await seed();
  });

  it("is a 401 in the one error shape without a session, or with a revoked one", async () => {
    cookie.user = null;
    expect(await get()).toMatchObject({
      status: 401,
      body: { error: { code: "unauthorized", message: "Please sign in again." } },
    });
    await revokeUserSession(await signIn(a.owner.id, a.partner.id));
    expect((await get()).status).toBe(401);
  });

  it("gives an owner the partner's notifications and unread count, never another partner's", async () => {
    await signIn(a.owner.id, a.partner.id);
    const { status, headers, body } = await get();
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(body.unread).toBe(2);
    expect(body.items.map((n) => n.id).sort()).toEqual([a.onOwn.id, a.onOther.id].sort());
    expect(body.items.find((n) => n.id === a.onOwn.id)).toMatchObject({
      channelId: a.onOwn.channelId,
      severity: "warning",
      title: a.onOwn.title,
      read: false,
      dismissed: false,
      createdAt: a.onOwn.createdAt.toISOString(),
    });
  });

  it("narrows a client user to its own client's channels", async () => {
    await signIn(a.clientUser.id, a.partner.id);
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body.unread).toBe(1);
    expect(body.items.map((n) => n.id)).toEqual([a.onOwn.id]);
  });

  it("a session of one partner does not open another partner's list", async () => {
    // The cookie names partner B, but the user is a member of A only: no caller at all.
    const sessionId = await createUserSession(a.owner.id);
    cookie.user = { id: a.owner.id, partnerId: b.partner.id, sessionId };
    expect((await get()).status).toBe(401);
  });
});
