import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Run alone afterwards (vitest.serial.config.ts): they restart the engine.
    exclude: ["test/serial/**", "**/node_modules/**"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two cores: a few files at once keep the engine busy without starving it.
    maxWorkers: 3,
  },
});
