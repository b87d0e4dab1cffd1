import "server-only";
import { getEnv } from "@/lib/env";
import { sandboxDisabledResponse } from "./graph";

/**
 * /sandbox/sdk.js: the same surface as Meta's JS SDK for Embedded Signup (`FB.init`,
 * `FB.login(callback, options)`, `FB.getLoginStatus`). `FB.login` opens /sandbox/embedded-signup,
 * which posts Meta's `WA_EMBEDDED_SIGNUP` messages to the opener itself and hands the code to this
 * script (a private message type), which calls the callback as Meta's SDK does:
 * `{status:"connected", authResponse:{code,...}}`, or `{status:"unknown", authResponse:null}`.
 */
export const SANDBOX_AUTH_MESSAGE = "SANDBOX_FB_AUTH_RESPONSE";

const script = `/* Coex Hub sandbox: a look-alike of Meta's JS SDK for Embedded Signup. Not Meta's code. */
(function () {
  "use strict";
  var current = document.currentScript;
  var origin = current && current.src ? new URL(current.src).origin : window.location.origin;
  var FB = window.FB && window.FB.__sandbox ? window.FB : { __sandbox: true };
  var settings = { appId: null, version: null };
  FB.init = function (options) {
    options = options || {};
    settings.appId = options.appId || null;
    settings.version = options.version || null;
  };
  FB.getLoginStatus = function (callback) {
    if (typeof callback === "function") callback({ status: "unknown", authResponse: null });
  };
  FB.login = function (callback, options) {
    options = options || {};
    var params = new URLSearchParams({
      app_id: settings.appId || "",
      version: settings.version || "",
      config_id: options.config_id || "",
      response_type: options.response_type || "",
      override_default_response_type: options.override_default_response_type ? "true" : "false",
      extras: JSON.stringify(options.extras || {}),
    });
    var popup = window.open(origin + "/sandbox/embedded-signup?" + params.toString(), "sandbox_embedded_signup", "width=620,height=760");
    var done = false;
    var timer = null;
    function finish(response) {
      if (done) return;
      done = true;
      window.removeEventListener("message", onMessage);
      if (timer) clearInterval(timer);
      if (typeof callback === "function") callback(response);
    }
    function onMessage(event) {
      if (event.origin !== origin || typeof event.data !== "string") return;
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (!data || data.type !== "${SANDBOX_AUTH_MESSAGE}") return;
      finish(data.response);
    }
    if (!popup) { finish({ status: "unknown", authResponse: null }); return; }
    window.addEventListener("message", onMessage);
    // Closing the popup without finishing ends the login, as Meta's SDK does.
    timer = setInterval(function () {
      if (popup.closed) setTimeout(function () { finish({ status: "unknown", authResponse: null }); }, 300);
    }, 400);
  };
  window.FB = FB;
  if (typeof window.fbAsyncInit === "function") setTimeout(window.fbAsyncInit, 0);
})();
`;

export function sandboxSdkScript() {
  return script;
}

export async function handleSdkRequest(_request: Request): Promise<Response> {
  if (!getEnv().sandbox) return sandboxDisabledResponse();
  return new Response(script, {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" },
  });
}
