// Starts the production build and says where it is. Used by `npm run serve` after install and build.
import { spawn } from "node:child_process";

const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "127.0.0.1";
console.log(`Rotation Wizard: http://${host}:${port}/`);
const server = spawn("npx", ["next", "start", "--hostname", host, "--port", port], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
server.on("exit", (code) => process.exit(code ?? 0));
