/** Client-side navigation: the daemon answers these paths with index.html too. */
export function navigate(path: string, o: { replace?: boolean } = {}): void {
  if (o.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  window.dispatchEvent(new Event("sandkasten:navigate"));
}

/** Same-origin links navigate without a reload. */
export function interceptLinks(): void {
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element).closest?.("a");
    const href = link?.getAttribute("href");
    if (!link || !href?.startsWith("/") || link.hasAttribute("download") || link.target) return;
    event.preventDefault();
    navigate(href);
  });
  window.addEventListener("popstate", () => window.dispatchEvent(new Event("sandkasten:navigate")));
}
