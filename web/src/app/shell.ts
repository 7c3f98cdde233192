import { forgetApiKey } from "../api/api-key.js";
import { h } from "../ui/dom.js";
import { navigate } from "./navigate.js";
import type { Section } from "./routes.js";
import { themeToggle } from "./theme.js";

const sections: [Section, string, string][] = [
  ["sessions", "/sessions", "Sessions"],
  ["workspaces", "/workspaces", "Workspaces"],
  ["pool", "/pool", "Pool"],
  ["metrics", "/stats", "Metrics"],
  ["config", "/config", "Config"],
];

/** The frame around every signed-in page: the site's navigation and the main area. */
export function shell(current?: Section): { frame: HTMLElement; main: HTMLElement } {
  const main = h("main", { id: "main", class: "main", tabindex: "-1" });
  const signOut = () => {
    forgetApiKey();
    navigate("/sign-in");
  };
  const nav = h(
    "nav",
    { class: "nav", "aria-label": "Main" },
    h(
      "ul",
      {},
      ...sections.map(([section, href, label]) =>
        h(
          "li",
          {},
          h("a", { href, "aria-current": section === current ? "page" : undefined }, label),
        ),
      ),
    ),
  );
  const header = h(
    "header",
    { class: "topbar" },
    h(
      "a",
      {
        class: "skip-link",
        href: "#main",
        onclick: (e: Event) => {
          e.preventDefault();
          main.focus();
        },
      },
      "Skip to content",
    ),
    h(
      "a",
      { class: "brand", href: "/sessions" },
      h("span", { class: "brand-mark", "aria-hidden": "true" }),
      "Sandkasten",
    ),
    nav,
    h(
      "div",
      { class: "topbar-actions" },
      themeToggle(),
      h("button", { type: "button", class: "button ghost sign-out", onclick: signOut }, "Sign out"),
    ),
  );
  return { frame: h("div", { class: "frame" }, header, main), main };
}
