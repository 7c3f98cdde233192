import { readdirSync } from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { settings } from "../../src/config/settings.js";
import { REQUEST_MAX_BYTES } from "../../src/limits.js";
import type { RestRoute } from "../../src/rest/context.js";
import { restRoutes } from "../../src/rest/routes.js";
import { type ConfigFileDaemon, startConfigFileDaemon } from "../support/config-file-daemon.js";

/**
 * Every REST route, fed what a careless or hostile client sends: malformed
 * JSON, JSON that is no object, a wrong type for each field it declares,
 * unknown fields, huge values, NUL bytes (in fields, path parameters and
 * query values), unknown ids, no key, a wrong method, bodies past the limit.
 * Each answer is a 4xx with a JSON {"error": "..."} naming the field where
 * there is one: never a 500, never a hang (no answer in 20 s fails). The
 * daemon still answers afterwards.
 *
 * The routes come from the router's own table (src/rest/routes.ts); SPECS
 * below must cover each one and BODY_KINDS/QUERY_KINDS each field and query
 * parameter it declares, so that a new route or field can't be forgotten.
 */

const ANSWER_TIMEOUT_MS = 20_000;
const UPLOAD_MAX_BYTES = 1024 * 1024 * 1024;
const CONFIG_MAX_BYTES = 1024 * 1024;
const TEN_MB = "x".repeat(10 * 1024 * 1024);

type BodyKind =
  | "text" // a string: NUL and 10 MB refused
  | "content" // a file's text: any string is content
  | "base64"
  | "uint32"
  | "number"
  | "boolean"
  | "map"
  | "strings";

const BODY_KINDS: Record<string, BodyKind> = {
  image: "text",
  ttl_seconds: "uint32",
  workspace_id: "text",
  env: "map",
  cpu_limit: "number",
  mem_limit_mb: "uint32",
  pids_limit: "uint32",
  cmd: "text",
  timeout_ms: "uint32",
  raw_output: "boolean",
  path: "text",
  path_base64: "base64",
  text: "content",
  content_base64: "base64",
  mode: "uint32",
  parents: "boolean",
  cols: "uint32",
  rows: "uint32",
  command: "strings",
  cwd: "text",
  data_base64: "base64",
  network: "text",
  allow: "strings",
  background: "boolean",
  on_timeout: "text",
  data: "content",
  close: "boolean",
  signal: "text",
  port: "uint32",
  name: "text",
  snapshot: "text",
  new_workspace_id: "text",
  replace: "boolean",
};

type QueryKind = "text" | "base64" | "boolean" | "uint64" | "status";

const QUERY_KINDS: Record<string, QueryKind> = {
  status: "status",
  path: "text",
  path_base64: "base64",
  recursive: "boolean",
  max_bytes: "uint64",
  force: "boolean",
  include_pool: "boolean",
  skip_kept: "boolean",
  against: "text",
  snapshot: "text",
  max_entries: "uint64",
};

/** Fields that exclude each other: probing one leaves the others out of the body. */
const PARTNERS: Record<string, string[]> = {
  path: ["path_base64"],
  path_base64: ["path"],
  text: ["content_base64", "data_base64"],
  content_base64: ["text"],
  data_base64: ["text", "data"],
  data: ["data_base64"],
};

interface Spec {
  /** A body the route takes (JSON routes), "config" for the settings routes. */
  body?: Record<string, unknown> | "config";
  /** A query the route takes. */
  query?: Record<string, string>;
  upload?: "multipart" | "tar";
  /** An unknown workspace id is created, not a 404. */
  creates?: boolean;
}

