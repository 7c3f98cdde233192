/** One check of doctor, security or images validate. */
export interface CheckResult {
  name: string;
  status: "pass" | "warn" | "fail";
  detail: string;
  /** How to fix it; shown for warnings and failures. */
  fix?: string;
}

const LABEL: Record<CheckResult["status"], string> = { pass: "pass", warn: "warn", fail: "FAIL" };

/** Prints one line per check (and its fix below a warning or failure); false when any failed. */
export function printChecks(results: readonly CheckResult[], indent = ""): boolean {
  for (const r of results) {
    process.stdout.write(`${indent}${LABEL[r.status].padEnd(6)}${r.name}: ${r.detail}\n`);
    if (r.status !== "pass" && r.fix) process.stdout.write(`${indent}      fix: ${r.fix}\n`);
  }
  return results.every((r) => r.status !== "fail");
}
