import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: { default: "Quản trị", template: "%s · Quản trị · Hài Lòng" } };

// Every page below authenticates and authorises itself: a layout does not guard its pages.
export default function AdminLayout({ children }: { children: ReactNode }) {
  return children;
}