const SPECS: Record<string, Spec> = {
  "GET /healthz": {},
  "POST /v1/sessions": { body: {} },
  "GET /v1/sessions": {},
  "GET /v1/sessions/:id": {},
  "DELETE /v1/sessions/:id": {},
  "GET /v1/sessions/:id/stats": {},
  "POST /v1/sessions/:id/extend": { body: {} },
  "GET /v1/pool": {},
  "POST /v1/sessions/:id/exec": { body: { cmd: "true" } },
  "POST /v1/sessions/:id/exec/stream": { body: { cmd: "true" } },
  "GET /v1/sessions/:id/jobs": {},
  "POST /v1/sessions/:id/jobs": { body: { cmd: "true" } },
  "GET /v1/sessions/:id/jobs/:job": {},
  "GET /v1/sessions/:id/jobs/:job/attach": { query: {} },
  "POST /v1/sessions/:id/jobs/:job/stdin": { body: { data: "x" } },
  "POST /v1/sessions/:id/jobs/:job/signal": { body: {} },
  "POST /v1/sessions/:id/preview-tokens": { body: { port: 8000 } },
  "GET /v1/sessions/:id/fs": { query: {} },
  "DELETE /v1/sessions/:id/fs": { query: { path: "no-such-probe" } },
  "GET /v1/sessions/:id/fs/read": { query: { path: "probe.txt" } },
  "POST /v1/sessions/:id/fs/write": { body: { path: "probe.txt", text: "x" } },
  "GET /v1/sessions/:id/fs/stat": { query: { path: "probe.txt" } },
  "POST /v1/sessions/:id/fs/mkdir": { body: { path: "probe-dir", parents: true } },
  "GET /v1/sessions/:id/fs/download": { query: { path: "probe.txt" } },
  "POST /v1/sessions/:id/fs/upload": { upload: "multipart" },
  "POST /v1/sessions/:id/pty": { body: {} },
  "POST /v1/sessions/:id/pty/:pty_id/input": { body: { text: "x" } },
  "POST /v1/sessions/:id/pty/:pty_id/resize": { body: { cols: 80, rows: 24 } },
  "DELETE /v1/sessions/:id/pty/:pty_id": {},
  "GET /v1/workspaces": {},
  "GET /v1/workspaces/:id": {},
  "DELETE /v1/workspaces/:id": { query: {} },
  "GET /v1/workspaces/:id/fs": { query: {} },
  "DELETE /v1/workspaces/:id/fs": { query: { path: "no-such-probe" } },
  "GET /v1/workspaces/:id/fs/read": { query: { path: "probe.txt" } },
  "POST /v1/workspaces/:id/fs/write": { body: { path: "probe.txt", text: "x" }, creates: true },
  "GET /v1/workspaces/:id/fs/stat": { query: { path: "probe.txt" } },
  "POST /v1/workspaces/:id/fs/mkdir": { body: { path: "probe-dir" }, creates: true },
  "GET /v1/workspaces/:id/fs/download": { query: { path: "probe.txt" } },
  "POST /v1/workspaces/:id/fs/upload": { upload: "multipart", creates: true },
  "GET /v1/workspaces/:id/archive": {},
  "POST /v1/workspaces/:id/archive": { upload: "tar", creates: true },
  "GET /api/config": {},
  "PUT /api/config": { body: "config" },
  "POST /api/config/validate": { body: "config" },
  "POST /v1/workspaces/:id/snapshots": { body: { name: "probe-snap" } },
  "GET /v1/workspaces/:id/snapshots": {},
  "DELETE /v1/workspaces/:id/snapshots/:name": {},
  "POST /v1/workspaces/:id/restore": { body: { snapshot: "probe-snap" } },
  "POST /v1/workspaces/:id/fork": { body: { new_workspace_id: "probe-fork" } },
  "GET /v1/workspaces/:id/diff": { query: { against: "probe-ws" } },
  "GET /v1/sessions/:id/watch": { query: { path: "/workspace" } },
  "GET /api/status": {},
};

const routeName = (r: RestRoute) => `${r.method} ${r.path}`;
const specOf = (r: RestRoute): Spec => SPECS[routeName(r)] ?? {};
const jsonRoutes = restRoutes.filter((r) => specOf(r).body !== undefined);
const fieldRoutes = restRoutes.filter((r) => Array.isArray(r.body));
const queryRoutes = restRoutes.filter((r) => (r.query ?? []).length > 0);

// --- requests -------------------------------------------------------------

