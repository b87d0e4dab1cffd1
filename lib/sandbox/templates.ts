/** The approved templates every sandbox WABA has (Meta's sample `hello_world` among them). */
export const SANDBOX_TEMPLATES = [
  {
    name: "hello_world",
    language: "en_US",
    category: "UTILITY",
    components: [
      { type: "HEADER", format: "TEXT", text: "Hello World" },
      {
        type: "BODY",
        text: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API.",
      },
    ],
  },
  {
    name: "order_update",
    language: "en_US",
    category: "UTILITY",
    components: [{ type: "BODY", text: "Your order {{1}} is on its way." }],
  },
  {
    name: "spring_sale",
    language: "en_US",
    category: "MARKETING",
    components: [{ type: "BODY", text: "Spring sale: 20% off everything until Sunday!" }],
  },
  {
    name: "login_code",
    language: "en_US",
    category: "AUTHENTICATION",
    components: [{ type: "BODY", text: "{{1}} is your verification code." }],
  },
] as const;

export function templateId(wabaId: string, name: string) {
  let hash = 0;
  for (const char of `${wabaId}:${name}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `10${String(hash).padStart(13, "0")}`;
}
