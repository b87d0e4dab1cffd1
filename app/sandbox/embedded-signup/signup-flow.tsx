"use client";

import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { COEXISTENCE_FEATURE_TYPE } from "@/lib/meta/embedded-signup";

/**
 * Screens like Meta's coexistence flow: business portfolio, "Connect your WhatsApp Business app",
 * the code the app shows, "Share chat history?", confirm. Posts Meta's message shapes (JSON
 * strings) to window.opener, and hands the code to /sandbox/sdk.js.
 */
type SandboxNumber = {
  phone_number_id: string;
  waba_id: string;
  business_id: string;
  business_name: string;
  display_phone_number: string;
  verified_name: string;
  status: string;
  eligible: boolean;
  share_history: boolean;
};

type Step =
  | "BUSINESS_ACCOUNT_SELECTION"
  | "WABA_PHONE_PROFILE_PICKER"
  | "PHONE_NUMBER_VERIFICATION"
  | "SHARE_CHAT_HISTORY"
  | "PERMISSIONS";

const AUTH_MESSAGE = "SANDBOX_FB_AUTH_RESPONSE";

function post(message: unknown) {
  // Only to our own origin: the sandbox's opener is the hub (the code must not leak elsewhere).
  window.opener?.postMessage(JSON.stringify(message), window.location.origin);
}

function randomCode() {
  return String(Math.floor(100000 + Math.random() * 900000));
}