interface Probe {
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** false: no Authorization header; a string: that header. */
  auth?: false | string;
  /** Announce this Content-Length, send a few bytes, and wait for the answer. */
  declaredLength?: number;
  /** Send this many bytes chunked (no Content-Length), stopping at the answer. */
  chunkedBytes?: number;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

let d: ConfigFileDaemon;
let sessionId = "";
const WORKSPACE = "probe-ws";
const UNKNOWN_SESSION = "zz0unknown0session";
const UNKNOWN_WORKSPACE = "no-such-workspace";

function send(p: Probe): Promise<Answer> {
  const url = new URL(d.url);
  const headers: Record<string, string> = { ...p.headers };
  if (p.auth !== false) headers.authorization = p.auth ?? `Bearer ${d.apiKey}`;
  if (p.declaredLength !== undefined) headers["content-length"] = String(p.declaredLength);
  else if (p.chunkedBytes !== undefined) headers["transfer-encoding"] = "chunked";
  else if (p.body !== undefined) headers["content-length"] = String(Buffer.byteLength(p.body));
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      { host: url.hostname, port: url.port, method: p.method, path: p.path, headers, agent: false },
      (res) => {
        answered = true;
        if (String(res.headers["content-type"]).includes("event-stream")) {
          // A stream opened: the probe was taken as valid. Say so, don't wait.
          res.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: "(event stream)" });
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          clearTimeout(timer);
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          });
        });
        res.on("error", reject);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`));
    }, ANSWER_TIMEOUT_MS);
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    if (p.declaredLength !== undefined) {
      req.write("{");
    } else if (p.chunkedBytes !== undefined) {
      const chunk = Buffer.alloc(1024 * 1024, "a");
      let sent = 0;
      const pump = () => {
        while (!answered && sent < (p.chunkedBytes ?? 0)) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once("drain", pump);
            return;
          }
        }
        if (!answered) req.end();
      };
      pump();
    } else {
      req.end(p.body);
    }
  });
}

/** The route's path with its parameters filled in. */
function pathOf(route: RestRoute, params: Partial<Record<string, string>> = {}): string {
  const workspaceRoute = route.path.startsWith("/v1/workspaces/");
  const values: Record<string, string> = {
    id: workspaceRoute ? WORKSPACE : sessionId,
    pty_id: "nopty0",
    job: "j1",
    name: "probe-snap",
    ...params,
  };
  return route.path.replace(/:([a-z_]+)/g, (_, name: string) => values[name] ?? "");
}

function withQuery(path: string, query: Record<string, string>): string {
  const search = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return search === "" ? path : `${path}?${search}`;
}

/** A probe of `route` with its valid query (if any) and these changes. */
function probeOf(route: RestRoute, change: Partial<Probe> = {}): Probe {
  const spec = specOf(route);
  return { method: route.method, path: withQuery(pathOf(route), spec.query ?? {}), ...change };
}

/** A 4xx JSON error (status among `statuses` when given) whose message contains each of `mentions`. */
interface Expect {
  statuses?: number[];
  mentions?: string[];
  /** The input is valid after all (a file's content): anything but a 5xx or a hang. */
  mayPass?: boolean;
}

/** Sends each probe and returns what went wrong, one line each. */
async function check(cases: [string, Probe, Expect][]): Promise<string[]> {
  const wrong: string[] = [];
  for (const [what, probe, want] of cases) {
    let answer: Answer;
    try {
      answer = await send(probe);
    } catch (err) {
      wrong.push(`${what}: ${(err as Error).message}`);
      continue;
    }
    const problem = judge(answer, want);
    if (problem) wrong.push(`${what}: ${problem} (${answer.status} ${answer.text.slice(0, 300)})`);
  }
  return wrong;
}

function judge(answer: Answer, want: Expect): string | undefined {
  if (answer.status >= 500) return "a server error";
  if (want.mayPass && answer.status < 400) return undefined;
  if (answer.status < 400) return "accepted";
  if (want.statuses && !want.statuses.includes(answer.status)) {
    return `status is not ${want.statuses.join(" or ")}`;
  }
  if (!String(answer.headers["content-type"]).startsWith("application/json")) return "not JSON";
  let error: unknown;
  try {
    error = (JSON.parse(answer.text) as { error?: unknown }).error;
  } catch {
    return "not JSON";
  }
  if (typeof error !== "string" || error === "") return 'no "error" message';
  if (want.mayPass) return undefined;
  const missing = (want.mentions ?? []).filter((m) => !error.includes(m));
  return missing.length > 0 ? `does not name ${missing.join(", ")}` : undefined;
}

// --- bodies ---------------------------------------------------------------

/** JSON text of `body`, with "@raw:<text>" string values written as raw JSON (1e400). */
function jsonText(body: Record<string, unknown>): string {
  return JSON.stringify(body).replace(/"@raw:([^"]*)"/g, "$1");
}

const raw = (text: string) => `@raw:${text}`;

/** Wrong, huge and NUL values for a field of `kind`, each with whether it must be refused. */
function fieldValues(kind: BodyKind): [string, unknown, Expect?][] {
  const wrongType: Record<BodyKind, unknown[]> = {
    text: [5, true, {}, ["a"]],
    content: [5, false, { a: 1 }],
    base64: [5, ["AA=="], "!!not base64!!"],
    uint32: ["5", true, -1, 1.5],
    number: ["1", true, [1]],
    boolean: ["yes", 1, "true"],
    map: ["x", [1], { A: 1 }],
    strings: ["ls", [1], [null]],
  };
  const huge: Record<BodyKind, unknown[]> = {
    text: [TEN_MB],
    content: [TEN_MB],
    base64: ["A".repeat(10 * 1024 * 1024)],
    uint32: [4_294_967_296, raw("18446744073709551616"), raw("1e400"), raw("-1e400")],
    number: [raw("1e400"), raw("-1e400"), 1e308],
    boolean: [],
    map: [{ A: TEN_MB }, Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`V${i}`, ""]))],
    strings: [[TEN_MB], Array.from({ length: 100_000 }, () => "a")],
  };
  const nul: Record<BodyKind, unknown[]> = {
    text: ["a\u0000b"],
    content: ["a\u0000b"],
    base64: ["AA\u0000=="],
    uint32: [],
    number: [],
    boolean: [],
    map: [{ A: "a\u0000b" }, { "A\u0000": "x" }],
    strings: [["a\u0000b"]],
  };
  // A file's text may be anything; its base64 may decode to a large file.
  const content = kind === "content" ? { mayPass: true } : undefined;
  return [
    ...wrongType[kind].map((v): [string, unknown, Expect?] => ["of a wrong type", v]),
    ...huge[kind].map((v): [string, unknown, Expect?] => [
      "huge",
      v,
      kind === "content" || kind === "base64" ? { mayPass: true } : undefined,
    ]),
    ...nul[kind].map((v): [string, unknown, Expect?] => ["with a NUL byte", v, content]),
  ];
}

function describeValue(v: unknown): string {
  const text = typeof v === "string" && v.startsWith("@raw:") ? v.slice(5) : JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 20)}… (${text.length} chars)` : text;
}

