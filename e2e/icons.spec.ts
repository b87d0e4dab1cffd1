import { expect, test } from "./fixtures";

/** The browser tab icon, the home-screen icon and the manifest, before anyone signs in. */
test.use({ storageState: { cookies: [], origins: [] } });

test("the favicon, the PNG app icon and the web manifest are served to a signed-out visitor", async ({
  page,
  request,
}) => {
  await page.goto("/sign-in");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon/);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", /apple-icon/);
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", /manifest/);

  const png = await request.get("/apple-icon");
  expect(png.status()).toBe(200);
  expect(png.headers()["content-type"]).toBe("image/png");
  // A PNG file starts with its 8-byte signature.
  expect([...(await png.body()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  expect(await manifest.json()).toMatchObject({
    name: "Coex Hub",
    icons: expect.arrayContaining([expect.objectContaining({ type: "image/png" })]),
  });
});
