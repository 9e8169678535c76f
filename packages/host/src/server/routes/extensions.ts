import type { FastifyInstance } from "fastify";
import type { ExtensionHandle, Runtime } from "@agx-ext/core/host";
import { callerOf } from "../bearer.js";
import type { ConnectionsService } from "../connections.js";

/** Auth kinds that need the user to go through a connect flow before commands work. */
const CONNECTED_KINDS = new Set(["oauth2", "oauth1"]);

type ExtensionState = "ready" | "needs_settings" | "needs_connection" | "failed_to_load";

/** GET /v1/extensions: each installed extension and what, if anything, the caller still has to do. */
export async function extensionRoutes(app: FastifyInstance, { runtime, connections }: { runtime: Runtime; connections?: ConnectionsService }): Promise<void> {
  app.get("/v1/extensions", async (request) => {
    const userId = callerOf(request);
    const connected = new Set(((await connections?.list(userId)) ?? []).filter((c) => c.connected).map((c) => c.provider));
    const loaded = await Promise.all(
      runtime.extensions.map(async (extension) => {
        const settings = await runtime.settingsStatus(extension, userId);
        const provider = connectionProvider(extension);
        const status: ExtensionState =
          settings.missingSettings.length || settings.invalidSettings.length
            ? "needs_settings"
            : provider && !connected.has(provider)
              ? "needs_connection"
              : "ready";
        return {
          id: settings.id,
          name: settings.name,
          description: extension.manifest.description,
          package: settings.package,
          version: settings.version,
          status,
          commands: extension.manifest.commands.length,
          ...(settings.missingSettings.length ? { missingSettings: settings.missingSettings } : {}),
          ...(settings.invalidSettings.length ? { invalidSettings: settings.invalidSettings } : {}),
          ...(provider ? { connection: { provider, connected: connected.has(provider) } } : {}),
        };
      }),
    );
    const failed = runtime.failures.map((failure) => ({ package: failure.source, status: "failed_to_load" as const, reason: failure.reason }));
    return { extensions: [...loaded, ...failed] };
  });
}

/** The connection an extension's commands need, if its auth is a flow the user must complete. */
function connectionProvider(extension: ExtensionHandle): string | undefined {
  const auth = extension.manifest.auth;
  return auth && CONNECTED_KINDS.has(auth.kind) ? auth.provider : undefined;
}