// --- multipart --------------------------------------------------------------

const BOUNDARY = "probe-boundary";
const MULTIPART = { "content-type": `multipart/form-data; boundary=${BOUNDARY}` };
const field = (name: string, value: string) =>
  `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePart = (name: string, disposition: string, content = "hi") =>
  `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"; ${disposition}\r\n\r\n${content}\r\n`;
const multipart = (...parts: string[]) => `${parts.join("")}--${BOUNDARY}--\r\n`;
const aFile = filePart("file", 'filename="probe.txt"');

// --- setup ----------------------------------------------------------------

beforeAll(async () => {
  d = await startConfigFileDaemon("workspace:\n  driver: directory\n");
  const created = await send({
    method: "POST",
    path: "/v1/sessions",
    body: JSON.stringify({ image: "base" }),
  });
  expect(created.status, created.text).toBe(201);
  sessionId = (JSON.parse(created.text) as { id: string }).id;
  const written = await send({
    method: "POST",
    path: `/v1/workspaces/${WORKSPACE}/fs/write`,
    body: JSON.stringify({ path: "probe.txt", text: "x" }),
  });
  expect(written.status, written.text).toBe(200);
}, 120_000);

afterAll(async () => {
  await d.stop();
});

// --- the table ------------------------------------------------------------

describe("the table covers the router", () => {
  test("src/rest/routes.ts holds every route of every src/rest/*-routes.ts file", async () => {
    const declared: string[] = [];
    for (const file of readdirSync("src/rest").filter((f) => f.endsWith("-routes.ts"))) {
      const module = (await import(`../../src/rest/${file}`)) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        if (!Array.isArray(value)) continue;
        for (const r of value as Partial<RestRoute>[]) {
          if (typeof r?.method === "string" && typeof r.path === "string")
            declared.push(routeName(r as RestRoute));
        }
      }
    }
    expect(declared.length).toBeGreaterThan(30);
    expect(declared.filter((name) => !restRoutes.some((r) => routeName(r) === name))).toEqual([]);
  });

  test("every route of src/rest/routes.ts has a spec, and every spec a route", () => {
    expect(Object.keys(SPECS).sort()).toEqual(restRoutes.map(routeName).sort());
  });

  test("every declared body field and query parameter has a kind", () => {
    const fields = fieldRoutes.flatMap((r) => r.body as readonly string[]);
    expect(fields.filter((f) => BODY_KINDS[f] === undefined)).toEqual([]);
    const params = queryRoutes.flatMap((r) => r.query ?? []);
    expect(params.filter((q) => QUERY_KINDS[q] === undefined)).toEqual([]);
  });
});

