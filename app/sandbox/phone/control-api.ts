/** A thin client of the sandbox's control API (/sandbox/api): every button is one documented call. */
export type SandboxNumber = {
  phone_number_id: string;
  waba_id: string;
  business_id: string;
  display_phone_number: string;
  verified_name: string;
  status: string;
  eligible: boolean;
  share_history: boolean;
  onboarded_at: string | null;
  webhook_url: string;
  faults: { duplicate?: boolean; shuffle?: boolean; batch?: boolean };
  /** Payloads carry parent BSUIDs beside BSUIDs. */
  parent_bsuids: boolean;
};

/** A WhatsApp user of the number, as the sandbox (Meta) knows them. */
export type SandboxCustomer = {
  wa_id: string;
  user_id: string;
  parent_user_id: string | null;
  username: string | null;
  /** WhatsApp shares no number with the business: payloads carry BSUID and username only. */
  hide_number: boolean;
  name: string | null;
  address_book_name: string | null;
  /** "@username" when the number is hidden, else the number. */
  label: string;
};

export type NumberDetail = SandboxNumber & {
  contacts: { wa_id: string; full_name: string | null }[];
  customers: SandboxCustomer[];
  messages: {
    wamid: string;
    wa_id: string;
    /** The customer as the business sees them: "@username" when the number is hidden. */
    customer: string;
    direction: string;
    type: string;
    content: Record<string, unknown>;
    at: string;
  }[];
};

export type Delivery = {
  id: number;
  fields: string[];
  status: string;
  attempts: { status?: number; error?: string }[];
  createdAt: string;
};

export type SandboxClock = { now: string; offset_seconds: number };

export async function controlApi<T>(
  path: string,
  init?: { method?: string; body?: unknown },
): Promise<T> {
  const response = await fetch(`/sandbox/api/${path}`, {
    method: init?.method ?? "GET",
    headers: init?.body === undefined ? undefined : { "content-type": "application/json" },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body as T;
}

/** Runs one control call and reports its outcome in the simulator's status line. */
export type RunAction = (label: string, action: () => Promise<unknown>) => Promise<void>;

export const selectClass = "h-9 w-full rounded-md border bg-background px-3 text-sm";

/** POSTs to one of the selected number's control endpoints. */
export function postToNumber(
  phoneNumberId: string | undefined,
  action: string,
  body: unknown = {},
) {
  return controlApi(`numbers/${phoneNumberId}/${action}`, { method: "POST", body });
}
