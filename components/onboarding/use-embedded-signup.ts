"use client";

import { useCallback, useEffect, useRef } from "react";
import {
  COEXISTENCE_FEATURE_TYPE,
  isTrustedSignupOrigin,
  readEmbeddedSignupMessage,
} from "@/lib/meta/embedded-signup";

type FbLoginResponse = { authResponse?: { code?: string } | null; status?: string };
type FbSdk = {
  init: (options: {
    appId: string;
    version: string;
    xfbml?: boolean;
    autoLogAppEvents?: boolean;
  }) => void;
  login: (callback: (response: FbLoginResponse) => void, options: Record<string, unknown>) => void;
};

declare global {
  interface Window {
    FB?: FbSdk;
    fbAsyncInit?: () => void;
  }
}

export type SignupConfig = {
  sdkUrl: string;
  appId: string;
  configId: string;
  graphVersion: string;
  sandbox: boolean;
};

export type SignupResult =
  | { kind: "finish"; message: string; code: string }
  | { kind: "cancel" | "error"; message: string }
  | { kind: "no_response" };

function loadSdk(config: SignupConfig): Promise<FbSdk> {
  return new Promise((resolve, reject) => {
    const ready = () => {
      if (!window.FB) return reject(new Error("The signup SDK did not load"));
      window.FB.init({
        appId: config.appId,
        version: config.graphVersion,
        xfbml: false,
        autoLogAppEvents: true,
      });
      resolve(window.FB);
    };
    if (window.FB) return ready();
    window.fbAsyncInit = ready;
    const script = document.createElement("script");
    script.src = config.sdkUrl;
    script.async = true;
    script.crossOrigin = "anonymous";
    script.onload = () => {
      // Meta's SDK calls fbAsyncInit itself; a look-alike may only define window.FB.
      if (window.FB) ready();
    };
    script.onerror = () => reject(new Error("The signup SDK could not be loaded"));
    document.body.appendChild(script);
  });
}

/**
 * Launches Embedded Signup in Coexistence mode and pairs its two answers: the popup's `message`
 * event (what happened, with the WABA id) and FB.login's callback (the code, valid 30 seconds).
 * They come in either order; the result is handed over as soon as both are known.
 */
export function useEmbeddedSignup(config: SignupConfig, onResult: (result: SignupResult) => void) {
  const pending = useRef<{
    message?: string;
    outcome?: ReturnType<typeof readEmbeddedSignupMessage>;
    code?: string;
    /** Set a moment after FB.login answered without a code, to let a trailing message arrive. */
    gaveUpWaiting?: boolean;
    settled?: boolean;
  }>({});
  const onResultRef = useRef(onResult);
  onResultRef.current = onResult;

  const settle = useCallback(() => {
    const state = pending.current;
    if (state.settled) return;
    const outcome = state.outcome;
    if (outcome && outcome.kind !== "finish" && state.message) {
      state.settled = true;
      onResultRef.current({ kind: outcome.kind, message: state.message });
    } else if (outcome?.kind === "finish" && state.code && state.message) {
      state.settled = true;
      onResultRef.current({ kind: "finish", message: state.message, code: state.code });
    } else if (state.gaveUpWaiting && !outcome) {
      // The popup was closed without telling us anything.
      state.settled = true;
      onResultRef.current({ kind: "no_response" });
    }
  }, []);

  useEffect(() => {
    function onMessage(event: MessageEvent) {
      if (!isTrustedSignupOrigin(event.origin, window.location.origin, config.sandbox)) return;
      const outcome = readEmbeddedSignupMessage(event.data);
      if (!outcome) return;
      pending.current.outcome = outcome;
      pending.current.message =
        typeof event.data === "string" ? event.data : JSON.stringify(event.data);
      settle();
    }
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [config.sandbox, settle]);

  return useCallback(async () => {
    pending.current = {};
    const fb = await loadSdk(config);
    fb.login(
      (response) => {
        pending.current.code = response.authResponse?.code ?? undefined;
        if (pending.current.code) return settle();
        // Without a code the popup's message (cancel, error) may trail the callback by a moment.
        setTimeout(() => {
          pending.current.gaveUpWaiting = true;
          settle();
        }, 1500);
      },
      {
        config_id: config.configId,
        response_type: "code",
        override_default_response_type: true,
        extras: { setup: {}, featureType: COEXISTENCE_FEATURE_TYPE, sessionInfoVersion: "3" },
      },
    );
  }, [config, settle]);
}