describe("every route, with", () => {
  test("no API key or a wrong one: 401", async () => {
    const cases: [string, Probe, Expect][] = [];
    for (const route of restRoutes) {
      if (route.public) {
        cases.push([`${routeName(route)} without a key`, probeOf(route, { auth: false }), {}]);
        continue;
      }
      for (const auth of [false, "Bearer sk-wrong", "Basic eDp5"] as const) {
        cases.push([
          `${routeName(route)} with authorization ${String(auth)}`,
          probeOf(route, { auth }),
          { statuses: [401], mentions: ["API key"] },
        ]);
      }
    }
    // The public route answers 200 without a key; judge() counts it as "accepted".
    const wrong = await check(cases);
    expect(wrong).toEqual(['GET /healthz without a key: accepted (200 {"status":"ok"})']);
  });

  test("a method the path does not take: 405 naming the methods it does take", async () => {
    const byPath = new Map<string, RestRoute[]>();
    for (const route of restRoutes)
      byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);
    const cases: [string, Probe, Expect][] = [];
    const wrongAllow: string[] = [];
    for (const [path, routes] of byPath) {
      const taken: string[] = routes.map((r) => r.method);
      for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH"].filter(
        (m) => !taken.includes(m),
      )) {
        const probe = { ...probeOf(routes[0] as RestRoute), method, body: undefined };
        cases.push([`${method} ${path}`, probe, { statuses: [405], mentions: [method] }]);
        const answer = await send(probe);
        const allow = String(answer.headers.allow ?? "")
          .split(", ")
          .sort();
        if (JSON.stringify(allow) !== JSON.stringify([...taken].sort())) {
          wrongAllow.push(`${method} ${path}: Allow is "${answer.headers.allow}"`);
        }
      }
    }
    expect([...(await check(cases)), ...wrongAllow]).toEqual([]);
  });

  test("an unknown query parameter: 400 naming it, and what was meant where one is close", async () => {
    const cases: [string, Probe, Expect][] = [];
    for (const route of restRoutes.filter((r) => !r.public)) {
      const query = { ...specOf(route).query, bogus: "1" };
      cases.push([
        `${routeName(route)} ?bogus`,
        probeOf(route, { path: withQuery(pathOf(route), query) }),
        { statuses: [400], mentions: ['"bogus"'] },
      ]);
      for (const param of route.query ?? []) {
        const typo = `${param.slice(0, -1)}`;
        if (typo.length < 3) continue;
        cases.push([
          `${routeName(route)} ?${typo}`,
          probeOf(route, {
            path: withQuery(pathOf(route), { ...specOf(route).query, [typo]: "1" }),
          }),
          { statuses: [400], mentions: [`"${typo}"`, `did you mean "`] },
        ]);
      }
    }
    expect(await check(cases)).toEqual([]);
  });

  test("NUL bytes and other bad values in path parameters: 400 naming the id; unknown ids: 404", async () => {
    const cases: [string, Probe, Expect][] = [];
    for (const route of restRoutes.filter((r) => r.path.includes(":"))) {
      const spec = specOf(route);
      const valid = validBodyProbe(route);
      for (const name of route.path.match(/:([a-z_]+)/g)?.map((p) => p.slice(1)) ?? []) {
        for (const bad of ["a%00b", "UPPER", "a%2Fb", "%E2%80%8B"]) {
          cases.push([
            `${routeName(route)} with ${name}=${bad}`,
            { ...valid, path: withQuery(pathOf(route, { [name]: bad }), spec.query ?? {}) },
            { statuses: [400], mentions: [name === "name" ? "snapshot name" : "id"] },
          ]);
        }
      }
      const unknownId = route.path.startsWith("/v1/workspaces/")
        ? UNKNOWN_WORKSPACE
        : UNKNOWN_SESSION;
      if (!spec.creates) {
        cases.push([
          `${routeName(route)} with an unknown id`,
          { ...valid, path: withQuery(pathOf(route, { id: unknownId }), spec.query ?? {}) },
          { statuses: [404], mentions: [unknownId] },
        ]);
      }
      if (route.path.includes(":pty_id")) {
        cases.push([
          `${routeName(route)} with an unknown terminal`,
          valid,
          { statuses: [404], mentions: ["nopty0"] },
        ]);
      }
    }
    expect(await check(cases)).toEqual([]);
  });

  test("an id or a query value too long for a URL: a 431 JSON error, not a bare status", async () => {
    const route = restRoutes.find(
      (r) => routeName(r) === "GET /v1/sessions/:id/fs/read",
    ) as RestRoute;
    const wrong = await check([
      [
        "a 20 KB query value",
        probeOf(route, { path: withQuery(pathOf(route), { path: "p".repeat(20_000) }) }),
        { statuses: [431] },
      ],
      [
        "a 20 KB id",
        probeOf(route, { path: pathOf(route, { id: "s".repeat(20_000) }) }),
        { statuses: [431] },
      ],
      [
        "a 100 KB header",
        probeOf(route, { headers: { "x-padding": "h".repeat(100_000) } }),
        { statuses: [431] },
      ],
    ]);
    expect(wrong).toEqual([]);
  });
});

