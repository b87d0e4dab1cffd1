import { z } from "zod";

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,100}$/, "Header names are letters, digits and -.");

/** 360dialog's `POST /v1/configs/webhook` body: where a channel's events go, with headers. */
export const channelWebhookConfigBody = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: "An http(s) URL." }).max(2000),
  headers: z
    .record(headerName, z.string().max(2000))
    .refine((h) => Object.keys(h).length <= 20, "At most 20 headers.")
    .optional()
    .describe("Sent with every forwarded event; stored encrypted, never shown again"),
});

/** The saved config as answered: header values masked (they are often credentials). */
export const channelWebhookConfigResource = z.object({
  url: z.string().nullable(),
  headers: z.record(z.string(), z.literal("***")),
});

export function channelWebhookConfigView(
  config: { url: string; headers: Record<string, string> } | null,
): z.infer<typeof channelWebhookConfigResource> {
  return {
    url: config?.url ?? null,
    headers: Object.fromEntries(
      Object.keys(config?.headers ?? {}).map((name) => [name, "***" as const]),
    ),
  };
}
