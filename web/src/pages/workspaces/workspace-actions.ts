import type { Workspace } from "../../../../gen/sandkasten/v1/workspace_pb.js";
import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import { formDialog } from "../../ui/dialog.js";
import { toast } from "../../ui/notice.js";
import { saveDownload } from "../files/save-download.js";

/** Streams the workspace as a tar archive into a download. */
export async function downloadArchive(id: string): Promise<void> {
  toast("info", `Preparing ${id}.tar…`);
  try {
    const chunks = (async function* () {
      for await (const res of api.workspaces.exportWorkspace({ workspaceId: id })) yield res.data;
    })();
    await saveDownload(`${id}.tar`, chunks, "application/x-tar");
  } catch (err) {
    toast("error", `Could not export ${id}: ${describeError(err)}`);
  }
}

/** Confirms (and, with sessions attached, whether to destroy them), then deletes; returns whether it did. */
export async function deleteWithConfirm(w: Workspace): Promise<boolean> {
  const attached = w.sessionIds.length;
  const values = await formDialog({
    title: "Delete workspace?",
    message: `${w.id} and all its files will be deleted for good.${attached > 0 ? ` ${attached} session${attached > 1 ? "s have" : " has"} it attached.` : ""}`,
    confirmLabel: "Delete workspace",
    danger: true,
    fields:
      attached > 0
        ? [
            {
              name: "force",
              label: `Also destroy the attached session${attached > 1 ? "s" : ""}`,
              type: "checkbox",
              value: "false",
            },
          ]
        : [],
  });
  if (!values) return false;
  try {
    await api.workspaces.deleteWorkspace({ id: w.id, force: values.force === "true" });
    toast("success", `Deleted workspace ${w.id}.`);
    return true;
  } catch (err) {
    toast("error", `Could not delete ${w.id}: ${describeError(err)}`);
    return false;
  }
}
