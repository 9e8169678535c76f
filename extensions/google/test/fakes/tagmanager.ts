import { startFakeProvider, type FakeProvider, type FakeReply, type FakeRequest } from "@agx-ext/testing/provider";
import { googleError, invalidCredentials, notFound } from "./google-errors.js";

type Entity = Record<string, unknown> & { fingerprint: string };

export interface FakeTagManager {
  provider: FakeProvider;
  url: string;
  tags: Map<string, Entity>;
  triggers: Map<string, Entity>;
  variables: Map<string, Entity>;
  versions: Map<string, Record<string, unknown>>;
  published: string[];
  /** Make the next create_version report a compiler error. */
  breakCompilation(): void;
}

const BASE = "/tagmanager/v2/accounts/:accountId/containers/:containerId";

/** Tag Manager API v2: accounts, containers, workspace tags/triggers/variables, create_version and publish. */
export async function startFakeTagManager(isValidToken: (token: string) => boolean): Promise<FakeTagManager> {
  const tags = new Map<string, Entity>();
  const triggers = new Map<string, Entity>();
  const variables = new Map<string, Entity>();
  const versions = new Map<string, Record<string, unknown>>();
  const published: string[] = [];
  let next = 10;
  let compilerError = false;
  const fingerprint = () => String(Date.now() + next++);

  const where = (req: FakeRequest): FakeReply | undefined => {
    if (req.params.accountId !== "6000001") return notFound("Not found or permission denied.");
    if (req.params.containerId !== "9000001") return notFound("Not found or permission denied.");
    if (req.params.workspaceId !== undefined && req.params.workspaceId.split(":")[0] !== "5") return notFound("Not found or permission denied.");
    return undefined;
  };
  const path = (req: FakeRequest, kind: string, id: string) =>
    `accounts/${req.params.accountId}/containers/${req.params.containerId}/workspaces/5/${kind}/${id}`;

  const create =
    (store: Map<string, Entity>, kind: "tags" | "triggers" | "variables", idField: string) =>
    (req: FakeRequest): FakeReply => {
      const missing = where(req);
      if (missing) return missing;
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!body.name) return googleError(400, "Missing required field: name", "required");
      if (!body.type) return googleError(400, "Missing required field: type", "required");
      if ([...store.values()].some((e) => e.name === body.name)) return googleError(400, `Found entity with duplicate name: ${body.name}`, "duplicate");
      if (kind === "triggers" && body.type === "customEvent" && !Array.isArray(body.customEventFilter))
        return googleError(400, "Custom event triggers must have a custom event filter.", "invalid");
      for (const p of (body.parameter ?? []) as Array<Record<string, unknown>>)
        if (!["template", "integer", "boolean", "list", "map", "triggerReference", "tagReference"].includes(String(p.type)))
          return googleError(400, `Invalid parameter type: ${p.type}`, "invalid");
      const id = String(next++);
      const entity: Entity = {
        ...body,
        accountId: req.params.accountId,
        containerId: req.params.containerId,
        workspaceId: "5",
        [idField]: id,
        path: path(req, kind, id),
        fingerprint: fingerprint(),
      };
      store.set(id, entity);
      return { json: entity };
    };

  /** Tag Manager's list methods take pageToken (and includeGoogleTags for accounts) only. */
  const unknownParam = (req: FakeRequest, allowed: string[]): FakeReply | undefined => {
    const extra = [...req.query.keys()].find((key) => !allowed.includes(key));
    return extra ? googleError(400, `Invalid JSON payload received. Unknown name "${extra}": Cannot bind query parameter.`, "invalid") : undefined;
  };

  const provider = await startFakeProvider({
    bearer: isValidToken,
    unauthorizedBody: invalidCredentials,
    routes: {
      "GET /tagmanager/v2/accounts": (req) =>
        unknownParam(req, ["pageToken", "includeGoogleTags"]) ?? {
          json: {
            account: [
              { path: "accounts/6000001", accountId: "6000001", name: "Shop" },
              { path: "accounts/6000002", accountId: "6000002", name: "Blog" },
            ],
          },
        },
      "GET /tagmanager/v2/accounts/:accountId/containers": (req) =>
        unknownParam(req, ["pageToken"]) ?? {
          json: {
            container: [
              {
                path: `accounts/${req.params.accountId}/containers/9000001`,
                accountId: req.params.accountId,
                containerId: req.params.accountId === "6000001" ? "9000001" : "9000002",
                name: `${req.params.accountId} web`,
                publicId: `GTM-${(req.params.accountId ?? "").slice(-3)}`,
                domainName: ["example.test"],
                usageContext: ["web"],
              },
            ],
          },
        },
      [`POST ${BASE}/workspaces/:workspaceId/tags`]: create(tags, "tags", "tagId"),
      [`POST ${BASE}/workspaces/:workspaceId/triggers`]: create(triggers, "triggers", "triggerId"),
      [`POST ${BASE}/workspaces/:workspaceId/variables`]: create(variables, "variables", "variableId"),
      [`GET ${BASE}/workspaces/:workspaceId/tags/:tagId`]: (req) =>
        where(req) ?? (tags.has(req.params.tagId!) ? { json: tags.get(req.params.tagId!) } : notFound()),
      [`PUT ${BASE}/workspaces/:workspaceId/tags/:tagId`]: (req) => {
        const missing = where(req);
        if (missing) return missing;
        const tag = tags.get(req.params.tagId!);
        if (!tag) return notFound();
        const expected = req.query.get("fingerprint");
        if (expected !== null && expected !== tag.fingerprint)
          return googleError(409, "Fingerprint does not match the entity's current fingerprint.", "conflict");
        const body = (req.body ?? {}) as Record<string, unknown>;
        if (!body.name || !body.type) return googleError(400, "Missing required field: name", "required");
        const updated: Entity = { ...body, tagId: tag.tagId, path: tag.path, fingerprint: fingerprint() };
        tags.set(req.params.tagId!, updated);
        return { json: updated };
      },
      // ":create_version" is part of the workspace segment.
      [`POST ${BASE}/workspaces/:workspaceId`]: (req) => {
        const missing = where(req);
        if (missing) return missing;
        if (!req.params.workspaceId!.endsWith(":create_version")) return notFound();
        if (compilerError) {
          compilerError = false;
          return { json: { compilerError: true } };
        }
        const id = String(versions.size + 1);
        const body = (req.body ?? {}) as { name?: string; notes?: string };
        const version = {
          path: `accounts/6000001/containers/9000001/versions/${id}`,
          containerVersionId: id,
          name: body.name,
          description: body.notes,
          tag: [...tags.values()],
        };
        versions.set(id, version);
        return { json: { containerVersion: version, compilerError: false, newWorkspacePath: "accounts/6000001/containers/9000001/workspaces/6" } };
      },
      [`POST ${BASE}/versions/:versionAction`]: (req) => {
        const missing = where(req);
        if (missing) return missing;
        const [id, verb] = req.params.versionAction!.split(":");
        if (verb !== "publish") return notFound();
        const version = versions.get(id!);
        if (!version) return notFound();
        published.push(id!);
        return { json: { containerVersion: version, compilerError: false } };
      },
    },
  });
  return {
    provider,
    url: provider.url,
    tags,
    triggers,
    variables,
    versions,
    published,
    breakCompilation() {
      compilerError = true;
    },
  };
}
