import type { Migration } from "kysely/migration";
import * as m001 from "./001-sessions.js";
import * as m002 from "./002-workspaces.js";
import * as m003 from "./003-pool.js";
import * as m004 from "./004-tenants.js";
import * as m005 from "./005-snapshots.js";

/** Numbered migrations, applied in order; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  "001-sessions": m001,
  "002-workspaces": m002,
  "003-pool": m003,
  "004-tenants": m004,
  "005-snapshots": m005,
};
