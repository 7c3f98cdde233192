import { h } from "../../../ui/dom.js";
import { OutputSearch } from "./output-search.js";

/** Waits this long after new output before searching it again. */
const RESEARCH_MS = 300;

/**
 * "Find in output": a search box, previous/next and the count of matches.
 * Enter goes to the next match, Shift+Enter to the previous, Escape clears.
 */
export function searchBar(): {
  element: HTMLElement;
  search: OutputSearch;
  focus(): void;
  outputChanged(): void;
  stop(): void;
} {
  const input = h("input", {
    type: "search",
    id: "output-search",
    class: "search-input",
    placeholder: "Find in output",
    "aria-label": "Find in output",
    autocomplete: "off",
    spellcheck: "false",
  });
  const count = h("span", { class: "search-count", role: "status", "aria-live": "polite" });
  const prev = h(
    "button",
    { type: "button", class: "button small", "aria-label": "Previous match", disabled: true },
    "↑",
  );
  const next = h(
    "button",
    { type: "button", class: "button small", "aria-label": "Next match", disabled: true },
    "↓",
  );
  const search = new OutputSearch(() => {
    count.textContent = search.summary;
    prev.disabled = next.disabled = search.count === 0;
  });
  let timer = 0;
  input.addEventListener("input", () => search.run(input.value));
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      search.step(e.shiftKey ? -1 : 1);
    } else if (e.key === "Escape" && input.value) {
      e.preventDefault();
      input.value = "";
      search.run("");
    }
  });
  prev.addEventListener("click", () => search.step(-1));
  next.addEventListener("click", () => search.step(1));
  const element = h(
    "div",
    { class: "output-search", role: "search", "aria-label": "Search the output" },
    input,
    prev,
    next,
    count,
  );
  return {
    element,
    search,
    focus: () => {
      input.focus();
      input.select();
    },
    outputChanged: () => {
      if (!input.value || timer) return;
      timer = window.setTimeout(() => {
        timer = 0;
        search.run(input.value, false);
      }, RESEARCH_MS);
    },
    stop: () => window.clearTimeout(timer),
  };
}
