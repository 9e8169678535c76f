import { ErrorNotice } from "../components/Notice";
import { dateTime, duration } from "../format";
import { usePageTitle } from "../page-title";
import type { ActivityCall } from "../types";
import { useResource } from "../use-resource";

export function ActivityPage() {
  usePageTitle("Activity");
  const activity = useResource<{ calls: ActivityCall[]; enabled?: boolean }>("/v1/activity?limit=50");
  const calls = activity.data?.calls ?? [];
  return (
    <>
      <h1>Activity</h1>
      <p class="lead">Your most recent command calls, newest first. Inputs and results are not kept; entries go after 30 days.</p>
      {activity.error !== undefined && <ErrorNotice error={activity.error} />}
      {activity.data?.enabled === false && <p>The call log is turned off on this host (AGX_CALL_LOG=off).</p>}
      {activity.data && activity.data.enabled !== false && calls.length === 0 && <p>No calls yet.</p>}
      {calls.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Recent calls</caption>
            <thead>
              <tr>
                <th scope="col">Command</th>
                <th scope="col">Time</th>
                <th scope="col">Duration</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((call, i) => (
                <tr key={`${call.startedAt}-${i}`}>
                  <td>{call.command}</td>
                  <td>
                    <time dateTime={call.startedAt}>{dateTime(call.startedAt)}</time>
                  </td>
                  <td>{duration(call.durationMs)}</td>
                  <td>
                    <span class={`outcome ${call.outcome === "ok" ? "ok" : "failed"}`}>{call.outcome}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
