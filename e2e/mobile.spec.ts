import { expect, test } from "./fixtures";
import { consolePaths } from "./support/console-paths";

/** The console on a phone (390 x 844): nothing runs off the screen, rows keep what matters. */
test.use({ viewport: { width: 390, height: 844 } });

test("the Inbox fits a phone's width; each row shows its time, window state and unread", async ({
  page,
}) => {
  await page.goto("/inbox");
  const rows = page.getByTestId("conversation-row");
  await expect(rows.first()).toBeVisible();
  // No horizontal scrolling: the page is exactly as wide as the screen.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
  for (const row of (await rows.all()).slice(0, 5)) {
    const box = await row.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    // The time of the last message, on screen (right edge inside the viewport).
    const time = row.locator("time").first();
    await expect(time).toBeVisible();
    const timeBox = await time.boundingBox();
    expect(timeBox!.x + timeBox!.width).toBeLessThanOrEqual(390);
    await expect(row.getByText(/Window (open|closed)/)).toBeVisible();
  }
});

test("the Overview's cards line up on a phone: long warning titles are cut, not the card", async ({
  page,
}) => {
  await page.goto("/");
  const attention = page.getByTestId("stat-needs-attention");
  await expect(attention.getByRole("list", { name: /Warnings/ })).toBeVisible();
  // Every card as wide as the first one (Clients): a card sized to its longest line of text
  // (a warning's title) ran past the others and the page's margin.
  const cards = page.locator("main [data-slot=card]");
  const first = await cards.first().boundingBox();
  for (const card of await cards.all()) {
    const box = await card.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(first!.x + first!.width + 1);
  }
});

test("no console page scrolls sideways on a phone: wide tables scroll inside their card", async ({
  page,
}) => {
  const sideways: string[] = [];
  for (const path of await consolePaths(page)) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    if (overflow > 0) sideways.push(`${path}: ${overflow} px`);
  }
  expect(sideways).toEqual([]);
});
