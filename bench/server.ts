import { spawn, type ChildProcess } from "node:child_process";

/**
 * Starts the production build (`npm run build` first; NEXT_DIST_DIR names another build directory) on a
 * loopback port and waits until it answers. The embedded tool versions, so no request waits on the network.
 */
export async function startServer(port: number): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn("npx", ["next", "start", "--hostname", "127.0.0.1", "--port", String(port)], {
    stdio: "ignore",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ROTATION_WIZARD_VERSIONS: "fallback" },
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  };
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${url}/api`)).ok) return { url, stop };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  stop();
  throw new Error(`the server did not start on ${url}; run npm run build first`);
}
