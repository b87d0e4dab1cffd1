import type { MetadataRoute } from "next";

/** Installable as an app (a partner keeps the inbox open all day): name, colours, icons. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Coex Hub",
    short_name: "Coex Hub",
    description: "WhatsApp Coexistence partner hub",
    start_url: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#1f9d63",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/apple-icon", sizes: "180x180", type: "image/png" },
    ],
  };
}
