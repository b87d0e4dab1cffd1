"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { COEXISTENCE_FEATURE_TYPE, readEmbeddedSignupMessage } from "@/lib/meta/embedded-signup";

type FbLoginResponse = { status: string; authResponse: { code?: string } | null };
type FbSdk = {
  init: (options: {
    appId: string;
    version: string;
    xfbml?: boolean;
    autoLogAppEvents?: boolean;
  }) => void;
  login: (callback: (response: FbLoginResponse) => void, options: Record<string, unknown>) => void;
};

/** Launches FB.login exactly as the onboarding page will, and lists the popup's messages. */
export function TrySignup({
  appId,
  configId,
  version,
}: {
  appId: string;
  configId: string;
  version: string;
}) {
  const [ready, setReady] = useState(false);
  const [events, setEvents] = useState<string[]>([]);
  const [code, setCode] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin) return;
      const outcome = readEmbeddedSignupMessage(event.data);
      if (outcome) setEvents((list) => [...list, JSON.stringify(outcome)]);
    };
    window.addEventListener("message", onMessage);
    const script = document.createElement("script");
    script.src = "/sandbox/sdk.js";
    script.async = true;
    script.onload = () => {
      (window as unknown as { FB: FbSdk }).FB.init({
        appId,
        version,
        xfbml: true,
        autoLogAppEvents: true,
      });
      setReady(true);
    };
    document.body.appendChild(script);
    return () => {
      window.removeEventListener("message", onMessage);
      script.remove();
    };
  }, [appId, version]);

  function launch() {
    setCode(null);
    setStatus(null);
    (window as unknown as { FB: FbSdk }).FB.login(
      (response) => {
        setStatus(response.status);
        setCode(response.authResponse?.code ?? null);
      },
      {
        config_id: configId,
        response_type: "code",
        override_default_response_type: true,
        extras: { setup: {}, featureType: COEXISTENCE_FEATURE_TYPE, sessionInfoVersion: "3" },
      },
    );
  }

  return (
    <main className="mx-auto max-w-2xl space-y-4 p-6">
      <h1 className="text-2xl font-semibold">Try Embedded Signup (sandbox)</h1>
      <p className="text-sm text-muted-foreground">
        Launches the sandbox popup through <code>/sandbox/sdk.js</code> with the coexistence
        options, then shows the popup's messages and the code handed to the callback.
      </p>
      <Button onClick={launch} disabled={!ready}>
        Connect WhatsApp Business app
      </Button>
      <section aria-labelledby="events-title">
        <h2 id="events-title" className="font-medium">
          Popup messages
        </h2>
        <ul data-testid="signup-events" className="font-mono text-xs">
          {events.map((event, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
            <li key={index}>{event}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="callback-title">
        <h2 id="callback-title" className="font-medium">
          FB.login callback
        </h2>
        <p data-testid="login-status">{status ?? "waiting"}</p>
        <p data-testid="login-code" className="break-all font-mono text-xs">
          {code ?? ""}
        </p>
      </section>
    </main>
  );
}
