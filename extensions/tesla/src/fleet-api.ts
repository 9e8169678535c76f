import { collectPages, CommandError, isCommandError, keepValid, z } from "@agx-ext/core";
import type { HttpClient } from "@agx-ext/auth";
import { VEHICLE_LIST_MAX_PAGES, vehicleSchema, vehicleStateName, type VehicleList } from "./vehicles.js";

/** What every vehicle command answers: `{"response": {"result": true, "reason": ""}}`. */
const commandOutcome = z.object({
  result: z.boolean(),
  reason: z
    .string()
    .max(1000)
    .nullish()
    .catch(null)
    .transform((r) => r ?? ""),
});
/** What the Fleet API answered to a vehicle command (result and reason), typed from its schema. */
export type CommandOutcome = z.output<typeof commandOutcome>;

/**
 * One page of `GET /api/1/vehicles`: `{ response: [...], pagination: { next: <page number> | null }, count }`.
 * A `next` that is no page token (or one too long to send back) makes the page unreadable rather than
 * quietly ending the list.
 */
const vehicleListPage = z.object({
  response: z.unknown(),
  pagination: z.object({ next: z.union([z.number(), z.string().max(200)]).nullish() }).nullish(),
});

/** The part of a single-vehicle answer (`GET /api/1/vehicles/{id}`, `wake_up`) the wake loop reads. */
const vehicleStatus = z.object({ response: z.object({ state: vehicleStateName }) });

/** A vehicle_data answer: the state groups the views read, each read defensively. */
export type VehicleData = Record<string, unknown> & {
  charge_state?: Record<string, unknown>;
  climate_state?: Record<string, unknown>;
  vehicle_state?: Record<string, unknown>;
  vehicle_config?: Record<string, unknown>;
  gui_settings?: Record<string, unknown>;
  display_name?: string;
  state?: string;
};

/** The error body Tesla (or the command proxy) answered with, as text to match on. */
function answeredBody(error: CommandError): string {
  return JSON.stringify(error.details?.body ?? "");
}

/** The Fleet API's "vehicle is asleep or offline" answer (408) as the authorized client reports it. */
export function isVehicleUnavailable(error: unknown): boolean {
  return isCommandError(error) && error.details?.status === 408;
}

/** Tesla's answer to an unsigned command for a vehicle that requires the Vehicle Command Protocol. */
export function isSignedCommandRequired(error: unknown): boolean {
  return isCommandError(error) && /Vehicle Command Protocol required|unsigned_cmds_hardlocked|routable_message/i.test(answeredBody(error));
}

/** The command proxy's answer when the vehicle does not know the proxy's key. */
export function isKeyNotPaired(error: unknown): boolean {
  return isCommandError(error) && /not (been )?paired|unknown (public )?key|key.*not.*(whitelist|authori[sz]ed)/i.test(answeredBody(error));
}

/**
 * Region and registration answers become NOT_CONFIGURED naming what to set: 421 "user out of region,
 * use base URL: ..." and 412 "Account ... must be registered in the current region".
 */
