import {
  create,
  createRegistry,
  type DescFile,
  type MessageInitShape,
  type Registry,
  toBinary,
} from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { Code, type ServiceImpl } from "@connectrpc/connect";
import {
  file_grpc_reflection_v1_reflection,
  type ServerReflection,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
  ServerReflectionResponseSchema,
} from "../../../gen/grpc/reflection/v1/reflection_pb.js";
import { file_sandkasten_v1_config } from "../../../gen/sandkasten/v1/config_pb.js";
import { file_sandkasten_v1_exec } from "../../../gen/sandkasten/v1/exec_pb.js";
import { file_sandkasten_v1_fs } from "../../../gen/sandkasten/v1/fs_pb.js";
import { file_sandkasten_v1_pty } from "../../../gen/sandkasten/v1/pty_pb.js";
import { file_sandkasten_v1_session } from "../../../gen/sandkasten/v1/session_pb.js";
import { file_sandkasten_v1_workspace } from "../../../gen/sandkasten/v1/workspace_pb.js";

/** The files whose services the port serves (RunnerService is the runner's only). */
const SERVED = [
  file_sandkasten_v1_config,
  file_sandkasten_v1_session,
  file_sandkasten_v1_exec,
  file_sandkasten_v1_fs,
  file_sandkasten_v1_pty,
  file_sandkasten_v1_workspace,
  file_grpc_reflection_v1_reflection,
];

/**
 * gRPC server reflection (grpc.reflection.v1), so that grpcurl and buf curl
 * can list and call the services without the proto files.
 */
export function serverReflection(): ServiceImpl<typeof ServerReflection> {
  const lookup: Lookup = { registry: createRegistry(...SERVED), files: new Map() };
  const addFile = (f: DescFile) => {
    lookup.files.set(f.name, f);
    for (const dep of f.dependencies) addFile(dep);
  };
  for (const f of SERVED) addFile(f);
  const services = SERVED.flatMap((f) => f.services.map((s) => s.typeName));
  return {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) yield answer(req, lookup, services);
    },
  };
}

interface Lookup {
  registry: Registry;
  /** Every served file and its imports, by file name. */
  files: Map<string, DescFile>;
}

type MessageResponse = MessageInitShape<typeof ServerReflectionResponseSchema>["messageResponse"];

function answer(
  req: ServerReflectionRequest,
  lookup: Lookup,
  services: string[],
): ServerReflectionResponse {
  const respond = (messageResponse: MessageResponse) =>
    create(ServerReflectionResponseSchema, {
      validHost: req.host,
      originalRequest: req,
      messageResponse,
    });
  const notFound = (what: string) =>
    respond({
      case: "errorResponse",
      value: { errorCode: Code.NotFound, errorMessage: `${what} not found` },
    });
  const r = req.messageRequest;
  switch (r.case) {
    case "listServices":
      return respond({
        case: "listServicesResponse",
        value: { service: services.map((name) => ({ name })) },
      });
    case "fileByFilename": {
      const file = lookup.files.get(r.value);
      return file ? respond(filesResponse(file)) : notFound(`file ${r.value}`);
    }
    case "fileContainingSymbol": {
      const file = fileOfSymbol(lookup.registry, r.value);
      return file ? respond(filesResponse(file)) : notFound(`symbol ${r.value}`);
    }
    default:
      return respond({
        case: "errorResponse",
        value: {
          errorCode: Code.Unimplemented,
          errorMessage: `${r.case ?? "empty request"} is not supported`,
        },
      });
  }
}

function fileOfSymbol(registry: Registry, symbol: string): DescFile | undefined {
  const desc = registry.get(symbol);
  if (desc) return desc.file;
  // A method: "package.Service.Method".
  const service = registry.getService(symbol.slice(0, symbol.lastIndexOf(".")));
  return service?.file;
}

/** The file and everything it imports, as serialized FileDescriptorProtos. */
function filesResponse(file: DescFile): MessageResponse {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  const add = (f: DescFile) => {
    if (seen.has(f.name)) return;
    seen.add(f.name);
    out.push(toBinary(FileDescriptorProtoSchema, f.proto));
    for (const dep of f.dependencies) add(dep);
  };
  add(file);
  return { case: "fileDescriptorResponse", value: { fileDescriptorProto: out } };
}
