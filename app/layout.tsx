import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

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
      <body>{children}</body>
    </html>
  );
}
