import { defineConfig } from "vitest/config";

/** Tests that disturb the whole machine (the engine restarts): run alone, after the main suite. */
export default defineConfig({
  test: {
    include: ["test/serial/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
