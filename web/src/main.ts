import "./styles.css";
import { forgetApiKey, storedApiKey } from "./api/api-key.js";
import { whenUnauthenticated } from "./api/errors.js";
import { interceptLinks, navigate } from "./app/navigate.js";
import { matchRoute } from "./app/routes.js";
import { shell } from "./app/shell.js";
import { startTheme } from "./app/theme.js";
import { notFound } from "./pages/not-found.js";
import { h } from "./ui/dom.js";

const app = document.getElementById("app") as HTMLElement;
let stopPage: (() => void) | undefined;
let navigated = false;

function render(): void {
  stopPage?.();
  stopPage = undefined;
  const path = location.pathname;
  const match = matchRoute(path);
  if (match?.section !== "sign-in" && !storedApiKey()) {
    navigate(`/sign-in?next=${encodeURIComponent(path)}`, { replace: true });
    return;
  }
  if (!match) {
    const { frame, main } = shell();
    notFound(main, `This dashboard has no page at ${path}.`);
    app.replaceChildren(frame);
    return;
  }
  if (match.section === "sign-in") {
    const root = h("div", { class: "sign-in-frame" });
    app.replaceChildren(root);
    stopPage = match.page(root, match.params);
    return;
  }
  const { frame, main } = shell(match.section);
  app.replaceChildren(frame);
  stopPage = match.page(main, match.params);
  // The old page (and the focus in it) is gone: start the keyboard at the new one.
  if (navigated && document.activeElement === document.body) main.focus({ preventScroll: true });
  navigated = true;
}

startTheme();
whenUnauthenticated(() => {
  if (location.pathname === "/sign-in") return;
  forgetApiKey();
  navigate(`/sign-in?reason=rejected&next=${encodeURIComponent(location.pathname)}`);
});
interceptLinks();
window.addEventListener("sandkasten:navigate", render);
render();
