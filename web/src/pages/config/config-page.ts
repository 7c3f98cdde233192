import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import type { Page } from "../../app/page.js";
import { fill, h } from "../../ui/dom.js";
import { loading, notice } from "../../ui/notice.js";
import { type ConfigField, configField } from "./config-field.js";

const sectionTitle = (key: string) =>
  key.includes(".") ? key.slice(0, key.indexOf(".")) : "general";

/** The running configuration: view it, validate edits, save them, and see which wait for a restart. */
export const configPage: Page = (root) => {
  document.title = "Config · Sandkasten";
  const status = h("div", { class: "page-status" }, loading("the configuration"));
  const result = h("div", { class: "config-result", "aria-live": "polite" });
  const validate = h("button", { type: "button", class: "button" }, "Validate");
  const save = h("button", { type: "submit", class: "button primary" }, "Save changes");
  const form = h("form", { class: "config-form", hidden: true, novalidate: true });
  const fileLine = h("p", { class: "muted" });
  root.append(
    h(
      "div",
      { class: "config-head" },
      h(
        "div",
        { class: "page-head" },
        h("h1", {}, "Configuration"),
        h("div", { class: "actions" }, validate, save),
      ),
      result,
    ),
    fileLine,
    status,
    form,
  );
  save.setAttribute("form", "config-form");
  form.id = "config-form";
  let fields: ConfigField[] = [];

  const collect = (): Record<string, string> | undefined => {
    const candidate: Record<string, string> = {};
    let ok = true;
    for (const f of fields) {
      f.showError(undefined);
      try {
        const json = f.changedJson();
        if (json !== undefined) candidate[f.entry.key] = json;
      } catch (err) {
        f.showError((err as Error).message);
        ok = false;
      }
    }
    return ok ? candidate : undefined;
  };
  const showProblems = (errors: { key: string; message: string }[]) => {
    const byKey = new Map(fields.map((f) => [f.entry.key, f]));
    const general: string[] = [];
    for (const e of errors) {
      const f = byKey.get(e.key);
      if (f) f.showError(e.message);
      else general.push(e.key ? `${e.key}: ${e.message}` : e.message);
    }
    fill(
      result,
      notice(
        "error",
        `The configuration is not valid: ${errors.length} problem${errors.length > 1 ? "s" : ""}, shown at the settings.`,
        ...(general.length ? [h("br"), general.join("; ")] : []),
      ),
    );
    form.querySelector<HTMLElement>(".invalid input, .invalid select, .invalid textarea")?.focus();
  };
  /** The changed settings, validated by the daemon; undefined (with the problems shown) when not valid. */
  const check = async (): Promise<
    { candidate: Record<string, string>; restart: string[] } | undefined
  > => {
    const candidate = collect();
    if (!candidate) {
      fill(result, notice("error", "Some values do not parse; see the settings marked below."));
      return undefined;
    }
    if (Object.keys(candidate).length === 0) {
      fill(result, notice("info", "Nothing changed."));
      return undefined;
    }
    const res = await api.config.validateConfig({ candidate: { valuesJson: candidate } });
    if (!res.valid) {
      showProblems(res.errors);
      return undefined;
    }
    return { candidate, restart: res.restartRequired };
  };
  validate.addEventListener("click", async () => {
    try {
      const checked = await check();
      if (!checked) return;
      const { candidate, restart } = checked;
      fill(
        result,
        notice(
          "success",
          `Valid: ${Object.keys(candidate).join(", ")}.`,
          restart.length
            ? ` Needs a restart: ${restart.join(", ")}.`
            : " All of it applies at once.",
        ),
      );
    } catch (err) {
      fill(result, notice("error", describeError(err)));
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      const checked = await check();
      if (!checked) return;
      const res = await api.config.updateConfig({ candidate: { valuesJson: checked.candidate } });
      await load();
      fill(
        result,
        notice(
          "success",
          `Saved to ${res.configFile}.`,
          res.applied.length ? ` Applied now: ${res.applied.join(", ")}.` : "",
          res.restartRequired.length
            ? ` Restart the daemon to apply: ${res.restartRequired.join(", ")}.`
            : "",
        ),
      );
    } catch (err) {
      fill(result, notice("error", `Not saved: ${describeError(err)}`));
    } finally {
      save.disabled = false;
    }
  });

  async function load(): Promise<void> {
    try {
      const { entries, configFile } = await api.config.getConfig({});
      fields = entries.map(configField);
      const sections = new Map<string, ConfigField[]>();
      for (const f of fields)
        sections.set(sectionTitle(f.entry.key), [
          ...(sections.get(sectionTitle(f.entry.key)) ?? []),
          f,
        ]);
      fill(
        form,
        ...[...sections].map(([title, list]) =>
          h(
            "fieldset",
            { class: "card config-section" },
            h("legend", {}, title),
            ...list.map((f) => f.element),
          ),
        ),
      );
      form.hidden = false;
      fill(
        fileLine,
        configFile
          ? `Changes are saved to ${configFile}.`
          : "This daemon was started without a config file: changes can be validated but not saved.",
      );
      save.disabled = !configFile;
      fill(status);
    } catch (err) {
      fill(status, notice("error", `Could not read the configuration: ${describeError(err)}`));
    }
  }
  void load();
  return undefined;
};