export function SignupFlow({ appId, configId }: { appId: string; configId: string }) {
  const [params, setParams] = useState<URLSearchParams | null>(null);
  const [numbers, setNumbers] = useState<SandboxNumber[]>([]);
  const [selected, setSelected] = useState<string>("");
  const [step, setStep] = useState<Step>("BUSINESS_ACCOUNT_SELECTION");
  const [appCode] = useState(randomCode);
  const [typedCode, setTypedCode] = useState("");
  const [shareHistory, setShareHistory] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const sessionId = useMemo(() => `sbx-${Math.random().toString(36).slice(2, 12)}`, []);

  useEffect(() => {
    setParams(new URLSearchParams(window.location.search));
    void fetch("/sandbox/api/numbers")
      .then((r) => r.json())
      .then((body: { data: SandboxNumber[] }) => {
        setNumbers(body.data);
        if (body.data[0]) setSelected(body.data[0].phone_number_id);
      });
  }, []);

  const number = numbers.find((n) => n.phone_number_id === selected);
  const extras = (() => {
    try {
      return JSON.parse(params?.get("extras") ?? "{}") as { featureType?: string };
    } catch {
      return {};
    }
  })();
  const configProblem =
    params &&
    (params.get("app_id") !== appId
      ? `Unknown app id "${params.get("app_id")}": FB.init({ appId }) must be ${appId}.`
      : params.get("config_id") !== configId
        ? `Unknown configuration "${params.get("config_id")}".`
        : null);

  function reportError(message: string) {
    setError(message);
    post({
      type: "WA_EMBEDDED_SIGNUP",
      event: "CANCEL",
      data: {
        error_message: message,
        error_id: String(Math.floor(Math.random() * 9e8) + 1e8),
        session_id: sessionId,
        timestamp: String(Math.floor(Date.now() / 1000)),
      },
      version: 3,
    });
    post({ type: AUTH_MESSAGE, response: { status: "unknown", authResponse: null } });
  }

  function cancel() {
    post({ type: "WA_EMBEDDED_SIGNUP", event: "CANCEL", data: { current_step: step }, version: 3 });
    post({ type: AUTH_MESSAGE, response: { status: "unknown", authResponse: null } });
    window.close();
  }

  async function createBusiness() {
    setBusy(true);
    const response = await fetch("/sandbox/api/numbers", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({}),
    });
    const created = (await response.json()) as SandboxNumber;
    setNumbers((list) => [created, ...list]);
    setSelected(created.phone_number_id);
    setBusy(false);
  }

  function connectNumber() {
    if (!number) return;
    if (!number.eligible) {
      reportError(
        "This phone number is not eligible to be onboarded to the WhatsApp Business Platform.",
      );
      return;
    }
    setShareHistory(number.share_history);
    setStep("PHONE_NUMBER_VERIFICATION");
  }

  async function finish() {
    if (!number) return;
    setBusy(true);
    const response = await fetch("/sandbox/api/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        phone_number_id: number.phone_number_id,
        share_history: shareHistory,
      }),
    });
    if (!response.ok) {
      setBusy(false);
      reportError("Something went wrong. Please try again later.");
      return;
    }
    const result = (await response.json()) as {
      code: string;
      waba_id: string;
      phone_number_id: string;
      business_id: string;
    };
    const coexistence = extras.featureType === COEXISTENCE_FEATURE_TYPE;
    post({
      type: "WA_EMBEDDED_SIGNUP",
      event: coexistence ? "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING" : "FINISH",
      data: {
        waba_id: result.waba_id,
        phone_number_id: result.phone_number_id,
        business_id: result.business_id,
      },
      version: 3,
    });
    post({
      type: AUTH_MESSAGE,
      response: {
        status: "connected",
        authResponse: {
          code: result.code,
          userID: result.business_id,
          expiresIn: 30,
          graphDomain: "facebook",
          signedRequest: null,
          accessToken: null,
        },
      },
    });
    setBusy(false);
    setDone(true);
    setTimeout(() => window.close(), 400);
  }
  const title: Record<Step, string> = {
    BUSINESS_ACCOUNT_SELECTION: "Choose your business portfolio",
    WABA_PHONE_PROFILE_PICKER: "Connect your WhatsApp Business app",
    PHONE_NUMBER_VERIFICATION: "Enter the code shown in your WhatsApp Business app",
    SHARE_CHAT_HISTORY: "Share chat history?",
    PERMISSIONS: "Confirm",
  };

  return (
    <main className="grid min-h-dvh place-items-center bg-muted/40 p-4">
      <Card className="w-full max-w-md">
        <CardHeader>
          <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">
            Sandbox · Embedded Signup
          </p>
          <CardTitle className="text-xl">
            <h1>{error ? "Something went wrong" : title[step]}</h1>
          </CardTitle>
          <CardDescription>
            {extras.featureType === COEXISTENCE_FEATURE_TYPE
              ? "Keep using the WhatsApp Business app while connecting this number to the Cloud API."
              : "Connect a WhatsApp number to the Cloud API."}
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {configProblem ? (
            <p role="alert" className="text-sm text-destructive">
              {configProblem}
            </p>
          ) : error ? (
            <div className="space-y-4">
              <p role="alert" className="text-sm text-destructive">
                {error}
              </p>
              <Button variant="outline" onClick={() => window.close()}>
                Close
              </Button>
            </div>
          ) : done ? (
            <p role="status">You're all set. This window closes by itself.</p>
          ) : (
            <>
              {step === "BUSINESS_ACCOUNT_SELECTION" && (
                <div className="space-y-3">
                  <Label htmlFor="business">Business portfolio</Label>
                  <select
                    id="business"
                    className="h-9 w-full rounded-md border bg-background px-3 text-sm"
                    value={selected}
                    onChange={(event) => setSelected(event.target.value)}
                  >
                    {numbers.map((n) => (
                      <option key={n.phone_number_id} value={n.phone_number_id}>
                        {n.business_name} (+{n.display_phone_number})
                      </option>
                    ))}
                  </select>
                  <Button variant="link" className="px-0" onClick={createBusiness} disabled={busy}>
                    Create a new sandbox business
                  </Button>
                </div>
              )}
              {step === "WABA_PHONE_PROFILE_PICKER" && number && (
                <p className="text-sm">
                  Connect <strong>+{number.display_phone_number}</strong> ({number.verified_name}).
                  Your chats stay in the app; messages will also reach the Cloud API.
                </p>
              )}
              {step === "PHONE_NUMBER_VERIFICATION" && (
                <div className="space-y-3">
                  <p className="text-sm">
                    Your WhatsApp Business app shows the code{" "}
                    <strong data-testid="app-code">{appCode}</strong>.
                  </p>
                  <Label htmlFor="code">Code</Label>
                  <input
                    id="code"
                    inputMode="numeric"
                    className="h-9 w-full rounded-md border bg-background px-3 text-sm"
                    value={typedCode}
                    onChange={(event) => setTypedCode(event.target.value)}
                    aria-describedby="code-help"
                  />
                  <p id="code-help" className="text-xs text-muted-foreground" aria-live="polite">
                    {typedCode && typedCode !== appCode ? "That code does not match." : ""}
                  </p>
                </div>
              )}
              {step === "SHARE_CHAT_HISTORY" && (
                <fieldset className="space-y-2 text-sm">
                  <legend className="mb-2">
                    Share your chats from the last 6 months with this business solution?
                  </legend>
                  <label className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="share"
                      checked={shareHistory}
                      onChange={() => setShareHistory(true)}
                    />
                    Share chats
                  </label>
                  <label className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="share"
                      checked={!shareHistory}
                      onChange={() => setShareHistory(false)}
                    />
                    Don't share chats
                  </label>
                </fieldset>
              )}
              {step === "PERMISSIONS" && number && (
                <p className="text-sm">
                  Coex Hub will be able to manage <strong>{number.business_name}</strong>'s WhatsApp
                  account and send messages from +{number.display_phone_number}.
                </p>
              )}
              <div className="flex justify-between gap-2 pt-2">
                <Button variant="outline" onClick={cancel}>
                  Cancel
                </Button>
                {step === "BUSINESS_ACCOUNT_SELECTION" && (
                  <Button
                    onClick={() => setStep("WABA_PHONE_PROFILE_PICKER")}
                    disabled={!number || busy}
                  >
                    Next
                  </Button>
                )}
                {step === "WABA_PHONE_PROFILE_PICKER" && (
                  <Button onClick={connectNumber}>Next</Button>
                )}
                {step === "PHONE_NUMBER_VERIFICATION" && (
                  <Button
                    onClick={() => setStep("SHARE_CHAT_HISTORY")}
                    disabled={typedCode !== appCode}
                  >
                    Next
                  </Button>
                )}
                {step === "SHARE_CHAT_HISTORY" && (
                  <Button onClick={() => setStep("PERMISSIONS")}>Next</Button>
                )}
                {step === "PERMISSIONS" && (
                  <Button onClick={finish} disabled={busy}>
                    Confirm
                  </Button>
                )}
              </div>
            </>
          )}
        </CardContent>
      </Card>
    </main>
  );
}
