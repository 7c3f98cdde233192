// `npm run gen`: runs every buf template (scripts/gen-targets.mjs).
import { execFileSync } from "node:child_process";
import { genTargets } from "./gen-targets.mjs";

for (const { template, outs } of genTargets()) {
  execFileSync("buf", ["generate", "--template", template], { stdio: "inherit" });
  console.log(`${template} -> ${outs.join(", ")}`);
}
