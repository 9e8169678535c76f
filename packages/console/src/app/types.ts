// The shapes of the host's /v1 answers the console reads (see the host README's HTTP API section).

export type Role = "admin" | "member";

interface SessionUser {
  id: string;
  role: Role;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  host?: { version?: string; publicUrl?: string };
}

export interface ExtensionStatus {
  id?: string;
  name?: string;
  description?: string;
  package?: string;
  version?: string;
  status: "ready" | "needs_settings" | "needs_connection" | "failed_to_load";
  commands?: number;
  missingSettings?: string[];
  invalidSettings?: (string | { name: string; message?: string })[];
  connection?: { provider: string; connected: boolean };
  reason?: string;
}

export interface ScopeGroup {
  name: string;
  description: string;
  default: boolean;
  /** The provider scopes the group asks for (used to name a connection's granted scopes in words). */
  scopes: string[];
}

export interface CredentialField {
  name: string;
  label: string;
  secret: boolean;
  required: boolean;
}

export interface Provider {
  provider: string;
  kind: "oauth2" | "oauth1" | "apiKey" | "credentials";
  scopeGroups?: ScopeGroup[];
  fields?: CredentialField[];
}

export interface Connection {
  provider: string;
  kind?: string;
  status: string;
  connected: boolean;
  statusReason?: string;
  scopes?: string[];
  expiresAt?: string;
  account?: string;
  lastRefreshAt?: string;
  lastError?: { code: string; message: string; at: string };
  secrets?: string[];
  updatedAt?: string;
}

export interface CommandInfo {
  extension: string;
  name: string;
  qualifiedName: string;
  toolName: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  destructive?: boolean;
  mutates?: boolean;
}

export interface CommandAnswer {
  ok: true;
  data: unknown;
  markdown: string | null;
}

export interface ActivityCall {
  command: string;
  startedAt: string;
  durationMs: number;
  outcome: string;
}

export interface AdminUser {
  id: string;
  role: Role;
  createdAt?: string;
  revokedAt?: string;
}

export interface HostSetting {
  name: string;
  set: boolean;
  scope: "host" | "extension";
  extension?: string;
  description?: string;
}

export interface ToolSetEntry {
  id: string;
  name: string;
  enabled: boolean;
}

/** An MCP client the person allowed to use their tools (GET /v1/grants). */
export interface Grant {
  id: string;
  clientId: string;
  clientName?: string;
  createdAt: string;
  expiresAt?: string;
}

/** An installed trigger (GET /v1/triggers); inputSchema is present when its subscriptions take params. */
export interface TriggerInfo {
  qualifiedName: string;
  extensionId: string;
  name: string;
  description: string;
  kind: "poll" | "webhook";
  every?: string;
  inputSchema?: Record<string, unknown>;
}

/** One of the person's subscriptions (GET /v1/subscriptions). */
export interface SubscriptionInfo {
  id: string;
  trigger: string;
  deliver: { url: string } | { mcp: true };
  filter: Record<string, unknown> | null;
  input: Record<string, unknown> | null;
  createdAt: string;
  resource?: string;
  poll?: { lastPolledAt: string | null; nextPollAt: string; lastError: string | null };
}
