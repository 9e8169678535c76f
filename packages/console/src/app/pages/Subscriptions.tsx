import Form from "@rjsf/core";
import type { RJSFSchema } from "@rjsf/utils";
import { useMemo, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { ConfirmButton } from "../components/ConfirmButton";
import { JsonTree } from "../components/JsonTree";
import { ErrorNotice, Notice } from "../components/Notice";
import { dateTime } from "../format";
import { commandUiSchema } from "../form/ui-schema";
import { validator } from "../form/validator";
import { usePageTitle } from "../page-title";
import type { SubscriptionInfo, TriggerInfo } from "../types";
import { useResource } from "../use-resource";

const NO_INPUT: RJSFSchema = { type: "object", properties: {} };

/**
 * Subscribing: a trigger, where its events go (the person's MCP agents, or a URL), and, for a trigger with params,
 * the form its inputSchema describes (the same form generator as the commands page).
 */
function AddSubscription({ triggers, onAdded }: { triggers: TriggerInfo[]; onAdded(): void }) {
  const [name, setName] = useState(triggers[0]?.qualifiedName ?? "");
  const [target, setTarget] = useState<"mcp" | "url">("mcp");
  const [url, setUrl] = useState("");
  const [formData, setFormData] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [added, setAdded] = useState<string | undefined>(undefined);
  // Bumped after subscribing: the form starts again empty (defaults filled in) for the next subscription.
  const [round, setRound] = useState(0);
  const trigger = triggers.find((t) => t.qualifiedName === name);
  const schema = useMemo(() => (trigger?.inputSchema ?? NO_INPUT) as RJSFSchema, [trigger]);
  const uiSchema = useMemo(() => commandUiSchema(schema, "Subscribe"), [schema]);

  const subscribe = async (input: unknown) => {
    setBusy(true);
    setError(undefined);
    setAdded(undefined);
    try {
      const deliver = target === "mcp" ? { mcp: true } : { url };
      const answer = await api<{ subscription: SubscriptionInfo }>("/v1/subscriptions", {
        method: "POST",
        body: { trigger: name, deliver, ...(trigger?.inputSchema ? { input: input ?? {} } : {}) },
      });
      setAdded(answer.subscription.id);
      setFormData(undefined);
      setRound((r) => r + 1);
      onAdded();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="add-subscription" aria-labelledby="add-subscription-heading">
      <h2 id="add-subscription-heading">Subscribe</h2>
      <div class="field">
        <label for="subscription-trigger">Trigger</label>
        <select
          id="subscription-trigger"
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setFormData(undefined);
          }}
        >
          {triggers.map((t) => (
            <option key={t.qualifiedName} value={t.qualifiedName}>
              {t.qualifiedName}
            </option>
          ))}
        </select>
        {trigger && <p class="muted">{trigger.description}</p>}
      </div>
      <fieldset>
        <legend>Deliver to</legend>
        <div class="check">
          <input type="radio" id="deliver-mcp" name="deliver" checked={target === "mcp"} onChange={() => setTarget("mcp")} />
          <label for="deliver-mcp">My agents (an MCP resource they can subscribe to)</label>
        </div>
        <div class="check">
          <input type="radio" id="deliver-url" name="deliver" checked={target === "url"} onChange={() => setTarget("url")} />
          <label for="deliver-url">A URL (each event POSTed, signed)</label>
        </div>
        {target === "url" && (
          <div class="field">
            <label for="deliver-url-value">URL</label>
            <input id="deliver-url-value" type="url" required placeholder="https://" value={url} onInput={(event) => setUrl(event.currentTarget.value)} />
          </div>
        )}
      </fieldset>
      {trigger?.inputSchema && <h3>Parameters</h3>}
      <div class="command-form">
        <Form
          // A new form per trigger and after each subscription: earlier values do not carry over.
          key={`${name}:${round}`}
          schema={schema}
          uiSchema={uiSchema}
          validator={validator}
          formData={formData}
          onChange={(event) => setFormData(event.formData)}
          onSubmit={(event) => void subscribe(event.formData)}
          onError={() => undefined}
          disabled={busy || !trigger}
          noHtml5Validate
          showErrorList={false}
        />
      </div>
      {error !== undefined && <ErrorNotice error={error} />}
      {error instanceof ApiError && error.details !== undefined && <JsonTree value={error.details} label="Error details" />}
      {added && <Notice kind="ok">Subscribed ({added}).</Notice>}
    </section>
  );
}

function SubscriptionCard({ subscription, onRemoved }: { subscription: SubscriptionInfo; onRemoved(): void }) {
  const headingId = `subscription-${subscription.id}`;
  return (
    <li class="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{subscription.trigger}</h3>
      <dl class="facts">
        <dt>Deliver to</dt>
        <dd class="code">{"url" in subscription.deliver ? subscription.deliver.url : `MCP ${subscription.resource ?? ""}`}</dd>
        {subscription.input && (
          <>
            <dt>Parameters</dt>
            <dd class="code">{JSON.stringify(subscription.input)}</dd>
          </>
        )}
        {subscription.filter && (
          <>
            <dt>Filter</dt>
            <dd class="code">{JSON.stringify(subscription.filter)}</dd>
          </>
        )}
        <dt>Since</dt>
        <dd>
          <time dateTime={subscription.createdAt}>{dateTime(subscription.createdAt)}</time>
        </dd>
        {subscription.poll?.lastPolledAt && (
          <>
            <dt>Last poll</dt>
            <dd>
              <time dateTime={subscription.poll.lastPolledAt}>{dateTime(subscription.poll.lastPolledAt)}</time>
            </dd>
          </>
        )}
        {subscription.poll?.lastError && (
          <>
            <dt>Last error</dt>
            <dd>{subscription.poll.lastError}</dd>
          </>
        )}
      </dl>
      <ConfirmButton
        label="Remove"
        labelFor={`Remove ${subscription.trigger} (${subscription.id})`}
        confirm="Yes, remove it"
        act={() => api(`/v1/subscriptions/${encodeURIComponent(subscription.id)}`, { method: "DELETE" })}
        onDone={onRemoved}
      />
    </li>
  );
}

export function SubscriptionsPage() {
  usePageTitle("Subscriptions");
  const triggers = useResource<{ triggers: TriggerInfo[] }>("/v1/triggers");
  const subscriptions = useResource<{ subscriptions: SubscriptionInfo[] }>("/v1/subscriptions");
  const list = subscriptions.data?.subscriptions ?? [];
  return (
    <>
      <h1>Subscriptions</h1>
      <p class="lead">Events your agents receive when something happens: a trigger, with its parameters, delivered to your agents or to a URL.</p>
      {triggers.error !== undefined && <ErrorNotice error={triggers.error} />}
      {triggers.data && triggers.data.triggers.length === 0 && <p>No installed extension has a trigger.</p>}
      {triggers.data && triggers.data.triggers.length > 0 && <AddSubscription triggers={triggers.data.triggers} onAdded={() => void subscriptions.reload()} />}
      <h2>Yours</h2>
      {subscriptions.error !== undefined && <ErrorNotice error={subscriptions.error} />}
      {subscriptions.loading && !subscriptions.data && <p role="status">Loading…</p>}
      {subscriptions.data && list.length === 0 && <p>You have no subscriptions.</p>}
      {list.length > 0 && (
        <ul class="cards" aria-label="Subscriptions">
          {list.map((subscription) => (
            <SubscriptionCard key={subscription.id} subscription={subscription} onRemoved={() => void subscriptions.reload()} />
          ))}
        </ul>
      )}
    </>
  );
}