function regionProblem(error: unknown, baseUrl: string): CommandError | undefined {
  if (!isCommandError(error)) return undefined;
  const status = error.details?.status;
  const said = answeredBody(error);
  if (status === 421) {
    const suggested = /use base URL:\s*(https:\/\/[^\s,"\\]+)/.exec(said)?.[1]?.replace(/\/+$/, "");
    return new CommandError(
      "NOT_CONFIGURED",
      `This Tesla account is served by another region than ${baseUrl}. Set TESLA_FLEET_API_URL to ${suggested ?? "your region's Fleet API host (see the README)"}.`,
      { details: { invalid: ["TESLA_FLEET_API_URL"], suggestedBaseUrl: suggested ?? null } },
    );
  }
  if (status === 412 && /must be registered/i.test(said))
    return new CommandError(
      "NOT_CONFIGURED",
      `Your Tesla application is not registered in the region of ${baseUrl}. Register it once with POST ${baseUrl}/api/1/partner_accounts {"domain": "<TESLA_DOMAIN>"} using a partner token, then try again.`,
      { details: { invalid: ["TESLA_FLEET_API_URL"] } },
    );
  return undefined;
}

/**
 * Thin Fleet API client: absolute URLs from the configured region, bearer auth, retries and error
 * mapping come from the authorized HTTP client. Commands go to the command proxy when one is set.
 */
export class FleetApi {
  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
    private readonly proxyUrl: string | undefined,
  ) {}

  get commandsViaProxy(): boolean {
    return this.proxyUrl !== undefined;
  }

  /**
   * The account's vehicles, page by page (at most VEHICLE_LIST_MAX_PAGES pages): entries that are not a
   * usable vehicle are left out and counted, a page token Tesla repeats stops the listing (PROVIDER_ERROR).
   */
  async listVehicles(): Promise<VehicleList> {
    let skipped = 0;
    const paged = await collectPages(
      async (page) => {
        const raw = await this.guard(this.http.get(`${this.baseUrl}/api/1/vehicles`, page ? { searchParams: { page } } : {}).json<unknown>());
        const body = vehicleListPage.safeParse(raw);
        if (!body.success) throw unreadable("the vehicle list");
        const valid = keepValid(body.data.response, vehicleSchema);
        skipped += valid.skipped;
        const next = body.data.pagination?.next;
        return { items: valid.items, next: next === null || next === undefined ? undefined : String(next) };
      },
      { provider: "Tesla", maxPages: VEHICLE_LIST_MAX_PAGES },
    );
    // A provider that serves the same vehicles on several pages must not list them twice.
    const vehicles = [...new Map(paged.items.map((v) => [v.vin.toUpperCase(), v])).values()];
    return { vehicles, skipped, truncated: paged.truncated };
  }

  /** The vehicle's state ("online", "asleep", "offline") as `GET /api/1/vehicles/{id}` reports it. */
  async vehicleState(tag: string): Promise<string> {
    const raw = await this.guard(this.http.get(`${this.baseUrl}/api/1/vehicles/${encodeURIComponent(tag)}`).json<unknown>());
    return stateOf(raw, "the vehicle's state");
  }

  /**
   * Live data for an awake vehicle; `endpoints` limits it to some sections (charge_state...).
   * A sleeping vehicle answers 408 at once: that is not retried here, the caller wakes it.
   */
  async vehicleData(tag: string, endpoints?: readonly string[]): Promise<VehicleData> {
    const body = await this.guard(
      this.http
        .get(`${this.baseUrl}/api/1/vehicles/${encodeURIComponent(tag)}/vehicle_data`, {
          ...(endpoints?.length ? { searchParams: { endpoints: endpoints.join(";") } } : {}),
          retry: { statusCodes: [429, 500, 502, 503, 504] },
        })
        .json<unknown>(),
    );
    const response = isRecord(body) ? body.response : undefined;
    if (!isRecord(response)) throw unreadable("the vehicle data");
    return response as VehicleData;
  }

  /** Asks a sleeping vehicle to wake; answers the state it reports right away. */
  async wakeUp(tag: string): Promise<string> {
    const raw = await this.guard(this.http.post(`${this.baseUrl}/api/1/vehicles/${encodeURIComponent(tag)}/wake_up`).json<unknown>());
    return stateOf(raw, "its answer to wake_up");
  }

  /** `POST /api/1/vehicles/{vin}/command/{name}`; the proxy needs the VIN, the Fleet API takes it too. */
  async command(vin: string, name: string, parameters: Record<string, unknown>): Promise<CommandOutcome> {
    const base = this.proxyUrl ?? this.baseUrl;
    const body = await this.guard(this.http.post(`${base}/api/1/vehicles/${encodeURIComponent(vin)}/command/${name}`, { json: parameters }).json<unknown>());
    const outcome = commandOutcome.safeParse(isRecord(body) ? body.response : undefined);
    if (!outcome.success)
      throw new CommandError("PROVIDER_ERROR", `Tesla answered the ${name} command without a readable result.`, { details: { command: name } });
    return outcome.data;
  }

  private async guard<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      throw regionProblem(error, this.baseUrl) ?? error;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stateOf(raw: unknown, what: string): string {
  const parsed = vehicleStatus.safeParse(raw);
  if (!parsed.success) throw unreadable(what);
  return parsed.data.response.state;
}

/** Tesla answered 2xx with a body this extension cannot read: the provider's fault, said so. */
function unreadable(what: string): CommandError {
  return new CommandError("PROVIDER_ERROR", `Tesla sent ${what} in a form that could not be read; try again later.`, { details: { provider: "Tesla" } });
}
