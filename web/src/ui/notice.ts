import { h } from "./dom.js";

type Tone = "error" | "info" | "success";

/** An inline message box; errors are announced to screen readers at once. */
export function notice(tone: Tone, ...content: (Node | string)[]): HTMLElement {
  return h(
    "div",
    { class: `notice notice-${tone}`, role: tone === "error" ? "alert" : "status" },
    ...content,
  );
}

export function loading(what: string): HTMLElement {
  return h(
    "p",
    { class: "loading", role: "status" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    `Loading ${what}…`,
  );
}

export function emptyState(title: string, hint: string): HTMLElement {
  return h(
    "div",
    { class: "empty" },
    h("p", { class: "empty-title" }, title),
    h("p", { class: "muted" }, hint),
  );
}

/** A short-lived message in the corner, for actions whose result shows elsewhere. */
export function toast(tone: Tone, message: string): void {
  let area = document.getElementById("toasts");
  if (!area) {
    area = h("div", { id: "toasts", class: "toasts", "aria-live": "polite" });
    document.body.append(area);
  }
  const item = h(
    "div",
    { class: `toast toast-${tone}`, role: tone === "error" ? "alert" : "status" },
    message,
  );
  area.append(item);
  window.setTimeout(() => item.remove(), tone === "error" ? 8000 : 4000);
}
