import { runShellCase, type ShellCase, type StepResult } from "../support/exec-helpers.js";
import { describe, expect, test } from "../support/fixtures.js";

/**
 * Commands that tamper with the runner's scratch directory (/tmp/.sandkasten,
 * where the runner writes each command for bash to read) between commands:
 * delete it, put a link in its place, plant a link or a FIFO where the
 * command file goes, take away permissions. The runner writes there with the
 * sandbox user's uid; it must never write through a planted link, never hang
 * on a FIFO, and the next command must run as if nothing happened.
 */

const SCRATCH = "/tmp/.sandkasten";
const prints = (text: string) => (r: StepResult) => expect(r.output).toBe(text);

const cases: ShellCase[] = [
  {
    name: "the scratch directory replaced by a link to a directory of the user's: nothing is written there",
    steps: [
      `rm -rf ${SCRATCH}; mkdir -p /home/sandbox/lure; ln -s /home/sandbox/lure ${SCRATCH}`,
      { cmd: "echo ran; ls -A /home/sandbox/lure", check: prints("ran\n") },
      { cmd: `test -L ${SCRATCH} && echo link || echo directory`, check: prints("directory\n") },
    ],
    restarts: false,
  },
  {
    name: "the scratch directory replaced by a link to /etc",
    steps: [
      `rm -rf ${SCRATCH}; ln -s /etc ${SCRATCH}`,
      { cmd: "echo ran", check: prints("ran\n") },
    ],
    restarts: false,
  },
  {
    name: "the scratch directory replaced by a file",
    steps: [`rm -rf ${SCRATCH}; echo x >${SCRATCH}`, { cmd: "echo ran", check: prints("ran\n") }],
    restarts: false,
  },
  {
    name: "a link planted as the command file: its target is never written",
    steps: [
      `ln -sfn /home/sandbox/victim ${SCRATCH}/cmd`,
      {
        cmd: "echo ran; test -e /home/sandbox/victim && echo written || echo untouched",
        check: prints("ran\nuntouched\n"),
      },
    ],
    restarts: false,
  },
  {
    name: "a FIFO planted as the command file",
    steps: [
      `rm -f ${SCRATCH}/cmd; mkfifo ${SCRATCH}/cmd`,
      { cmd: "echo ran", check: prints("ran\n") },
    ],
    restarts: false,
  },
  {
    name: "a directory planted as the command file",
    steps: [
      `rm -f ${SCRATCH}/cmd; mkdir -p ${SCRATCH}/cmd/inside`,
      { cmd: "echo ran", check: prints("ran\n") },
    ],
    restarts: false,
  },
  {
    name: "the command file and the scratch directory made unreadable",
    steps: [
      `chmod 000 ${SCRATCH}/cmd`,
      { cmd: "echo ran", check: prints("ran\n") },
      `chmod 000 ${SCRATCH}`,
      { cmd: "echo ran again", check: prints("ran again\n") },
    ],
    restarts: false,
  },
  {
    name: "junk appended to the command file by a background job",
    steps: [
      `(sleep 0.5; echo 'echo INJECTED' >>${SCRATCH}/cmd) &`,
      "sleep 1",
      { cmd: "echo ran", check: prints("ran\n") },
    ],
    restarts: false,
  },
];

describe("shell robustness: the runner's scratch directory", () => {
  for (const c of cases) {
    test(c.name, async ({ api }) => {
      await runShellCase(api, c);
    });
  }
});
