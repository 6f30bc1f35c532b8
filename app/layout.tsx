import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { HydrationMark } from "@/components/hydration-mark";
// Global CSS, in cascade order: the base, then one file per part of the page (see globals.css).
import "./globals.css";
import "./styles/header.css";
import "./styles/layout.css";
import "./styles/step-indicator.css";
import "./styles/wizard.css";
import "./styles/plan-field.css";
import "./styles/controls.css";
import "./styles/notices.css";
import "./styles/preview.css";
import "./styles/review.css";
import "./styles/diagram.css";
import "./styles/dialog.css";
import "./styles/schedule.css";

// Every page is rendered per request so that Next.js can put the request's CSP nonce (proxy.ts) on its
// scripts; a prerendered page, such as the not-found page, would carry none and be blocked.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Rotation Wizard — database password rotation for AWS Secrets Manager, in Terraform",
  description:
    "Answer a few questions about your database and download Terraform, a rotation Lambda and a README that make AWS Secrets Manager rotate its password, correctly the first time.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f7f9" },
    { media: "(prefers-color-scheme: dark)", color: "#111418" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <HydrationMark />
        {children}
      </body>
    </html>
  );
}
