import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { CommandFile } from "../../runner/shell/command-file.js";

/**
 * The runner's one command file: whatever a command did to the scratch
 * directory or the file since, the next command lands at the path bash
 * reads, and nothing is ever written through a planted link.
 */
describe("CommandFile", () => {
  let root: string;
  let dir: string;
  let file: CommandFile;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "sk-command-file-"));
    dir = join(root, ".sandkasten");
    file = new CommandFile(join(dir, "cmd"));
  });

  afterEach(() => {
    file.close();
    rmSync(root, { recursive: true, force: true });
  });

  const written = () => readFileSync(join(dir, "cmd"), "utf8");

  test("makes the directory, writes each command whole and no longer than it is", () => {
    file.write("echo a long first command");
    expect(written()).toBe("echo a long first command");
    file.write("true");
    expect(written()).toBe("true");
  });

  test("what was appended to the file since is gone with the next command", () => {
    file.write("echo one");
    writeFileSync(join(dir, "cmd"), "\necho INJECTED", { flag: "a" });
    file.write("echo two");
    expect(written()).toBe("echo two");
  });

  test("a deleted directory is made again", () => {
    file.write("echo one");
    rmSync(dir, { recursive: true });
    file.write("echo two");
    expect(written()).toBe("echo two");
  });

  test("a directory replaced by a link: the link's target stays untouched", () => {
    file.write("echo one");
    const lure = join(root, "lure");
    mkdirSync(lure);
    rmSync(dir, { recursive: true });
    symlinkSync(lure, dir);
    file.write("echo two");
    expect(readdirSync(lure)).toEqual([]);
    expect(written()).toBe("echo two");
  });

  test("a link planted as the file: its target is never made or written", () => {
    file.write("echo one");
    const victim = join(root, "victim");
    rmSync(join(dir, "cmd"));
    symlinkSync(victim, join(dir, "cmd"));
    file.write("echo two");
    expect(existsSync(victim)).toBe(false);
    expect(written()).toBe("echo two");
  });

  test("a FIFO planted as the file before the first command does not block the write", () => {
    mkdirSync(dir);
    execFileSync("mkfifo", [join(dir, "cmd")]);
    file.write("echo one");
    expect(written()).toBe("echo one");
  });

  test("a hard link planted as the file: the other name keeps its content", () => {
    mkdirSync(dir);
    const other = join(root, "other");
    writeFileSync(other, "keep me");
    execFileSync("ln", [other, join(dir, "cmd")]);
    file.write("echo one");
    expect(readFileSync(other, "utf8")).toBe("keep me");
    expect(written()).toBe("echo one");
  });
});
