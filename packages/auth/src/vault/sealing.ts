import { createHash } from "node:crypto";

/** Associated data binding a sealed value to its row, so a value copied into another row does not open. */
export const aad = (...parts: string[]) => parts.join("\u0000");

/** A pending flow's row id: the SHA-256 of its state, so the table never holds the state itself. */
export const stateId = (state: string) => createHash("sha256").update(state).digest("hex");

/** Associated data of a pending flow's sealed part. */
export const stateAad = (id: string) => aad("flow", id);
