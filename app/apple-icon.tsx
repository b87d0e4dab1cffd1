import { ImageResponse } from "next/og";

// The home-screen icon (PNG, as iOS wants it): the same mark as app/icon.svg, drawn at 180 px.
export const size = { width: 180, height: 180 };
export const contentType = "image/png";

export default function AppleIcon() {
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        background: "#1f9d63",
      }}
    >
      <svg width="120" height="120" viewBox="0 0 32 32" aria-hidden>
        <path d="M5 8h22v15H13l-8 6z" fill="#fff" />
      </svg>
    </div>,
    size,
  );
}
