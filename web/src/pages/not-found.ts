import { h } from "../ui/dom.js";

/** The page for a dashboard address that leads nowhere: says so, and offers a way back. */
export function notFound(
  root: HTMLElement,
  what: string,
  back: { href: string; label: string } = { href: "/sessions", label: "Back to the sessions" },
): void {
  document.title = "Not found · Sandkasten";
  root.replaceChildren(
    h(
      "section",
      { class: "not-found", "aria-labelledby": "not-found-title" },
      h("p", { class: "not-found-code", "aria-hidden": "true" }, "404"),
      h("h1", { id: "not-found-title" }, "Not found"),
      h("p", { class: "muted" }, what),
      h("p", {}, h("a", { href: back.href, class: "button primary" }, back.label)),
    ),
  );
}
