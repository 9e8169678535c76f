import type { BatteryOutput, HistoryOutput, RobotRef, StatusOutput } from "./outputs.js";
import { describePhase, isCharging, type ReportedState } from "./robot-state.js";

/** What every answer's data says about the robot. */
export function robotRef(state: ReportedState, host: string): RobotRef {
  return { name: state.name ?? null, host };
}

/** A name to show for the robot in every answer. */
export function robotLabel(state: ReportedState, host: string): string {
  return state.name ? `"${state.name}" (${host})` : `the Roomba at ${host}`;
}

/** The status command's data and markdown from the robot's reported state. */
export function statusReport(state: ReportedState, host: string): { data: StatusOutput; markdown: string } {
  const mission = state.cleanMissionStatus ?? {};
  const data: StatusOutput = {
    robot: { ...robotRef(state, host), sku: state.sku ?? null, softwareVersion: state.softwareVer ?? null },
    phase: mission.phase ?? null,
    phaseDescription: describePhase(mission.phase),
    cycle: mission.cycle ?? null,
    batteryPercent: state.batPct ?? null,
    docked: mission.phase === "charge" || mission.phase === "evac",
    binPresent: state.bin?.present ?? null,
    binFull: state.bin?.full ?? null,
    errorCode: mission.error ?? 0,
    notReadyCode: mission.notReady ?? 0,
    missionMinutes: mission.mssnM ?? null,
  };
  const lines = [
    `**${robotLabel(state, host)}** is ${data.phaseDescription}.`,
    `- Battery: ${data.batteryPercent ?? "unknown"}%`,
    `- Bin: ${data.binFull === null ? "unknown" : data.binFull ? "full, empty it" : "not full"}`,
  ];
  if (data.cycle && data.cycle !== "none") lines.push(`- Current cycle: ${data.cycle}, ${data.missionMinutes ?? 0} min so far`);
  if (data.errorCode) lines.push(`- Error code ${data.errorCode}: see the iRobot app for the fix`);
  if (data.notReadyCode) lines.push(`- Not ready (code ${data.notReadyCode})`);
  return { data, markdown: lines.join("\n") };
}

/** The battery command's data and markdown from the robot's reported state. */
export function batteryReport(state: ReportedState, host: string): { data: BatteryOutput; markdown: string } {
  const mission = state.cleanMissionStatus ?? {};
  const data: BatteryOutput = {
    robot: robotRef(state, host),
    batteryPercent: state.batPct ?? null,
    charging: isCharging(state),
    batteryType: state.batteryType ?? null,
    estimatedCapacityMah: state.bbchg3?.estCap ?? null,
    chargeCycles: state.bbchg3?.nLithChrg ?? state.bbchg3?.nNimhChrg ?? null,
    // While recharging mid-mission the robot reports when it will resume cleaning.
    minutesUntilResume: mission.phase === "hmMidMsn" || (mission.phase === "charge" && mission.cycle !== "none") ? (mission.rechrgM ?? null) : null,
  };
  const lines = [`**${robotLabel(state, host)}** battery: ${data.batteryPercent ?? "unknown"}%${data.charging ? ", charging on the dock" : ", not charging"}.`];
  if (data.estimatedCapacityMah !== null) lines.push(`- Estimated capacity: ${data.estimatedCapacityMah} mAh`);
  if (data.chargeCycles !== null) lines.push(`- Charge cycles: ${data.chargeCycles}`);
  if (data.minutesUntilResume !== null) lines.push(`- Resumes cleaning in about ${data.minutesUntilResume} min`);
  return { data, markdown: lines.join("\n") };
}

/** The cleaning history command's data and markdown from the robot's reported state. */
export function historyReport(state: ReportedState, host: string): { data: HistoryOutput; markdown: string } {
  const run = state.bbrun ?? {};
  const missions = state.bbmssn ?? {};
  const mission = state.cleanMissionStatus ?? {};
  const hundredsSqFt = run.sqft ?? null;
  const data: HistoryOutput = {
    robot: robotRef(state, host),
    source: "lifetime counters the robot keeps (bbrun, bbmssn) and its current or last mission (cleanMissionStatus)",
    lifetime: {
      cleaningHours: run.hr ?? null,
      cleaningMinutes: run.min ?? null,
      areaSqFt: hundredsSqFt === null ? null : hundredsSqFt * 100,
      areaSquareMeters: hundredsSqFt === null ? null : Math.round(hundredsSqFt * 100 * 0.09290304),
      missions: missions.nMssn ?? null,
      missionsCompleted: missions.nMssnOk ?? null,
      missionsCancelled: missions.nMssnC ?? null,
      missionsFailed: missions.nMssnF ?? null,
      averageMissionMinutes: missions.aMssnM ?? null,
      timesStuck: run.nStuck ?? null,
    },
    lastMission: {
      number: mission.nMssn ?? null,
      startedAt: isoFromUnixSeconds(mission.mssnStrtTm),
      minutes: mission.mssnM ?? null,
      areaSqFt: mission.sqft ?? null,
      cycle: mission.cycle ?? null,
      phase: mission.phase ?? null,
      initiator: mission.initiator ?? null,
    },
  };
  const l = data.lifetime;
  const lines = [
    `**${robotLabel(state, host)}** cleaning history (the robot keeps lifetime totals and its last mission, not a per-day log):`,
    `- Missions: ${l.missions ?? "?"} (${l.missionsCompleted ?? "?"} completed, ${l.missionsCancelled ?? "?"} cancelled, ${l.missionsFailed ?? "?"} failed)`,
    `- Total cleaning time: ${l.cleaningHours ?? "?"} h ${l.cleaningMinutes ?? 0} min; area: ${l.areaSqFt ?? "?"} sq ft (${l.areaSquareMeters ?? "?"} m²)`,
  ];
  if (l.averageMissionMinutes !== null) lines.push(`- Average mission: ${l.averageMissionMinutes} min`);
  if (data.lastMission.startedAt)
    lines.push(
      `- Last mission #${data.lastMission.number ?? "?"}: started ${data.lastMission.startedAt}, ${data.lastMission.minutes ?? "?"} min, ${data.lastMission.areaSqFt ?? "?"} sq ft`,
    );
  return { data, markdown: lines.join("\n") };
}

/** A robot timestamp (Unix seconds) as ISO 8601; null when absent, zero or not a representable date. */
function isoFromUnixSeconds(seconds: number | undefined): string | null {
  if (!seconds) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
