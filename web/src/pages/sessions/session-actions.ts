import { api } from "../../api/clients.js";
import { describeError } from "../../api/errors.js";
import { confirmDialog, formDialog } from "../../ui/dialog.js";
import { toast } from "../../ui/notice.js";

/** Asks for a TTL and extends the session; returns whether it did. */
export async function extendWithDialog(id: string): Promise<boolean> {
  const values = await formDialog({
    title: "Extend session",
    message: `Session ${id} will expire this long from now.`,
    confirmLabel: "Extend",
    fields: [
      {
        name: "ttl",
        label: "New TTL (seconds)",
        type: "number",
        value: "1800",
        required: true,
        hint: "0 means the daemon's default TTL.",
      },
    ],
  });
  if (!values) return false;
  try {
    await api.sessions.extendSession({ id, ttlSeconds: Number(values.ttl) });
    toast("success", `Session ${id} extended.`);
    return true;
  } catch (err) {
    toast("error", `Could not extend ${id}: ${describeError(err)}`);
    return false;
  }
}

/** Confirms, then destroys the sessions one by one; returns those destroyed. */
export async function destroyWithConfirm(ids: readonly string[]): Promise<string[]> {
  const many = ids.length > 1;
  const ok = await confirmDialog({
    title: many ? `Destroy ${ids.length} sessions?` : "Destroy session?",
    message: `${many ? `Sessions ${ids.join(", ")}` : `Session ${ids[0]}`}: the container${many ? "s" : ""} and everything outside /workspace will be gone.`,
    confirmLabel: many ? `Destroy ${ids.length} sessions` : "Destroy",
    danger: true,
  });
  if (!ok) return [];
  const destroyed: string[] = [];
  await Promise.all(
    ids.map(async (id) => {
      try {
        await api.sessions.destroySession({ id });
        destroyed.push(id);
      } catch (err) {
        toast("error", `Could not destroy ${id}: ${describeError(err)}`);
      }
    }),
  );
  if (destroyed.length > 0)
    toast(
      "success",
      `Destroyed ${destroyed.length === 1 ? destroyed[0] : `${destroyed.length} sessions`}.`,
    );
  return destroyed;
}