/** A probe of `route` that the route would take (to check what only its id or query gets wrong). */
function validBodyProbe(route: RestRoute): Probe {
  const spec = specOf(route);
  if (spec.upload === "multipart")
    return probeOf(route, { headers: MULTIPART, body: multipart(aFile) });
  if (typeof spec.body === "object") return probeOf(route, { body: JSON.stringify(spec.body) });
  return probeOf(route);
}

describe("every JSON route, with", () => {
  test("malformed JSON, or JSON that is not an object: 400", async () => {
    const bodies: [string, string | Buffer, string][] = [
      ["truncated JSON", '{"cmd": "tr', "invalid JSON"],
      ["single quotes", "{'cmd': 'true'}", "invalid JSON"],
      ["a trailing comma", '{"path": "a",}', "invalid JSON"],
      ["a raw NUL byte in a string", '{"path": "a\u0000b"}', "invalid JSON"],
      ["bytes that are not UTF-8", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), "invalid JSON"],
      ["100 000 nested arrays", "[".repeat(100_000), "invalid JSON"],
      ["an array", "[]", "must be an object"],
      ["a string", '"text"', "must be an object"],
      ["a number", "5", "must be an object"],
      ["null", "null", "must be an object"],
      ["true", "true", "must be an object"],
    ];
    const cases: [string, Probe, Expect][] = [];
    for (const route of jsonRoutes) {
      for (const [what, body, mention] of bodies) {
        cases.push([
          `${routeName(route)} with ${what}`,
          probeOf(route, { body, headers: { "content-type": "application/json" } }),
          { statuses: [400], mentions: [mention] },
        ]);
      }
    }
    expect(await check(cases)).toEqual([]);
  });

  test("a body past the limit: 413, announced or streamed", async () => {
    const cases: [string, Probe, Expect][] = [];
    for (const route of restRoutes) {
      const spec = specOf(route);
      if (spec.body === undefined && spec.upload === undefined) continue;
      const limit = spec.upload
        ? UPLOAD_MAX_BYTES
        : spec.body === "config"
          ? CONFIG_MAX_BYTES
          : REQUEST_MAX_BYTES;
      const headers = spec.upload === "multipart" ? MULTIPART : {};
      cases.push([
        `${routeName(route)} announcing ${limit + 1} bytes`,
        probeOf(route, { headers, declaredLength: limit + 1 }),
        { statuses: [413], mentions: [String(limit)] },
      ]);
      // Streaming a gigabyte per upload route would only measure the loopback.
      if (spec.upload) continue;
      cases.push([
        `${routeName(route)} streaming ${limit + 1} bytes`,
        probeOf(route, { chunkedBytes: limit + 1 }),
        { statuses: [413], mentions: [String(limit)] },
      ]);
    }
    expect(await check(cases)).toEqual([]);
  });

  test("an unknown field: 400 naming it, and what was meant where one is close", async () => {
    const cases: [string, Probe, Expect][] = [];
    for (const route of fieldRoutes) {
      const base = specOf(route).body as Record<string, unknown>;
      cases.push([
        `${routeName(route)} with "bogus"`,
        probeOf(route, { body: JSON.stringify({ ...base, bogus: 1 }) }),
        { statuses: [400], mentions: ['unknown field "bogus"'] },
      ]);
      for (const name of route.body as readonly string[]) {
        const typo = `${name}s`;
        if ((route.body as readonly string[]).includes(typo)) continue;
        cases.push([
          `${routeName(route)} with "${typo}"`,
          probeOf(route, { body: JSON.stringify({ ...base, [typo]: base[name] ?? 1 }) }),
          { statuses: [400], mentions: [`"${typo}" (did you mean "${name}"?)`] },
        ]);
      }
    }
    expect(await check(cases)).toEqual([]);
  });

  test("a wrong type, a huge value or a NUL byte in each field: 4xx naming the field", async () => {
    const cases: [string, Probe, Expect][] = [];
    for (const route of fieldRoutes) {
      const base = specOf(route).body as Record<string, unknown>;
      for (const name of route.body as readonly string[]) {
        const kind = BODY_KINDS[name] as BodyKind;
        const others = Object.fromEntries(
          Object.entries(base).filter(([k]) => k !== name && !(PARTNERS[name] ?? []).includes(k)),
        );
        for (const [what, value, want] of fieldValues(kind)) {
          cases.push([
            `${routeName(route)} with ${name} ${what}: ${describeValue(value)}`,
            probeOf(route, { body: jsonText({ ...others, [name]: value }) }),
            { mentions: [name], ...want },
          ]);
        }
      }
    }
    expect(await check(cases)).toEqual([]);
  });
});

