import type { EntityManager as CoreEntityManager, IDatabaseDriver } from "@mikro-orm/core";
import { mikroOrm } from "./mikro-orm.js";

/** What an extension needs to declare entities, from the one copy of MikroORM the host uses (required: see mikro-orm.ts). */
export const { Entity, Property, PrimaryKey, Unique, Index, Enum, EntityManager } = mikroOrm;
/** The entity manager a command is given: its reads and writes are the calling user's alone. */
export type EntityManager<Driver extends IDatabaseDriver = IDatabaseDriver> = CoreEntityManager<Driver>;
