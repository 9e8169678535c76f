// The stand-ins live in @agx-ext/test-servers (no host inside, so agx-ext's own packages can test with them);
// this entry keeps the import path extension authors use.
export {
  HOSTILE_PAGE_TOKEN,
  requestSecret,
  startFakeProvider,
  type FakeHandler,
  type FakeProvider,
  type FakeProviderOptions,
  type FakeReply,
  type FakeRequest,
  type FakeRoutes,
  type Fault,
  type HostileMode,
} from "@agx-ext/test-servers/provider";
