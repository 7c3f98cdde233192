import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import { h } from "../../ui/dom.js";

export interface JobStdin {
  element: HTMLElement;
  /** The job ended or the session is gone: nothing more can be sent. */
  close(reason: string): void;
}

const encoder = new TextEncoder();

/** A line at a time into a job's stdin (WriteJobStdin), and end of file (Close stdin). */
export function jobStdin(sessionId: string, jobId: string): JobStdin {
  const input = h("input", {
    id: "job-stdin",
    type: "text",
    class: "mono",
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    placeholder: "a line for the job to read",
  });
  const send = h("button", { type: "submit", class: "button" }, "Send");
  const closeStdin = h("button", { type: "button", class: "button" }, "Close stdin");
  const status = h("p", { class: "hint", "aria-live": "polite" });
  const controls = [input, send, closeStdin];
  const close = (reason: string) => {
    for (const c of controls) c.disabled = true;
    status.textContent = reason;
  };
  const write = async (data: Uint8Array, eof: boolean) => {
    try {
      await api.jobs.writeJobStdin({ sessionId, jobId, data, close: eof });
      return true;
    } catch (err) {
      status.textContent = describeError(err);
      return false;
    }
  };
  const element = h(
    "form",
    {
      class: "job-stdin",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (send.disabled) return;
        const line = input.value;
        send.disabled = true;
        if (await write(encoder.encode(`${line}\n`), false)) {
          input.value = "";
          status.textContent = "";
        }
        if (!input.disabled) send.disabled = false;
        input.focus();
      },
    },
    h("label", { for: "job-stdin" }, "Stdin"),
    input,
    send,
    closeStdin,
    status,
  );
  closeStdin.addEventListener("click", async () => {
    if (await write(new Uint8Array(), true)) close("stdin closed: the job reads end of file.");
  });
  return { element, close };
}
