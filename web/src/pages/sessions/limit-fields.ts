import { h } from "../../ui/dom.js";
import type { Limits, SessionChoices } from "./session-choices.js";

interface LimitField {
  key: keyof Limits;
  id: string;
  label: string;
  unit: (n: number) => string;
  step: string;
}

const fields: LimitField[] = [
  {
    key: "cpu_limit",
    id: "new-cpu",
    label: "CPU limit (cores)",
    unit: (n) => (n === 1 ? "1 CPU" : `${n} CPUs`),
    step: "0.1",
  },
  {
    key: "mem_limit_mb",
    id: "new-mem",
    label: "Memory limit (MiB)",
    unit: (n) => `${n} MiB`,
    step: "1",
  },
  { key: "pids_limit", id: "new-pids", label: "Process limit", unit: (n) => `${n}`, step: "1" },
];

/**
 * The new session's resource limits: CPU, memory and processes. Empty
 * means the daemon's default; the daemon's maxima bound the inputs.
 */
export function limitFields(): {
  element: HTMLElement;
  describe(choices: SessionChoices): void;
  value(): { cpuLimit: number; memLimitMb: number; pidsLimit: number } | undefined;
} {
  const inputs = fields.map((f) =>
    h("input", {
      id: f.id,
      name: f.key,
      type: "number",
      min: "0",
      step: f.step,
      inputmode: f.key === "cpu_limit" ? "decimal" : "numeric",
      placeholder: "default",
      "aria-describedby": `${f.id}-hint`,
    }),
  );
  const hints = fields.map((f) => h("p", { id: `${f.id}-hint`, class: "hint" }));
  const element = h(
    "fieldset",
    { class: "limits" },
    h("legend", {}, "Limits"),
    h(
      "div",
      { class: "limits-row" },
      ...fields.map((f, i) =>
        h("div", { class: "field" }, h("label", { for: f.id }, f.label), inputs[i], hints[i]),
      ),
    ),
  );
  return {
    element,
    describe({ defaults, max }) {
      fields.forEach((f, i) => {
        const input = inputs[i] as HTMLInputElement;
        const d = defaults[f.key];
        const m = max[f.key];
        if (d !== undefined) input.placeholder = String(d);
        if (m !== undefined) input.max = String(m);
        (hints[i] as HTMLElement).textContent = [
          d !== undefined ? `default ${f.unit(d)}` : "",
          m !== undefined ? `at most ${f.unit(m)}` : "",
        ]
          .filter(Boolean)
          .join(", ");
      });
    },
    value() {
      const [cpu, mem, pids] = inputs.map((input) => Number(input.value || 0));
      if (!cpu && !mem && !pids) return undefined;
      return { cpuLimit: cpu ?? 0, memLimitMb: mem ?? 0, pidsLimit: pids ?? 0 };
    },
  };
}
