import { defineConfig } from "vitest/config";

/** Pure logic: no Docker engine, no daemon. */
const UNIT = [
  "test/unit/**/*.test.ts",
  "test/runner/**/*.test.ts",
  "test/rest/clean-output.test.ts",
];

/**
 * A real server on a loopback port and no engine: the REST gateway over
 * in-memory services, and a daemon whose engine socket never answers.
 * New files land in `docker`, which runs anything.
 */
const PORT = [
  "test/rest/{auth,exec,fs,http2,sessions,upload-backpressure}.test.ts",
  "test/e2e/docker-deadline.test.ts",
];

/** `npx vitest run --project unit` (or `port`) needs no Docker engine; plain `vitest run` runs all three. */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two cores: a few files at once keep the engine busy without starving it.
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: "unit", include: UNIT } },
      {
        extends: true,
        test: { name: "port", include: PORT, globalSetup: ["test/support/build-dist.ts"] },
      },
      {
        extends: true,
        test: {
          name: "docker",
          include: ["test/**/*.test.ts"],
          // Run alone afterwards (vitest.serial.config.ts): they restart the engine.
          exclude: ["test/serial/**", "**/node_modules/**", ...UNIT, ...PORT],
          globalSetup: ["test/support/global-setup.ts"],
        },
      },
    ],
  },
});
