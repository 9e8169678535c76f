// The stand-ins live in @agx-ext/test-servers (no host inside, so agx-ext's own packages can test with them);
// this entry keeps the import path extension authors use.
export {
  connectUser,
  startOAuthServer,
  type AuthorizeRedirect,
  type ClientAuthMethod,
  type ConnectFlow,
  type ConnectOptions,
  type OAuthServerOptions,
  type OAuthTestServer,
  type TokenRequestRecord,
} from "@agx-ext/test-servers/oauth";
