import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".next-*/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    // The page's first load: the barrels would pull zod and the generators into it (npm run bench measures
    // it against the not-found page). Values come from the modules themselves, e.g. "@/lib/config/engines";
    // the plan runtime (lib/ui/plan-runtime.ts and what only it uses) loads after the first paint.
    files: ["components/**/*.{ts,tsx}", "lib/ui/**/*.ts"],
    ignores: ["lib/ui/plan-runtime.ts", "lib/ui/bundle.ts", "lib/ui/diagram.ts", "lib/ui/form-query.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["@/lib/config", "@/lib/generators", "zod"].map((name) => ({
            name,
            allowTypeImports: true,
            message: "Client code of the page's first load: import the module you need, or load it with the plan runtime (lib/ui/load-runtime.ts).",
          })),
        },
      ],
    },
  },
];

export default config;
