import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NeedsAttentionCard } from "@/components/health/needs-attention-card";
import { createChannel, createClient, createPartner } from "@/db/testing/factories";
import type { Scope } from "@/lib/auth/scope";
import { clientUserScope, ownerScope } from "@/lib/auth/testing";
import { evaluatePartnerChannels } from "./evaluate";
import { getNeedsAttention } from "./summary";

/** The text of the element carrying `data-testid`, tags stripped; null when it is absent. */
function textOf(html: string, testId: string) {
  const at = html.indexOf(`data-testid="${testId}"`);
  if (at < 0) return null;
  const open = html.lastIndexOf("<", at);
  const tag = /^<([a-z0-9]+)/.exec(html.slice(open))?.[1];
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, "g");
  re.lastIndex = open;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      return html
        .slice(open, re.lastIndex)
        .replace(/<[^>]*>/g, "")
        .replace(/\s+/g, " ")
        .trim();
    }
  }
  return null;
}

/** What the Overview's "Needs attention" card shows to a caller with this scope. */
async function dashboardFor(scope: Scope) {
  const html = renderToStaticMarkup(
    <NeedsAttentionCard attention={await getNeedsAttention(scope)} />,
  );
  return {
    headline: textOf(html, "stat-needs-attention-value"),
    critical: textOf(html, "stat-needs-attention-critical"),
    warning: textOf(html, "stat-needs-attention-warning"),
    listed: [...html.matchAll(/<li\b/g)].length,
  };
}

describe('the Overview\'s "Needs attention" card', () => {
  it("counts channels, split by their worst warning, not warnings; scoped to the caller", async () => {
    const partner = await createPartner();
    const client = await createClient(partner.id);
    // A red quality rating (critical) and companions not re-linked (warning), plus two infos.
    const twoWarnings = await createChannel(partner.id, client.id, { qualityRating: "RED" });
    // Companions not re-linked (warning), plus two infos.
    const oneWarning = await createChannel(partner.id, client.id);
    // Another client of the partner: a channel with nothing wrong.
    const quietClient = await createClient(partner.id);
    await createChannel(partner.id, quietClient.id, { coexistence: false });
    // Another partner's disconnected channel (critical) counts for nobody here.
    const other = await createPartner();
    await createChannel(other.id, (await createClient(other.id)).id, { status: "disconnected" });

    // The set-up is what the test says: three warnings (and four infos) on two channels.
    const health = await evaluatePartnerChannels(ownerScope(partner.id), {
      channelIds: [twoWarnings.id, oneWarning.id],
    });
    const severities = new Map(
      health.map((h) => [
        h.channel.id,
        h.warnings.map((w) => w.severity).filter((s) => s !== "info"),
      ]),
    );
    expect(severities.get(twoWarnings.id)).toEqual(["critical", "warning"]);
    expect(severities.get(oneWarning.id)).toEqual(["warning"]);

    const attention = await getNeedsAttention(ownerScope(partner.id));
    expect(attention).toMatchObject({
      channels: 2,
      byWorst: { critical: 1, warning: 1 },
      nearCut: 0,
    });
    expect(attention.warnings.map((a) => [a.channel.id, a.warning.id])).toEqual([
      [twoWarnings.id, "quality_rating"],
      [twoWarnings.id, "companions_unlinked"],
      [oneWarning.id, "companions_unlinked"],
    ]);

    // What the partner reads: 2 channels, 1 whose worst is critical and 1 whose worst is a
    // warning (not "2 warning", which counted the critical channel's second warning).
    const shown = await dashboardFor(ownerScope(partner.id));
    expect(shown).toEqual({
      headline: "2",
      critical: "1 critical",
      warning: "1 warning",
      listed: 3,
    });

    // A client user's scope holds only its client's channels.
    expect(await dashboardFor(clientUserScope(partner.id, client.id))).toEqual(shown);
    expect(await dashboardFor(clientUserScope(partner.id, quietClient.id))).toEqual({
      headline: "0",
      critical: null,
      warning: null,
      listed: 0,
    });
    // The other partner sees its own channel only.
    expect(await dashboardFor(ownerScope(other.id))).toMatchObject({
      headline: "1",
      critical: "1 critical",
      warning: null,
    });
  });
});
