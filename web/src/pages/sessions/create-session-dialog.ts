import type { Session } from "../../../../gen/sandkasten/v1/session_pb.js";
import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import { fill, h } from "../../ui/dom.js";
import { notice } from "../../ui/notice.js";
import { limitFields } from "./limit-fields.js";
import { sessionChoices } from "./session-choices.js";

/** "KEY=value" lines into a map; names what is wrong with a line. */
export function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const at = line.indexOf("=");
    const name = line.slice(0, at).trim();
    if (at < 1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`Environment line ${i + 1} must look like NAME=value`);
    }
    env[name] = line.slice(at + 1);
  }
  return env;
}

const field = (id: string, label: string, input: HTMLElement, hint?: string) =>
  h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    input,
    hint ? h("p", { class: "hint" }, hint) : null,
  );

/** A dialog that creates a session; resolves to it, or undefined when cancelled. */
export function createSessionDialog(): Promise<Session | undefined> {
  return new Promise((resolve) => {
    const image = h(
      "select",
      { id: "new-image", name: "image" },
      h("option", { value: "" }, "Default image"),
    );
    const ttl = h("input", {
      id: "new-ttl",
      name: "ttl",
      type: "number",
      min: "0",
      value: "1800",
      inputmode: "numeric",
    });
    const workspace = h("input", {
      id: "new-workspace",
      name: "workspace",
      type: "text",
      placeholder: "none (ephemeral)",
      autocomplete: "off",
      pattern: "[a-z0-9_\\-][a-z0-9._\\-]{0,62}",
    });
    const env = h("textarea", {
      id: "new-env",
      name: "env",
      rows: "3",
      placeholder: "NAME=value, one a line",
      spellcheck: "false",
    });
    const limits = limitFields();
    const status = h("div", { "aria-live": "polite" });
    const submit = h("button", { type: "submit", class: "button primary" }, "Create session");
    let created: Session | undefined;
    const form = h(
      "form",
      { class: "dialog-form" },
      h("h2", {}, "New session"),
      field("new-image", "Image", image),
      field("new-ttl", "TTL (seconds)", ttl, "0 means the daemon's default."),
      field(
        "new-workspace",
        "Workspace",
        workspace,
        "Mounted at /workspace; created on first use.",
      ),
      field("new-env", "Environment", env),
      limits.element,
      status,
      h(
        "div",
        { class: "dialog-actions" },
        h("button", { type: "button", class: "button", onclick: () => dialog.close() }, "Cancel"),
        submit,
      ),
    );
    const dialog = h("dialog", { class: "dialog", "aria-label": "New session" }, form);
    sessionChoices().then(
      (choices) => {
        fill(
          image,
          ...choices.images.map((ref) =>
            h("option", { value: ref, selected: ref === choices.defaultImage }, ref),
          ),
        );
        limits.describe(choices);
      },
      (err) =>
        fill(status, notice("error", `Could not load the allowed images: ${describeError(err)}`)),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      fill(status);
      submit.disabled = true;
      submit.textContent = "Creating…";
      try {
        const res = await api.sessions.createSession({
          image: image.value,
          ttlSeconds: Number(ttl.value || 0),
          workspaceId: workspace.value.trim(),
          env: parseEnv(env.value),
          limits: limits.value(),
        });
        created = res.session;
        dialog.close();
      } catch (err) {
        fill(status, notice("error", describeError(err)));
        submit.disabled = false;
        submit.textContent = "Create session";
      }
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(created);
    });
    document.body.append(dialog);
    dialog.showModal();
    image.focus();
  });
}
