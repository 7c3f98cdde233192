import { h } from "./dom.js";

export interface ConfirmOptions {
  title: string;
  message: string | Node;
  confirmLabel: string;
  danger?: boolean;
}

/** A modal <dialog> (focus trapped, Esc cancels); resolves to whether the action was confirmed. */
export function confirmDialog(o: ConfirmOptions): Promise<boolean> {
  return formDialog({ ...o, fields: [] }).then((values) => values !== undefined);
}

export interface DialogField {
  name: string;
  label: string;
  type?: "text" | "number" | "checkbox";
  value?: string;
  placeholder?: string;
  required?: boolean;
  hint?: string;
}

/** A modal form; resolves to its values, or undefined when cancelled. */
export function formDialog(
  o: ConfirmOptions & { fields: DialogField[] },
): Promise<Record<string, string> | undefined> {
  return new Promise((resolve) => {
    const inputs = o.fields.map((f) =>
      h("input", {
        id: `dialog-${f.name}`,
        name: f.name,
        type: f.type ?? "text",
        value: f.type === "checkbox" ? undefined : (f.value ?? ""),
        checked: f.type === "checkbox" && f.value === "true",
        placeholder: f.placeholder,
        required: f.required,
        min: f.type === "number" ? "0" : undefined,
      }),
    );
    const form = h(
      "form",
      { method: "dialog", class: "dialog-form" },
      h("h2", {}, o.title),
      typeof o.message === "string" ? h("p", {}, o.message) : o.message,
      ...o.fields.map((f, i) =>
        h(
          "div",
          { class: f.type === "checkbox" ? "field field-check" : "field" },
          h("label", { for: `dialog-${f.name}` }, f.label),
          inputs[i],
          f.hint ? h("p", { class: "hint" }, f.hint) : null,
        ),
      ),
      h(
        "div",
        { class: "dialog-actions" },
        h(
          "button",
          {
            type: "button",
            class: "button",
            value: "cancel",
            onclick: () => dialog.close("cancel"),
          },
          "Cancel",
        ),
        h(
          "button",
          { type: "submit", class: o.danger ? "button danger" : "button primary", value: "ok" },
          o.confirmLabel,
        ),
      ),
    );
    const dialog = h("dialog", { class: "dialog", "aria-label": o.title }, form);
    dialog.addEventListener("close", () => {
      const values = Object.fromEntries(
        inputs.map((input) => [
          input.name,
          input.type === "checkbox" ? String(input.checked) : input.value,
        ]),
      );
      dialog.remove();
      resolve(dialog.returnValue === "ok" ? values : undefined);
    });
    document.body.append(dialog);
    dialog.showModal();
    (inputs[0] ?? form.querySelector<HTMLButtonElement>("button[type=submit]"))?.focus();
  });
}