describe("every query parameter, with", () => {
  test("a wrong value, a huge one or a NUL byte: 400 naming the parameter", async () => {
    const values: Record<QueryKind, string[]> = {
      text: ["a\u0000b", "p".repeat(8_000)],
      base64: ["!!!", "AA\u0000=", "AA==", "A".repeat(8_000)],
      boolean: ["maybe", "TRUE ", "\u0000", "2"],
      uint64: ["abc", "-1", "1e3", "1.5", "18446744073709551616", "9".repeat(5_000), "\u0000"],
      status: ["bogus", "\u0000", "running,,", "x".repeat(8_000)],
    };
    const cases: [string, Probe, Expect][] = [];
    for (const route of queryRoutes) {
      const base = specOf(route).query ?? {};
      for (const param of route.query ?? []) {
        const others = Object.fromEntries(
          Object.entries(base).filter(([k]) => k !== param && !(PARTNERS[param] ?? []).includes(k)),
        );
        for (const value of values[QUERY_KINDS[param] as QueryKind]) {
          cases.push([
            `${routeName(route)} ?${param}=${describeValue(value)}`,
            probeOf(route, { path: withQuery(pathOf(route), { ...others, [param]: value }) }),
            // "AA==" is the bytes of a NUL: the field is path_base64 all the same.
            { statuses: [400], mentions: [param === "status" ? "status" : param] },
          ]);
        }
      }
    }
    expect(await check(cases)).toEqual([]);
  });
});

describe("the upload routes", () => {
  const uploads = restRoutes.filter((r) => specOf(r).upload === "multipart");

  test("bodies that are not a good multipart form: 400 naming what is wrong", async () => {
    const bodies: [string, Partial<Probe>, string[]][] = [
      [
        "a JSON body",
        { body: '{"path": "/workspace"}', headers: { "content-type": "application/json" } },
        ["multipart/form-data"],
      ],
      ["no content type", { body: multipart(aFile) }, ["multipart/form-data"]],
      ["a cut-off form", { body: aFile, headers: MULTIPART }, ["malformed multipart"]],
      ["no file", { body: multipart(field("path", "/tmp")), headers: MULTIPART }, ["no file"]],
      [
        "an unknown field",
        { body: multipart(field("pth", "/tmp"), aFile), headers: MULTIPART },
        ['"pth" (did you mean "path"?)'],
      ],
      [
        "an unknown file part",
        { body: multipart(filePart("data", 'filename="a.txt"'), aFile), headers: MULTIPART },
        ['"data"'],
      ],
      [
        "path sent as a file",
        { body: multipart(filePart("path", 'filename="p"'), aFile), headers: MULTIPART },
        ['"path"'],
      ],
      [
        "a file sent as a field",
        { body: multipart(field("file", "text")), headers: MULTIPART },
        ['"file"'],
      ],
      [
        "a NUL byte in path",
        { body: multipart(field("path", "/tmp/a\u0000b"), aFile), headers: MULTIPART },
        ["path"],
      ],
      [
        "an 8 KB path",
        { body: multipart(field("path", `/${"p".repeat(8_000)}`), aFile), headers: MULTIPART },
        ["path"],
      ],
      [
        "a 20 KB path",
        { body: multipart(field("path", `/${"p".repeat(20_000)}`), aFile), headers: MULTIPART },
        ["path"],
      ],
      [
        "bad path_base64",
        { body: multipart(field("path_base64", "!!!"), aFile), headers: MULTIPART },
        ["path_base64"],
      ],
      [
        "path_base64 of a NUL",
        { body: multipart(field("path_base64", "AA=="), aFile), headers: MULTIPART },
        ["path_base64"],
      ],
      [
        "a NUL byte in the file name",
        { body: multipart(filePart("file", "filename*=UTF-8''a%00b")), headers: MULTIPART },
        ["filename"],
      ],
      [
        "a file name that climbs out",
        { body: multipart(filePart("file", 'filename="../x"')), headers: MULTIPART },
        ["filename"],
      ],
      [
        "a 5 KB file name",
        {
          body: multipart(filePart("file", `filename="${"f".repeat(5_000)}"`)),
          headers: MULTIPART,
        },
        [],
      ],
    ];
    const cases: [string, Probe, Expect][] = [];
    for (const route of uploads) {
      for (const [what, change, mentions] of bodies) {
        cases.push([
          `${routeName(route)} with ${what}`,
          probeOf(route, change),
          { statuses: [400], mentions },
        ]);
      }
    }
    expect(await check(cases)).toEqual([]);
  });

  test("an archive that is not a tar: 400", async () => {
    const route = restRoutes.find((r) => specOf(r).upload === "tar") as RestRoute;
    const wrong = await check([
      ["JSON", probeOf(route, { body: '{"a": 1}' }), { statuses: [400], mentions: ["tar"] }],
      [
        "700 bytes of text",
        probeOf(route, { body: Buffer.alloc(700, 0x41) }),
        { statuses: [400], mentions: ["tar"] },
      ],
    ]);
    expect(wrong).toEqual([]);
  });
});

