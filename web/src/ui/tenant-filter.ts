import { fill, h } from "./dom.js";

export interface TenantFilter {
  element: HTMLSelectElement;
  /** The tenant chosen, or "" for all. */
  readonly value: string;
  /** The tenants the listed rows hold; the filter shows when they are more than one. */
  offer(tenants: Iterable<string>): void;
  clear(): void;
}

/** A choice of one tenant among the listed rows' (filtering happens in the page). */
export function tenantFilter(chosen: string, onChange: () => void): TenantFilter {
  const element = h("select", {
    class: "tenant-filter",
    "aria-label": "Filter by tenant",
    hidden: true,
    onchange: () => {
      chosen = element.value;
      onChange();
    },
  });
  let offered = "";
  const offer = (tenants: Iterable<string>) => {
    // A tenant chosen stays offered (from the URL, or whose rows are gone), to be undone.
    const names = [...new Set([...tenants, ...(chosen ? [chosen] : [])])].sort();
    element.hidden = names.length < 2 && !chosen;
    if (names.join("\n") === offered) return;
    offered = names.join("\n");
    fill(
      element,
      h("option", { value: "" }, "all tenants"),
      ...names.map((name) => h("option", { value: name }, name)),
    );
    element.value = chosen;
  };
  return {
    element,
    get value() {
      return chosen;
    },
    offer,
    clear() {
      chosen = "";
      element.value = "";
    },
  };
}
