import type { SubcommandSpec } from "./help.js";

const USER = { type: "string", short: "u", value: "<id>", description: 'act for this user (default "default")' } as const;
const JSON_OUT = { type: "boolean", description: "print JSON instead of text" } as const;

/**
 * Every subcommand's command line: the options each one parses (see command-line.ts) and its help.
 * Kept apart from the subcommands themselves so that `--help` loads none of their modules.
 */
export const SPECS = {
  commands: {
    summary: "list the installed commands (or one user's tool set)",
    forms: [""],
    positionals: false,
    options: {
      json: { type: "boolean", description: "same as --format json: title, hints, input and output schemas" },
      format: { type: "string", value: "<table|json|openai|mcp>", description: "output format (default table); openai and mcp print tool definitions" },
      user: { ...USER, description: "only the commands this user's tool set shows (opens the database)" },
      stats: { type: "boolean", description: "with --format mcp or openai: approximate tokens of the tool list, per extension" },
    },
    examples: ["agx commands", "agx commands --format mcp --stats --user alice"],
  },
  run: {
    summary: "run one command and print its result as JSON",
    forms: ['"<Command Name>"'],
    positionals: true,
    options: {
      input: { type: "string", short: "i", value: "<json>", description: "the command's input as JSON (default {})" },
      user: USER,
    },
    examples: [`agx run "Set Daily Goal" --user alice --input '{"exercise_name":"curls","target_reps":10}'`],
    details: "Bound by AGX_COMMAND_TIMEOUT_MS; a failure prints CODE: message on stderr and exits 1.",
  },
  doctor: {
    summary: "what each extension still needs (settings, connections, load failures)",
    forms: [""],
    positionals: false,
    options: { user: { ...USER, description: "include this user's stored settings (opens the database)" }, json: JSON_OUT },
    examples: ["agx doctor", "agx doctor --user alice --json"],
  },
  migrate: {
    summary: "apply the pending database migrations of every package that owns tables",
    forms: [""],
    positionals: false,
    options: { "dry-run": { type: "boolean", description: "list the pending migrations without applying them" }, json: JSON_OUT },
    examples: ["agx migrate --dry-run", "agx migrate"],
    details:
      "The host also applies them when it starts (agx serve, agx run...), once per database, under a lock shared by every host.\n" +
      "A failed migration leaves the database as it was; the message names the package and the migration.",
  },
  serve: {
    summary: "the HTTP API and the MCP endpoint, until SIGTERM or SIGINT",
    forms: [""],
    positionals: false,
    options: {
      port: { type: "string", short: "p", value: "<n>", description: "port to listen on, 0 for any free one (default AGX_PORT or 3000)" },
      host: { type: "string", value: "<address>", description: "address to listen on (default AGX_HOST or 127.0.0.1)" },
    },
    examples: ["agx serve --port 8080"],
    details: "Settings come from the environment (AGX_DATABASE_URL, AGX_PUBLIC_URL, ...): see the host's README.",
  },
  mcp: {
    summary: "MCP over stdio for a local agent",
    forms: [""],
    positionals: false,
    options: { user: { ...USER, description: 'every call runs as this user (default "default")' } },
    examples: ["agx mcp --user alice"],
  },
  users: {
    summary: "users and their API keys: add, list, revoke, roles, console sign-in links",
    forms: ["add <id>", "list", "revoke <id>", "role <id> admin|member", "login-link <id>"],
    positionals: true,
    options: {
      json: { ...JSON_OUT, description: "with list: print JSON instead of a table" },
      admin: { type: "boolean", description: "with add: the new user is an admin (manages users in the console)" },
    },
    examples: ["KEY=$(agx users add bob)", "agx users add carol --admin", "agx users role bob admin", "agx users login-link bob", "agx users revoke bob"],
    details:
      "add prints the new user's API key once, on stdout; revoke stops it and the user's console sessions at once on every server.\n" +
      "login-link prints a single-use console sign-in URL valid 10 minutes (on AGX_PUBLIC_URL, else http://127.0.0.1:<AGX_PORT or 3000>).",
  },
  tools: {
    summary: "a user's tool set: which extensions' commands their agents see",
    forms: ["enable|disable <extension>", "list"],
    positionals: true,
    options: { user: USER, json: { ...JSON_OUT, description: "with list: print JSON instead of a table" } },
    examples: ["agx tools disable google --user alice", "agx tools list --user alice"],
  },
  grants: {
    summary: "the MCP clients a user allowed to use their tools, and revoking them",
    forms: ["list", "revoke <grant-id>"],
    positionals: true,
    options: { user: USER, json: { ...JSON_OUT, description: "with list: print JSON instead of a table" } },
    examples: ["agx grants list --user alice", "agx grants revoke --user alice -- 5fJq...x2"],
    details:
      'MCP clients ask for access at <public url>/mcp; the person signed in to the console allows them on the consent page. Grant ids may start with "-": put them after "--".',
  },
  connect: {
    summary: "connect an account: OAuth in the browser, API keys and credentials at the prompt",
    forms: ["<provider>"],
    positionals: true,
    options: {
      user: USER,
      account: {
        type: "string",
        value: "<label>",
        description: "store it as this account, so a user can connect several (OAuth; default the provider's account name)",
      },
      scopes: { type: "string", value: "<group,...>", description: "ask only for these scope groups (OAuth)" },
      port: { type: "string", value: "<n>", description: "loopback port for the OAuth callback (default any free one)" },
      "no-wait": { type: "boolean", description: "print the sign-in URL and exit without waiting for the callback" },
    },
    examples: ["agx connect google --user alice --scopes gmail,calendar", "agx connect google --user alice --account work"],
  },
  connections: {
    summary: "who is connected to which provider with which accounts, in which state, until when; or set the default account",
    forms: ["", "default <provider> <account>"],
    positionals: true,
    options: {
      user: { ...USER, description: "only this user's connections (default everyone's); with default: whose account" },
      json: { ...JSON_OUT, description: "print JSON, with the last change and the last error" },
    },
    examples: ["agx connections --user alice", "agx connections default google work --user alice"],
    details: 'Commands use the default account of a provider unless their input names another ("account": "<label>").',
  },
  disconnect: {
    summary: "forget a connection (and revoke the grant where the provider allows)",
    forms: ["<provider>"],
    positionals: true,
    options: { user: USER, account: { type: "string", value: "<label>", description: "only this account (default: the default account)" } },
    examples: ["agx disconnect google --user alice", "agx disconnect google --account work --user alice"],
  },
  vault: {
    summary: "re-seal every stored token and secret under the current AGX_SECRET_KEY",
    forms: ["rotate"],
    positionals: true,
    options: {
      "batch-size": { type: "string", value: "<n>", description: "values re-sealed per transaction, 1 to 10000 (default 100)" },
      json: { ...JSON_OUT, description: "print the report as JSON" },
    },
    examples: ["AGX_SECRET_KEY_PREVIOUS=<old key> agx vault rotate"],
    details: "Resumable and safe while other hosts serve; exits 1 while values remain that no configured key opens.",
  },
  jobs: {
    summary: "the scheduled jobs and their last runs (agx serve runs them), or run one now",
    forms: ["", "run <name>"],
    positionals: true,
    options: { json: { ...JSON_OUT, description: "print JSON: each job's schedule and last runs, or the run's record" } },
    examples: ["agx jobs", "agx jobs run connection-keep-alive --json"],
    details: "Schedules are cron expressions in UTC; a run from here is recorded like a scheduled one.",
  },
  triggers: {
    summary: "the installed triggers (events agents can subscribe to) with their output schemas, or run webhook setups now",
    forms: ["", "setup"],
    positionals: true,
    options: { json: { ...JSON_OUT, description: "print JSON: each trigger's kind, interval or hook path, and output schema; with setup, the report" } },
    examples: ["agx triggers", "agx triggers --json", "agx triggers setup"],
    details:
      "setup registers webhook triggers' callbacks with their providers (e.g. Oura's subscriptions) at <AGX_PUBLIC_URL>/hooks/...,\n" +
      "as agx serve does at start and daily (the webhook-setup job); AGX_PUBLIC_URL must be https. Exits 1 when a setup failed.",
  },
  subscriptions: {
    summary: "a user's subscriptions to triggers: add, list, remove",
    forms: ["add <extension>/<trigger> --url <https url> | --mcp [--input <json>]", "list", "remove <id>"],
    positionals: true,
    options: {
      user: USER,
      url: { type: "string", value: "<url>", description: "with add: POST each event here, signed with AGX_WEBHOOK_SECRET (https; http only to localhost)" },
      mcp: { type: "boolean", description: "with add: deliver as an MCP resource the user's agent can subscribe to" },
      filter: { type: "string", value: "<json>", description: 'with add: only events whose data has these values, e.g. {"exercise_name":"push-ups"}' },
      input: {
        type: "string",
        value: "<json>",
        description: 'with add: the trigger\'s params (agx triggers --json shows its inputSchema), e.g. {"query":"from:boss"}',
      },
      json: { ...JSON_OUT, description: "print JSON instead of text" },
    },
    examples: [
      'agx subscriptions add "workout-tracker/Daily Goal Met" --url https://example.com/hooks/agx --user alice',
      "agx subscriptions list --user alice",
    ],
    details: "agx serve polls and delivers; deliveries are retried with backoff for 24 h (agx events failed lists the ones that gave up).",
  },
  events: {
    summary: "follow recorded events, list failed deliveries, replay one",
    forms: ["tail", "failed", "replay <delivery id>"],
    positionals: true,
    options: {
      user: { ...USER, description: "only this user's events or deliveries (default everyone's)" },
      json: { ...JSON_OUT, description: "with failed: print JSON" },
    },
    examples: ["agx events tail --user alice", "agx events failed --json", "agx events replay dlv_3q2..."],
    details: "tail prints one JSON line per event, from now on, until Ctrl-C.",
  },
  create: {
    summary: "scaffold a new extension package that builds and tests green",
    forms: ["extension <name>"],
    positionals: true,
    options: {
      dir: { type: "string", value: "<path>", description: "folder to create (default extensions/<name> inside the agx-ext workspace, else ./<name>)" },
      package: { type: "string", value: "<npm-name>", description: "package name (default @agx-ext/<name>)" },
      "no-install": { type: "boolean", description: "do not run pnpm install to link it into the workspace" },
    },
    examples: ["agx create extension acme-weather"],
  },
} as const satisfies Record<string, SubcommandSpec>;

export type SubcommandName = keyof typeof SPECS;

export function isSubcommandName(name: string): name is SubcommandName {
  return Object.hasOwn(SPECS, name);
}