describe("the settings routes (body: any setting)", () => {
  // A value of the wrong type for each kind of setting, and a NUL byte in it.
  const wrongType: Record<string, unknown> = {
    boolean: "yes",
    number: "5",
    list: "a",
    map: ["x"],
    string: 5,
    choice: 5,
  };
  const withNul: Record<string, unknown> = {
    string: "a\u0000b",
    choice: "a\u0000b",
    list: ["a\u0000b"],
    map: { "a\u0000b": 1 },
  };

  /** PUT answers 400 naming the key; validate answers 200 {valid: false} with an error for the key. */
  async function refusals(values: [string, string][]): Promise<string[]> {
    const wrong: string[] = [];
    for (const [key, valueJson] of values) {
      const body = `{${JSON.stringify(key)}: ${valueJson}}`;
      const what = `${key} = ${valueJson.length > 40 ? `${valueJson.slice(0, 20)}…` : valueJson}`;
      wrong.push(
        ...(await check([
          [
            `PUT /api/config ${what}`,
            { method: "PUT", path: "/api/config", body },
            { statuses: [400, 413], mentions: [key] },
          ],
        ])),
      );
      const validated = await send({ method: "POST", path: "/api/config/validate", body });
      const answer = JSON.parse(validated.text) as {
        valid?: boolean;
        errors?: { key: string }[];
        error?: string;
      };
      const named = answer.errors?.some((e) => e.key === key) || answer.error?.includes(key);
      if (validated.status >= 500 || answer.valid === true || !named) {
        wrong.push(
          `POST /api/config/validate ${what}: ${validated.status} ${validated.text.slice(0, 300)}`,
        );
      }
    }
    return wrong;
  }

  test("every setting, with a value of the wrong type: refused naming it", async () => {
    const values = settings.map((s): [string, string] => [
      s.key,
      JSON.stringify(wrongType[s.kind]),
    ]);
    expect(await refusals(values)).toEqual([]);
  });

  test("every text setting, with a NUL byte; numbers past any range: refused naming it", async () => {
    const values: [string, string][] = [
      ...settings
        .filter((s) => withNul[s.kind] !== undefined)
        .map((s): [string, string] => [s.key, JSON.stringify(withNul[s.kind])]),
      ...settings
        .filter((s) => s.kind === "number")
        .flatMap((s): [string, string][] => [
          [s.key, "1e400"],
          [s.key, "-1e400"],
          [s.key, "18446744073709551616"],
        ]),
    ];
    expect(await refusals(values)).toEqual([]);
  });

  test("unknown settings and bodies naming none: 400 (validate: valid false) naming the key", async () => {
    expect(await refusals([["pool.enabeld", "true"]])).toEqual([]);
    const wrong = await check([
      ...(["PUT /api/config", "POST /api/config/validate"] as const).flatMap((route) => {
        const [method, path] = route.split(" ") as [string, string];
        return [
          [
            `${route} a key with a NUL byte`,
            { method, path, body: '{"a\\u0000b": 1}' },
            { statuses: [400], mentions: ["a\u0000b"] },
          ],
          [
            `${route} an empty key`,
            { method, path, body: '{"": 1}' },
            { statuses: [400], mentions: ['""'] },
          ],
        ] as [string, Probe, Expect][];
      }),
      [
        "PUT {}",
        { method: "PUT", path: "/api/config", body: "{}" },
        { statuses: [400], mentions: ["no settings"] },
      ],
      [
        "PUT config: 5",
        { method: "PUT", path: "/api/config", body: '{"config": 5}' },
        { statuses: [400], mentions: ['"config"'] },
      ],
      [
        "PUT a 2 MB value",
        {
          method: "PUT",
          path: "/api/config",
          body: JSON.stringify({ default_image: "x".repeat(2 * 1024 * 1024) }),
        },
        { statuses: [413] },
      ],
    ]);
    expect(wrong).toEqual([]);
  });
});

describe("afterwards", () => {
  test("the daemon still answers /healthz, and still runs commands", async () => {
    const health = await send({ method: "GET", path: "/healthz", auth: false });
    expect(health.status).toBe(200);
    const exec = await send({
      method: "POST",
      path: `/v1/sessions/${sessionId}/exec`,
      body: JSON.stringify({ cmd: "echo still here" }),
    });
    expect(JSON.parse(exec.text)).toMatchObject({ exit_code: 0, output: "still here\n" });
  });
});
