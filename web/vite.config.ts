import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Built into web/dist, which the daemon serves on its one port (src/server/dashboard/).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  logLevel: "warn",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    target: "es2022",
    chunkSizeWarningLimit: 1024,
  },
});
