import { create } from "@bufbuild/protobuf";
import {
  type ConfigEntry,
  ConfigEntrySchema,
  ConfigSource,
  ConfigValueKind,
} from "../../../gen/sandkasten/v1/config_pb.js";
import type { SettingSource, SettingView } from "../../config/describe-config.js";
import type { SettingKind } from "../../config/settings.js";

const kinds: Record<SettingKind, ConfigValueKind> = {
  string: ConfigValueKind.STRING,
  number: ConfigValueKind.NUMBER,
  boolean: ConfigValueKind.BOOLEAN,
  choice: ConfigValueKind.CHOICE,
  list: ConfigValueKind.LIST,
  map: ConfigValueKind.MAP,
};

const sources: Record<SettingSource, ConfigSource> = {
  default: ConfigSource.DEFAULT,
  file: ConfigSource.FILE,
  env: ConfigSource.ENV,
  override: ConfigSource.OVERRIDE,
};

export function toConfigEntry(view: SettingView): ConfigEntry {
  const { setting } = view;
  return create(ConfigEntrySchema, {
    key: setting.key,
    valueJson: view.valueJson,
    defaultJson: view.defaultJson,
    doc: setting.doc,
    kind: kinds[setting.kind],
    choices: setting.choices,
    secret: setting.secret,
    restartRequired: !setting.live,
    source: sources[view.source],
    env: setting.env ?? "",
    restartPending: view.restartPending,
  });
}
