import {
  type ConfigEntry,
  ConfigSource,
  ConfigValueKind,
} from "../../../../gen/sandkasten/v1/config_pb.js";
import { badge } from "../../ui/badge.js";
import { fill, h } from "../../ui/dom.js";

const sourceNames: Record<ConfigSource, string> = {
  [ConfigSource.UNSPECIFIED]: "unknown",
  [ConfigSource.DEFAULT]: "default",
  [ConfigSource.FILE]: "config file",
  [ConfigSource.ENV]: "environment",
  [ConfigSource.OVERRIDE]: "start-up override",
};

export interface ConfigField {
  entry: ConfigEntry;
  element: HTMLElement;
  /** The new value as JSON, or undefined when unchanged; throws when it does not parse. */
  changedJson(): string | undefined;
  showError(message: string | undefined): void;
}

type Input = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function inputFor(e: ConfigEntry, id: string, value: unknown, locked: boolean): Input {
  const common = { id, name: e.key, disabled: locked, "aria-describedby": `${id}-doc ${id}-error` };
  switch (e.kind) {
    case ConfigValueKind.BOOLEAN:
      return h("input", { ...common, type: "checkbox", checked: value === true });
    case ConfigValueKind.CHOICE:
      return h(
        "select",
        common,
        ...e.choices.map((c) => h("option", { value: c, selected: c === value }, c)),
      );
    case ConfigValueKind.NUMBER:
      return h("input", {
        ...common,
        type: "number",
        step: "any",
        value: String(value),
        inputmode: "decimal",
      });
    case ConfigValueKind.LIST:
      return h("textarea", {
        ...common,
        rows: "3",
        class: "mono",
        spellcheck: "false",
        value: e.secret ? "" : (value as string[]).join("\n"),
        placeholder: e.secret ? "unchanged (one key a line to replace)" : "one a line",
      });
    case ConfigValueKind.MAP:
      return h("textarea", {
        ...common,
        rows: "3",
        class: "mono",
        spellcheck: "false",
        value: JSON.stringify(value, null, 1),
      });
    default:
      return e.secret
        ? h("input", {
            ...common,
            type: "password",
            autocomplete: "new-password",
            value: "",
            placeholder: value ? "set (unchanged)" : "not set",
          })
        : h("input", {
            ...common,
            type: "text",
            class: "mono",
            spellcheck: "false",
            value: String(value),
          });
  }
}

function readInput(e: ConfigEntry, input: Input): unknown {
  if (input instanceof HTMLInputElement && input.type === "checkbox") return input.checked;
  const text = input.value;
  switch (e.kind) {
    case ConfigValueKind.NUMBER: {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) throw new Error("must be a number");
      return n;
    }
    case ConfigValueKind.LIST:
      return text
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
    case ConfigValueKind.MAP:
      try {
        return JSON.parse(text);
      } catch {
        throw new Error('must be JSON, e.g. {"sandbox-runtime:python": 2}');
      }
    default:
      return text;
  }
}

/** One setting: its value (an input fit for its kind), doc, default, where it comes from. */
export function configField(e: ConfigEntry): ConfigField {
  const id = `cfg-${e.key.replace(/[^a-z0-9]/g, "-")}`;
  const running = JSON.parse(e.valueJson) as unknown;
  const locked = e.source === ConfigSource.ENV || e.source === ConfigSource.OVERRIDE;
  const input = inputFor(e, id, running, locked);
  const error = h("p", { id: `${id}-error`, class: "field-error", role: "alert" });
  const tags = h(
    "span",
    { class: "tags" },
    badge(sourceNames[e.source], e.source === ConfigSource.DEFAULT ? "neutral" : "info"),
    e.restartRequired
      ? badge("restart", "warning", "A change takes effect after the daemon restarts")
      : badge("live", "success", "A change applies at once"),
    e.restartPending
      ? badge(
          "restart pending",
          "danger",
          "The config file holds a newer value; restart the daemon to use it",
        )
      : null,
    e.secret ? badge("secret", "neutral", "Never shown") : null,
  );
  const element = h(
    "div",
    { class: "config-row", "data-key": e.key },
    h("div", { class: "config-label" }, h("label", { for: id, class: "mono" }, e.key), tags),
    h(
      "div",
      { class: "config-input" },
      input,
      h(
        "p",
        { id: `${id}-doc`, class: "hint" },
        e.doc,
        e.secret ? null : h("span", { class: "muted" }, ` Default: ${e.defaultJson}.`),
        locked
          ? h(
              "span",
              { class: "muted" },
              ` Set by ${e.env || "the daemon's start-up"}; change it there.`,
            )
          : null,
      ),
      error,
    ),
  );
  input.addEventListener("input", () =>
    element.classList.toggle("changed", safeChanged() !== undefined),
  );
  input.addEventListener("change", () =>
    element.classList.toggle("changed", safeChanged() !== undefined),
  );
  function changedJson(): string | undefined {
    if (locked) return undefined;
    if (e.secret && input.value.trim() === "") return undefined;
    const value = readInput(e, input);
    const json = JSON.stringify(value);
    return json === JSON.stringify(running) ? undefined : json;
  }
  function safeChanged(): string | undefined {
    try {
      return changedJson();
    } catch {
      return "invalid";
    }
  }
  return {
    entry: e,
    element,
    changedJson,
    showError(message) {
      fill(error, message ?? "");
      element.classList.toggle("invalid", Boolean(message));
      input.setAttribute("aria-invalid", message ? "true" : "false");
    },
  };
}
