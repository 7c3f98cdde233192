import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { commands } from "../../src/cli/commands.js";
import { runCli } from "../support/cli.js";

/** The built CLI's help, version and answers to mistakes. */

const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

describe("sandkasten --help, help, version", () => {
  test.each([["--help"], ["-h"], ["help"]])(
    "sandkasten %s prints the overview of every command and exits 0",
    async (flag) => {
      const r = await runCli([flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/^usage: sandkasten /);
      for (const c of commands) expect(r.stdout).toContain(`  ${c.name}`);
    },
  );

  test("every command answers --help (or -h) and `help COMMAND` with its usage and options", async () => {
    // Two at a time: each is a process of its own.
    for (const [i, c] of commands.entries()) {
      const variants = [
        [...c.name.split(" "), i % 2 === 0 ? "--help" : "-h"],
        ["help", ...c.name.split(" ")],
      ];
      const results = await Promise.all(variants.map((args) => runCli(args)));
      for (const [j, r] of results.entries()) {
        const args = variants[j];
        expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: "" });
        expect(r.stdout).toMatch(new RegExp(`^usage: sandkasten ${c.name} \\[OPTIONS\\]`));
        expect(r.stdout).toContain("-h, --help");
      }
    }
  });

  test("a group's --help lists its commands", async () => {
    const r = await runCli(["images", "--help"]);
    expect(r.code).toBe(0);
    for (const name of ["images build", "images list", "images validate", "images delete"]) {
      expect(r.stdout).toContain(name);
    }
  });

  test.each([["version"], ["--version"]])(
    "sandkasten %s prints the package's version",
    async (arg) => {
      const r = await runCli([arg]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`sandkasten ${version} (node ${process.version})\n`);
    },
  );
});

describe("mistakes exit 2 with one line saying why, then the usage", () => {
  test.each([
    [["frobnicate"], "sandkasten: unknown command: frobnicate", "usage: sandkasten [COMMAND]"],
    [
      ["images", "shrink"],
      "sandkasten: unknown command: images shrink",
      "usage: sandkasten images",
    ],
    [
      ["images"],
      "sandkasten: images: name a command (build, list, validate, delete)",
      "usage: sandkasten images",
    ],
    [["ps", "--bogus"], "sandkasten ps: unknown option: --bogus", "usage: sandkasten ps"],
    [["exec"], "sandkasten exec: missing argument", "usage: sandkasten exec"],
    [["exec", "s1"], "sandkasten exec: missing argument", "usage: sandkasten exec"],
    [["rm"], "sandkasten rm: missing argument", "usage: sandkasten rm"],
    [["ps", "extra"], "sandkasten ps: unexpected argument: extra", "usage: sandkasten ps"],
    [
      ["logs", "-n", "ten"],
      "sandkasten logs: --lines must be a whole number: ten",
      "usage: sandkasten logs",
    ],
    [
      ["exec", "--timeout", "0", "s1", "true"],
      "sandkasten exec: --timeout must be a whole number ≥ 1: 0",
      "usage: sandkasten exec",
    ],
    [
      ["doctor", "--url"],
      "sandkasten doctor: option --url needs a value",
      "usage: sandkasten doctor",
    ],
  ])("%j", async (args, reason, usage) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const [first, blank, third] = r.stderr.split("\n");
    expect(first).toBe(reason);
    expect(blank).toBe("");
    expect(third).toMatch(new RegExp(`^${usage.replace(/[[\]]/g, "\\$&")}`));
  });
});
