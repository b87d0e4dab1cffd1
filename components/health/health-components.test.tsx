import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { HealthBanner } from "./health-banner-stack";
import { HealthBannerStack } from "./health-banner-stack";
import { LifecycleTimeline } from "./lifecycle-timeline";
import { SeverityBadge } from "./severity-badge";

const banner = (id: HealthBanner["id"], severity: HealthBanner["severity"], day: number) =>
  ({
    id,
    severity,
    title: `${id} title`,
    message: `${id} message`,
    advice: `${id} advice`,
    since: new Date(Date.UTC(2026, 10, day, 9)),
    fact: { text: `${id} fact`, source: "echo", at: null },
    action: null,
  }) satisfies HealthBanner;

describe("HealthBannerStack", () => {
  it("shows the most severe first, each with its action from the slot", () => {
    const html = renderToStaticMarkup(
      <HealthBannerStack
        warnings={[
          banner("throughput_cap", "info", 1),
          banner("app_inactivity", "warning", 2),
          banner("disconnected", "critical", 3),
        ]}
        renderAction={(w) =>
          w.id === "app_inactivity" ? (
            <button type="button">The business opened the app</button>
          ) : null
        }
      />,
    );
    const order = [...html.matchAll(/data-warning-id="([a-z_]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(["disconnected", "app_inactivity", "throughput_cap"]);
    expect(html).toContain('role="alert"');
    expect(html).toContain("The business opened the app");
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain("Since <time");
    expect(html).toContain("message echo from the app");
  });

  it("renders nothing without warnings", () => {
    expect(renderToStaticMarkup(<HealthBannerStack warnings={[]} />)).toBe("");
  });
});

describe("SeverityBadge", () => {
  it("says the severity in words, with a count when given", () => {
    expect(renderToStaticMarkup(<SeverityBadge severity="critical" />)).toContain("Critical");
    expect(renderToStaticMarkup(<SeverityBadge severity="warning" count={2} />)).toContain(
      "2 warning",
    );
  });
});

describe("LifecycleTimeline", () => {
  it("lists entries in the order given, with their time", () => {
    const html = renderToStaticMarkup(
      <LifecycleTimeline
        entries={[
          {
            kind: "onboarded",
            at: new Date("2026-11-01T09:00:00Z"),
            title: "Onboarded",
            detail: null,
            severity: null,
          },
          {
            kind: "disconnected",
            at: new Date("2026-11-15T09:00:00Z"),
            title: "Disconnected",
            detail: "Meta gave no reason",
            severity: "critical",
          },
        ]}
      />,
    );
    expect(html.indexOf("Onboarded")).toBeLessThan(html.indexOf("Disconnected"));
    expect(html).toContain("2026-11-15 09:00 UTC");
    expect(html).toContain("Meta gave no reason");
  });

  it("says so when nothing has happened", () => {
    expect(renderToStaticMarkup(<LifecycleTimeline entries={[]} />)).toContain(
      "Nothing has happened",
    );
  });
});
