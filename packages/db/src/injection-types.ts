import type { EntityManager } from "@mikro-orm/core";

// What this package registers under core's ENTITY_MANAGER token (the call's forked, user-scoped EntityManager):
// with it in the program, `@inject(ENTITY_MANAGER)` only compiles on an EntityManager parameter.
declare module "@agx-ext/core" {
  interface InjectionTypes {
    entityManager: EntityManager;
  }
}
