/**
 * The robot's reported shadow state, as far as these commands read it. The robot sends it in
 * partial updates (`{ state: { reported: {...} } }`); later keys replace earlier ones.
 */
export interface MissionStatus {
  cycle?: string;
  phase?: string;
  error?: number;
  notReady?: number;
  mssnM?: number;
  sqft?: number;
  nMssn?: number;
  mssnStrtTm?: number;
  rechrgM?: number;
  expireM?: number;
  initiator?: string;
}

export interface ClassicSchedule {
  cycle: string[];
  h: number[];
  m: number[];
}

export interface ScheduleEntry {
  enabled?: boolean;
  type?: number;
  start?: { day?: number[]; hour?: number; min?: number };
  cmd?: Record<string, unknown>;
}

export interface ReportedState {
  name?: string;
  sku?: string;
  softwareVer?: string;
  batPct?: number;
  batteryType?: string;
  cleanMissionStatus?: MissionStatus;
  bin?: { present?: boolean; full?: boolean };
  dock?: { known?: boolean };
  lastCommand?: { command?: string; time?: number; initiator?: string };
  bbrun?: { hr?: number; min?: number; sqft?: number; nStuck?: number; nScrubs?: number; nEvacs?: number };
  bbmssn?: { nMssn?: number; nMssnOk?: number; nMssnC?: number; nMssnF?: number; aMssnM?: number; aCycleM?: number };
  bbchg3?: { estCap?: number; avgMin?: number; hOnDock?: number; nLithChrg?: number; nNimhChrg?: number; nDocks?: number };
  cleanSchedule?: ClassicSchedule;
  cleanSchedule2?: ScheduleEntry[];
  noAutoPasses?: boolean;
  twoPass?: boolean;
  openOnly?: boolean;
  carpetBoost?: boolean;
  vacHigh?: boolean;
  [key: string]: unknown;
}

/** Merges one shadow update message into the state gathered so far; ignores anything else. */
export function mergeShadowUpdate(state: ReportedState, payload: unknown): ReportedState {
  const reported = (payload as { state?: { reported?: unknown } } | null)?.state?.reported;
  if (typeof reported !== "object" || reported === null || Array.isArray(reported)) return state;
  return { ...state, ...(reported as ReportedState) };
}

const PHASES: Record<string, string> = {
  charge: "charging on the dock",
  run: "cleaning",
  stop: "stopped",
  pause: "paused",
  stuck: "stuck and needs help",
  hmUsrDock: "returning to the dock (asked to)",
  hmMidMsn: "returning to the dock to recharge mid-mission",
  hmPostMsn: "returning to the dock after the mission",
  evac: "emptying its bin into the dock",
  chargingerror: "reporting a charging error",
  "charging error": "reporting a charging error",
};

/** A person's words for the mission phase. */
export function describePhase(phase: string | undefined): string {
  if (!phase) return "unknown";
  return PHASES[phase] ?? phase;
}

export function isCharging(state: ReportedState): boolean {
  return state.cleanMissionStatus?.phase === "charge";
}
