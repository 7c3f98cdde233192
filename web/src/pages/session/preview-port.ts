import { previewAddress } from "../../api/preview-token.js";
import { h } from "../../ui/dom.js";
import { toast } from "../../ui/notice.js";

/**
 * "Preview port [8000] Open": opens a server the sandbox runs on that port
 * in a new tab, through the daemon, with a preview token (the tab cannot
 * send the API key).
 */
export function previewPort(sessionId: string): HTMLElement {
  const input = h("input", {
    id: "preview-port",
    type: "number",
    min: "1",
    max: "65535",
    inputmode: "numeric",
    placeholder: "8000",
    required: true,
    class: "preview-port-input",
  });
  const open = h(
    "button",
    {
      type: "submit",
      class: "button",
      title: "Open the sandbox's server on this port in a new tab (a token good for an hour)",
    },
    "Open",
  );
  return h(
    "form",
    {
      class: "preview-port",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const port = Number(input.value);
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          toast("error", "A port is a number from 1 to 65535.");
          return;
        }
        open.disabled = true;
        try {
          window.open(await previewAddress(sessionId, port), "_blank", "noopener");
        } catch (err) {
          toast("error", (err as Error).message);
        } finally {
          open.disabled = false;
        }
      },
    },
    h("label", { for: "preview-port" }, "Preview port"),
    input,
    open,
  );
}
