import { api } from "../../api/clients.js";

export interface ImageChoices {
  images: string[];
  defaultImage: string;
}

/** The images sessions may use and the default one, from the running configuration. */
export async function imageChoices(): Promise<ImageChoices> {
  const { entries } = await api.config.getConfig({});
  const value = (key: string) =>
    JSON.parse(entries.find((e) => e.key === key)?.valueJson ?? "null") as unknown;
  const images = value("allowed_images");
  const defaultImage = value("default_image");
  return {
    images: Array.isArray(images) ? images.map(String) : [],
    defaultImage: typeof defaultImage === "string" ? defaultImage : "",
  };
}
