"use client";

import { Menu, X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { NavLinks } from "./nav-links";

/** Below the md breakpoint the sidebar folds into this menu. */
export function MobileNav({ clientUser = false }: { clientUser?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="md:hidden">
      <Button
        variant="ghost"
        size="icon"
        aria-label={open ? "Close menu" : "Open menu"}
        aria-expanded={open}
        aria-controls="mobile-nav"
        onClick={() => setOpen((value) => !value)}
      >
        {open ? <X /> : <Menu />}
      </Button>
      {open ? (
        <div
          id="mobile-nav"
          className="absolute inset-x-0 top-14 z-40 border-b bg-background p-3 shadow-md"
        >
          <NavLinks onNavigate={() => setOpen(false)} clientUser={clientUser} />
        </div>
      ) : null}
    </div>
  );
}
