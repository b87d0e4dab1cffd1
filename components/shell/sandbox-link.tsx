import { Smartphone } from "lucide-react";

/** Outside production the sandbox plays Meta: its phone simulator is one click away. */
export function SandboxLink() {
  return (
    <a
      href="/sandbox/phone"
      target="_blank"
      rel="noreferrer"
      className="mt-auto flex items-center gap-3 rounded-md border border-dashed px-3 py-2 text-sm text-muted-foreground hover:bg-accent hover:text-foreground"
    >
      <Smartphone className="size-4" aria-hidden />
      Sandbox phone
    </a>
  );
}
