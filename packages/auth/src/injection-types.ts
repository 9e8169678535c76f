import type { HttpClient } from "./http/client.js";
import type { AuthService } from "./service.js";

// What this package registers under core's HTTP and AUTH tokens (see the auth module's `provide` calls):
// with it in the program, `@inject(HTTP)` only compiles on an HttpClient parameter, `@inject(AUTH)` on an AuthService one.
declare module "@agx-ext/core" {
  interface InjectionTypes {
    http: HttpClient;
    auth: AuthService;
  }
}
