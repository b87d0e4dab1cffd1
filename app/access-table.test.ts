import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Every page, route handler (CSV exports included) and server action of the app, with who may
 * use it. The test walks the app: a file without a row, or a row without a file, fails; and each
 * row's access must be what the file declares (`requireCaller("portal")`, `withSession(...,
 * { access: "portal" })`, `access: "portal"` in an action), so a client user's reach only grows
 * on purpose. `partner`: owners and members (client users get 404). `portal`: client users too,
 * narrowed to their client by their scope. What the scope filters is the tenancy matrix's job
 * (lib/partners/tenancy.db.test.ts); which pages answer a client user 404 is e2e's
 * (e2e/client-portal.spec.ts).
 */
type Access =
  | "portal" // signed-in users, client users included (scoped)
  | "partner" // owners and members; client users: 404
  | "portal-redirect" // signed-in; client users are sent elsewhere
  | "not-found" // the hub's catch-all
  | "partner-key" // Partner API: X-API-Key
  | "channel-key" // Messaging API: D360-API-KEY
  | "public"; // no session: sign-in, set-password, onboarding, sandbox, webhooks, health

const pages: Record<string, Access> = {
  "app/(hub)/[...missing]/page.tsx": "not-found",
  "app/(hub)/page.tsx": "portal-redirect",
  "app/(hub)/account/page.tsx": "portal",
  "app/(hub)/api-docs/page.tsx": "partner",
  "app/(hub)/channels/(list)/page.tsx": "portal",
  "app/(hub)/channels/[channelId]/(tabs)/page.tsx": "portal",
  "app/(hub)/channels/[channelId]/(tabs)/chats/page.tsx": "portal",
  "app/(hub)/channels/[channelId]/(tabs)/costs/page.tsx": "portal",
  "app/(hub)/channels/[channelId]/(tabs)/health/page.tsx": "portal",
  "app/(hub)/channels/[channelId]/(tabs)/templates/page.tsx": "portal",
  "app/(hub)/channels/[channelId]/(tabs)/(partner)/api-keys/page.tsx": "partner",
  "app/(hub)/channels/[channelId]/(tabs)/(partner)/events/page.tsx": "partner",
  "app/(hub)/channels/[channelId]/(tabs)/(partner)/webhooks/page.tsx": "partner",
  "app/(hub)/channels/[channelId]/chats/[contactId]/page.tsx": "portal",
  "app/(hub)/clients/(list)/page.tsx": "partner",
  "app/(hub)/clients/[clientId]/page.tsx": "partner",
  "app/(hub)/costs/page.tsx": "portal",
  "app/(hub)/inbox/page.tsx": "portal",
  "app/(hub)/onboarding/page.tsx": "portal",
  "app/(hub)/settings/page.tsx": "partner",
  "app/(hub)/settings/api-keys/page.tsx": "partner",
  "app/(hub)/settings/audit/page.tsx": "partner",
  "app/(hub)/settings/users/page.tsx": "partner",
  "app/(hub)/webhooks/page.tsx": "partner",
  "app/onboard/[partner]/page.tsx": "public",
  "app/sandbox/page.tsx": "public",
  "app/sandbox/embedded-signup/page.tsx": "public",
  "app/sandbox/partner-site/page.tsx": "public",
  "app/sandbox/phone/page.tsx": "public",
  "app/sandbox/try-signup/page.tsx": "public",
  "app/set-password/[token]/page.tsx": "public",
  "app/sign-in/page.tsx": "public",
};

const routes: Record<string, Access> = {
  "app/(hub)/channels/export/route.ts": "portal",
  "app/(hub)/clients/export/route.ts": "partner",
  "app/(hub)/costs/export/route.ts": "portal",
  "app/(hub)/settings/audit/export/route.ts": "partner",
  "app/api/hub/conversations/route.ts": "portal",
  "app/api/hub/notifications/route.ts": "portal",
  "app/api/hub/channels/[channelId]/chats/[contactId]/route.ts": "portal",
  "app/api/hub/channels/[channelId]/chats/[contactId]/composer/route.ts": "portal",
  "app/api/hub/channels/[channelId]/messages/[messageId]/media/route.ts": "portal",
  "app/api/auth/[...nextauth]/route.ts": "public",
  "app/api/health/route.ts": "public",
  "app/api/onboard/sessions/[sessionId]/progress/route.ts": "public",
  "app/api/webhooks/meta/route.ts": "public",
  "app/api/v2/openapi.json/route.ts": "public",
  "app/api/v1/configs/templates/route.ts": "channel-key",
  "app/api/v1/configs/webhook/route.ts": "channel-key",
  "app/api/v1/messages/route.ts": "channel-key",
  "app/api/v2/partners/[partner_id]/channels/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/channels/[channel_id]/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/channels/[channel_id]/api_keys/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/channels/[channel_id]/api_keys/[api_key_id]/route.ts":
    "partner-key",
  "app/api/v2/partners/[partner_id]/channels/[channel_id]/conversations/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/channels/[channel_id]/conversations/[conversation]/messages/route.ts":
    "partner-key",
  "app/api/v2/partners/[partner_id]/channels/[channel_id]/costs/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/channels/[channel_id]/templates/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/channels/[channel_id]/templates/[template_name]/route.ts":
    "partner-key",
  "app/api/v2/partners/[partner_id]/clients/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/clients/[client_id]/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/clients/[client_id]/costs/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/costs/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/onboarding_links/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/onboarding_sessions/route.ts": "partner-key",
  "app/api/v2/partners/[partner_id]/webhook_url/route.ts": "partner-key",
  "app/sandbox/api/[...path]/route.ts": "public",
  "app/sandbox/graph/[...path]/route.ts": "public",
  "app/sandbox/lookaside/whatsapp_business/attachments/route.ts": "public",
  "app/sandbox/sdk.js/route.ts": "public",
};

const actions: Record<string, Record<string, Access>> = {
  "app/(hub)/actions.ts": { notificationAction: "portal" },
  "app/(hub)/account/actions.ts": { changePasswordAction: "portal" },
  "app/(hub)/channels/actions.ts": {
    createChannelKeyAction: "partner",
    revokeChannelKeyAction: "partner",
    setChannelWebhookAction: "partner",
    sendTestEventAction: "partner",
    redeliverAction: "partner",
  },
  "app/(hub)/channels/[channelId]/chats/[contactId]/composer-actions.ts": {
    sendFromComposerAction: "portal",
  },
  "app/(hub)/channels/[channelId]/(tabs)/health/actions.ts": { acknowledgeHealthAction: "portal" },
  "app/(hub)/channels/[channelId]/(tabs)/templates/actions.ts": {
    createTemplateAction: "portal",
    editTemplateAction: "portal",
    deleteTemplateAction: "portal",
  },
  "app/(hub)/clients/actions.ts": {
    updateClientAction: "partner",
    inviteClientUserAction: "partner",
  },
  "app/(hub)/onboarding/actions.ts": {
    buildLinkAction: "partner",
    buildClientLinkAction: "portal",
  },
  "app/(hub)/settings/actions.ts": {
    updateSettingsAction: "partner",
    setWebhookUrlAction: "partner",
    rotateSecretAction: "partner",
    createPartnerKeyAction: "partner",
    revokePartnerKeyAction: "partner",
    inviteMemberAction: "partner",
    reissueInviteAction: "partner",
    changeRoleAction: "partner",
    removeMemberAction: "partner",
    sendPartnerTestEventAction: "partner",
  },
  "app/(hub)/webhooks/actions.ts": { replayEventAction: "partner", replayChannelAction: "partner" },
  "app/onboard/[partner]/actions.ts": {
    submitChecklistAction: "public",
    popupOpenedAction: "public",
    popupOutcomeAction: "public",
    finishSignupAction: "public",
  },
  "app/set-password/[token]/actions.ts": { setPasswordAction: "public" },
  "app/sign-in/actions.ts": { signInAction: "public", signOutAction: "public" },
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function walk(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : walk(path);
    return [path];
  });
}

const read = (path: string) => readFileSync(join(root, path), "utf8");
const appFiles = walk("app");
const serverActionFiles = [...appFiles, ...walk("components"), ...walk("lib")].filter(
  (path) =>
    /\.tsx?$/.test(path) && !/\.test\.tsx?$/.test(path) && /^"use server";/m.test(read(path)),
);

/** The layouts between the hub's root layout and a page, which may close a segment for it. */
function gatingLayouts(page: string): string[] {
  const layouts: string[] = [];
  for (let dir = dirname(page); dir !== "app/(hub)" && dir !== "app"; dir = dirname(dir)) {
    const layout = join(dir, "layout.tsx");
    if (appFiles.includes(layout)) layouts.push(layout);
  }
  return layouts;
}

/** The source of one exported action, up to the next export. */
function actionSource(source: string, name: string): string {
  const start = source.search(new RegExp(`export (const|async function) ${name}\\b`));
  const next = source.slice(start + 1).search(/\nexport /);
  return next < 0 ? source.slice(start) : source.slice(start, start + 1 + next);
}

const portalCall = /requireCaller\("portal"\)/;
const partnerCall = /requireCaller\(\)/;
const portalOption = /access: "portal"/;

describe("the access table covers the app", () => {
  it("lists every page", () => {
    expect(appFiles.filter((p) => p.endsWith("/page.tsx")).sort()).toEqual(
      Object.keys(pages).sort(),
    );
  });

  it("lists every route handler", () => {
    expect(appFiles.filter((p) => p.endsWith("/route.ts")).sort()).toEqual(
      Object.keys(routes).sort(),
    );
  });

  it("lists every server action", () => {
    const found = Object.fromEntries(
      serverActionFiles.map((path) => [
        path,
        [...read(path).matchAll(/^export (?:const|async function) (\w+)/gm)]
          .map((m) => m[1]!)
          .sort(),
      ]),
    );
    const listed = Object.fromEntries(
      Object.entries(actions).map(([path, names]) => [path, Object.keys(names).sort()]),
    );
    expect(found).toEqual(listed);
  });
});

describe("each entry point declares the access of its row", () => {
  it.each(Object.entries(pages))("%s: %s", (path, access) => {
    const source = read(path);
    const layouts = gatingLayouts(path).map(read);
    switch (access) {
      case "portal":
        expect(source).toMatch(portalCall);
        for (const layout of layouts) expect(layout).not.toMatch(partnerCall);
        break;
      case "portal-redirect":
        expect(source).toMatch(portalCall);
        expect(source).toMatch(/redirect\(/);
        break;
      case "partner":
        // In the page, or in a layout above it (above a loading boundary, so the 404 is a 404).
        expect([source, ...layouts].some((s) => partnerCall.test(s))).toBe(true);
        expect(source).not.toMatch(portalCall);
        break;
      case "not-found":
        expect(source).toMatch(/notFound\(\)/);
        break;
      default:
        // Public pages may look at the session (sign-in sends the signed-in on) but need none.
        expect(source).not.toMatch(/requireCaller/);
    }
  });

  it.each(Object.entries(routes))("%s: %s", (path, access) => {
    const source = read(path);
    switch (access) {
      case "portal":
        expect(source).toMatch(/withSession/);
        expect(source).toMatch(portalOption);
        break;
      case "partner":
        expect(source).toMatch(/withSession/);
        expect(source).not.toMatch(portalOption);
        break;
      case "partner-key":
        expect(source).toMatch(/withPartnerApiKey/);
        break;
      case "channel-key":
        expect(source).toMatch(/withChannelApiKey/);
        break;
      default:
        expect(source).not.toMatch(/getCaller|withSession/);
    }
  });

  const actionRows = Object.entries(actions).flatMap(([path, names]) =>
    Object.entries(names).map(([name, access]) => [`${path} ${name}`, path, name, access] as const),
  );
  it.each(actionRows)("%s", (_label, path, name, access) => {
    const source = actionSource(read(path), name);
    if (access === "public") {
      expect(source).not.toMatch(/authedAction/);
      return;
    }
    expect(source).toMatch(/authedAction\(/);
    if (access === "portal") expect(source).toMatch(portalOption);
    else expect(source).not.toMatch(portalOption);
  });

  it("the hub's layout lets every signed-in user in; its pages decide", () => {
    expect(read("app/(hub)/layout.tsx")).toMatch(portalCall);
  });
});
