import type { DescMethod } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import { sessionNotFound, workspaceNotFound } from "../errors/reasons.js";
import { canSee, type Principal, principalKey } from "./principal.js";
import { adminOnly, workspaceTaken } from "./tenant-errors.js";

/** Who owns a session or a workspace; undefined when there is none of that id. */
export interface Owners {
  session(id: string): Promise<string | undefined>;
  workspace(id: string): Promise<string | undefined>;
}

type Kind = "session" | "workspace";

interface IdField {
  name: string;
  kind: Kind;
  /** A workspace the call creates when it does not exist (ForkWorkspace's new_workspace_id). */
  creates?: boolean;
}

/** Calls that change the daemon itself. */
const ADMIN_ONLY = new Set([
  "sandkasten.v1.ConfigService.GetConfig",
  "sandkasten.v1.ConfigService.ValidateConfig",
  "sandkasten.v1.ConfigService.UpdateConfig",
]);

/** Calls that create the workspace they name when it does not exist. */
const CREATES_WORKSPACE = new Set([
  "CreateSession",
  "WriteWorkspaceFile",
  "MakeWorkspaceDir",
  "UploadWorkspaceFile",
  "ImportWorkspace",
]);

/**
 * A user key reaches only its own tenant's sessions and workspaces: every
 * request field that names one (session_id, workspace_id, and the id of the
 * Session and Workspace services) is looked up, and another tenant's id is
 * answered as if it did not exist. Found from the request's descriptor, so
 * a new RPC is covered by its fields' names alone. Admin keys see everything.
 */
export function ownershipInterceptor(owners: Owners): Interceptor {
  const fieldsOf = new Map<DescMethod, IdField[]>();
  return (next) => async (req) => {
    const principal = req.contextValues.get(principalKey);
    if (principal.role === "admin") return next(req);
    const name = `${req.service.typeName}.${req.method.name}`;
    if (ADMIN_ONLY.has(name)) throw adminOnly(req.method.name);
    let fields = fieldsOf.get(req.method);
    if (!fields) {
      fields = idFields(req.method);
      fieldsOf.set(req.method, fields);
    }
    if (fields.length === 0) return next(req);
    const check = checker(owners, principal, fields, CREATES_WORKSPACE.has(req.method.name));
    if (!req.stream) {
      await check(req.message as Record<string, unknown>);
      return next(req);
    }
    if (req.method.methodKind === "server_streaming") {
      // One request message, sent ahead of the stream.
      const messages: typeof req.message extends AsyncIterable<infer M> ? M[] : never = [];
      for await (const m of req.message) messages.push(m);
      for (const m of messages) await check(m as Record<string, unknown>);
      return next({ ...req, message: fromArray(messages) });
    }
    return next({ ...req, message: checkedEach(req.message, check) });
  };
}

function idFields(method: DescMethod): IdField[] {
  const service = method.parent.name;
  const found: IdField[] = [];
  for (const field of method.input.fields) {
    if (field.fieldKind !== "scalar") continue;
    if (field.localName === "sessionId") found.push({ name: field.localName, kind: "session" });
    // workspace_id, and any other *_workspace_id (base_workspace_id, new_workspace_id).
    if (field.localName === "workspaceId" || field.localName.endsWith("WorkspaceId"))
      found.push({
        name: field.localName,
        kind: "workspace",
        creates: field.localName === "newWorkspaceId",
      });
    if (field.localName === "id" && service === "SessionService")
      found.push({ name: "id", kind: "session" });
    if (field.localName === "id" && service === "WorkspaceService")
      found.push({ name: "id", kind: "workspace" });
  }
  return found;
}

function checker(
  owners: Owners,
  principal: Principal,
  fields: IdField[],
  createsWorkspace: boolean,
): (message: Record<string, unknown>) => Promise<void> {
  const seen = new Set<string>();
  return async (message) => {
    for (const { name, kind, creates } of fields) {
      const id = message[name];
      if (typeof id !== "string" || id === "" || seen.has(`${kind}:${id}`)) continue;
      const owner = kind === "session" ? await owners.session(id) : await owners.workspace(id);
      if (owner !== undefined && !canSee(principal, owner)) {
        if (kind === "session") throw sessionNotFound(id);
        throw createsWorkspace || creates ? workspaceTaken(id) : workspaceNotFound(id);
      }
      seen.add(`${kind}:${id}`);
    }
  };
}

async function* fromArray<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

async function* checkedEach<T>(
  messages: AsyncIterable<T>,
  check: (m: Record<string, unknown>) => Promise<void>,
): AsyncIterable<T> {
  for await (const m of messages) {
    await check(m as Record<string, unknown>);
    yield m;
  }
}
