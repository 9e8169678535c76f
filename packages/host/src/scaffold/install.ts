import { spawn } from "node:child_process";

/**
 * `pnpm install` in the workspace root, so the new package is linked to its siblings and
 * `pnpm test` works in it right away. Output goes to the caller's terminal; resolves with the exit code.
 */
export function installWorkspace(root: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", () => resolve(127));
    child.on("close", (code) => resolve(code ?? 1));
  });
}
