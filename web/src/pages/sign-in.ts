import { Code, ConnectError } from "@connectrpc/connect";
import { forgetApiKey, storeApiKey } from "../api/api-key.js";
import { api } from "../api/clients.js";
import { describeError } from "../api/errors.js";
import { navigate } from "../app/navigate.js";
import type { Page } from "../app/page.js";
import { fill, h } from "../ui/dom.js";
import { notice } from "../ui/notice.js";

/** Only paths of this dashboard may follow sign-in. */
function nextPath(): string {
  const next = new URLSearchParams(location.search).get("next") ?? "";
  return /^\/[a-z0-9/._-]*$/.test(next) && !next.startsWith("//") && next !== "/sign-in"
    ? next
    : "/sessions";
}

export const signInPage: Page = (root) => {
  document.title = "Sign in · Sandkasten";
  const status = h("div", { class: "sign-in-status" });
  if (new URLSearchParams(location.search).get("reason") === "rejected") {
    status.append(
      notice("error", "The daemon no longer accepts the API key this tab had. Sign in again."),
    );
  }
  const input = h("input", {
    id: "api-key",
    name: "api-key",
    type: "password",
    autocomplete: "current-password",
    required: true,
    "aria-describedby": "api-key-hint",
  });
  const submit = h("button", { type: "submit", class: "button primary wide" }, "Sign in");
  const form = h(
    "form",
    { class: "card sign-in", "aria-labelledby": "sign-in-title" },
    h(
      "div",
      { class: "brand brand-large" },
      h("span", { class: "brand-mark", "aria-hidden": "true" }),
      "Sandkasten",
    ),
    h("h1", { id: "sign-in-title" }, "Sign in"),
    h(
      "div",
      { class: "field" },
      h("label", { for: "api-key" }, "API key"),
      input,
      h(
        "p",
        { id: "api-key-hint", class: "hint" },
        "The daemon's api_key. It is kept for this browser tab only.",
      ),
    ),
    status,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    submit.textContent = "Signing in…";
    storeApiKey(input.value.trim());
    try {
      await api.sessions.listSessions({});
      navigate(nextPath(), { replace: true });
    } catch (err) {
      forgetApiKey();
      const rejected = err instanceof ConnectError && err.code === Code.Unauthenticated;
      fill(
        status,
        notice(
          "error",
          rejected
            ? "The daemon did not accept this API key. Check it and try again."
            : describeError(err),
        ),
      );
      submit.disabled = false;
      submit.textContent = "Sign in";
      input.select();
    }
  });
  root.append(form);
  input.focus();
  return undefined;
};
