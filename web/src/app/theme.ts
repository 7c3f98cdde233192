import { h } from "../ui/dom.js";

export type Theme = "light" | "dark";

const KEY = "sandkasten.theme";
const system = window.matchMedia("(prefers-color-scheme: dark)");
/** The toggles on the page; the ones of pages gone are dropped when the theme changes. */
const toggles = new Set<{ button: HTMLButtonElement; show(theme: Theme): void }>();

function chosen(): Theme | undefined {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The user's choice when they made one in this browser, else what the system prefers. */
export function currentTheme(): Theme {
  return chosen() ?? (system.matches ? "dark" : "light");
}

function show(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  for (const toggle of toggles) {
    if (toggle.button.isConnected) toggle.show(theme);
    else toggles.delete(toggle);
  }
}

function apply(): void {
  show(currentTheme());
}

/**
 * Remembers `theme` for this browser; a choice equal to the system's
 * preference is forgotten instead, so the page follows the system again.
 */
export function chooseTheme(theme: Theme): void {
  try {
    if (theme === (system.matches ? "dark" : "light")) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // Storage refused (a private window): the choice lasts for this page only.
    show(theme);
    return;
  }
  apply();
}

/** Sets the theme now and follows the system's preference and other tabs' choices. */
export function startTheme(): void {
  apply();
  system.addEventListener("change", apply);
  window.addEventListener("storage", (e) => {
    if (e.key === KEY || e.key === null) apply();
  });
}

/** A button that switches between light and dark. */
export function themeToggle(): HTMLButtonElement {
  const button = h("button", {
    type: "button",
    class: "button ghost theme-toggle",
    title: "Switch between light and dark",
    "aria-label": "Dark mode",
  });
  const toggle = {
    button,
    show(theme: Theme) {
      button.setAttribute("aria-pressed", String(theme === "dark"));
      button.replaceChildren(
        h("span", { class: "theme-icon", "aria-hidden": "true" }, theme === "dark" ? "☾" : "☀"),
        h("span", { class: "theme-label" }, "Dark mode"),
      );
    },
  };
  toggle.show(currentTheme());
  toggles.add(toggle);
  button.addEventListener("click", () =>
    chooseTheme(document.documentElement.dataset.theme === "dark" ? "light" : "dark"),
  );
  return button;
}
