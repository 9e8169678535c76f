import { CommandError } from "@agx-ext/core";

/** Where Tesla looks for the app's public key. */
export function publicKeyUrl(domain: string): string {
  return `https://${domain}/.well-known/appspecific/com.tesla.3p.public-key.pem`;
}

/** The link that asks the owner's Tesla app to pair the app's key with a vehicle. */
export function pairingUrl(domain: string): string {
  return `https://tesla.com/_ak/${domain}`;
}

/** Steps to send signed commands: Tesla's proxy holds the private key, the vehicle trusts its public key. */
export function pairingSteps(domain: string | undefined, proxyConfigured: boolean): string[] {
  const host = domain ?? "<your-domain>";
  return [
    `Create an EC key pair on the prime256v1 curve: \`openssl ecparam -name prime256v1 -genkey -noout -out private.pem\` then \`openssl ec -in private.pem -pubout -out public.pem\`.`,
    `Publish the public key at ${publicKeyUrl(host)} and register your app for that domain with \`POST /api/1/partner_accounts {"domain": "${host}"}\` (once per region, with a partner token).`,
    `Run Tesla's command proxy with the private key: \`tesla-http-proxy -tls-key tls-key.pem -cert tls-cert.pem -key-file private.pem -port 4443\`, and trust its TLS certificate on this host (NODE_EXTRA_CA_CERTS=tls-cert.pem).`,
    proxyConfigured
      ? "TESLA_COMMAND_PROXY_URL is set, so commands already go through the proxy."
      : "Set TESLA_COMMAND_PROXY_URL to the proxy's address (e.g. https://localhost:4443); commands then go through it and data reads still go straight to the Fleet API.",
    `Pair the key with each vehicle: open ${pairingUrl(host)} on the phone that has the Tesla app, and approve the key on the car's touchscreen with a key card when asked.`,
    ...(domain ? [] : ["Set TESLA_DOMAIN to the domain that hosts the public key so these links point at it."]),
  ];
}

/** The pairing guide as markdown: how to add the app's key to a vehicle. */
export function pairingMarkdown(domain: string | undefined, proxyConfigured: boolean): string {
  return pairingSteps(domain, proxyConfigured)
    .map((step, i) => `${i + 1}. ${step}`)
    .join("\n");
}

/** The vehicle only accepts commands signed with the Vehicle Command Protocol. */
export function signedCommandsRequired(vehicleLabel: string, domain: string | undefined, proxyConfigured: boolean): CommandError {
  const why = proxyConfigured
    ? `${vehicleLabel} refused the command from the command proxy: its key is not paired with the vehicle yet.`
    : `${vehicleLabel} only accepts commands signed with Tesla's Vehicle Command Protocol, and no command proxy is configured.`;
  return new CommandError("NOT_CONFIGURED", `${why} To send commands:\n${pairingMarkdown(domain, proxyConfigured)}`, {
    details: { missing: proxyConfigured ? [] : ["TESLA_COMMAND_PROXY_URL"], pairingUrl: domain ? pairingUrl(domain) : null },
  });
}
