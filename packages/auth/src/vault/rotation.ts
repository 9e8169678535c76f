import type { EntityManager, EntitySchema } from "@mikro-orm/core";
import { VaultKeyError, type VaultCipher } from "./cipher.js";
import { AuthConnection, AuthMeta, AuthSecret, AuthState, type ConnectionRow, type MetaRow, type SecretRow, type StateRow } from "./entities.js";
import { aad, stateAad } from "./sealing.js";

/** What `agx vault rotate` did. */
export interface RotationReport {
  /** The key every value is now sealed under. */
  keyId: string;
  /** Values re-sealed under the current key in this run. */
  resealed: number;
  /** Values that changed while being re-sealed (another host wrote them); they are sealed under its key and the next run takes them. */
  skippedChanged: number;
  /** Values no configured key opens, by the key id they were sealed under ("unknown" for values from before key ids). */
  unreadable: Record<string, number>;
  /** Values still not under the current key (unreadable, or changed meanwhile): 0 when the rotation is complete. */
  remaining: number;
}

type Runner = <T>(fn: (em: EntityManager) => Promise<T>) => Promise<T>;

/** A vault table as rotation sees it: rows with a key column and a sealed value. */
interface Table {
  entity: EntitySchema<never>;
  key: string;
  /** The property holding the sealed value. */
  sealed: string;
  associatedData: (row: never) => string;
}

const table = <Row>(entity: EntitySchema<Row>, key: keyof Row & string, sealed: keyof Row & string, associatedData: (row: Row) => string): Table =>
  ({ entity, key, sealed, associatedData }) as unknown as Table;

const TABLES: readonly Table[] = [
  table(AuthConnection, "id", "sealed", (r: ConnectionRow) => aad("connection", r.userId, r.provider)),
  table(AuthSecret, "id", "sealed", (r: SecretRow) => aad("secret", r.userId, r.provider, r.name)),
  table(AuthState, "id", "sealed", (r: StateRow) => stateAad(r.id)),
  // The key check's value is sealed with its name as associated data.
  table(AuthMeta, "name", "value", (r: MetaRow) => r.name),
];

/**
 * Re-seals every vault value that is not under the current key, `batchSize` rows per transaction. Safe while
 * other hosts serve: each row is replaced only if it still holds the value read (compare and set), so a token
 * another host saved meanwhile is never overwritten. Resumable: only values not under the current key are read,
 * so a run that stopped midway (or a second run) carries on where the first left off.
 */
export async function rotateVault(run: Runner, cipher: VaultCipher, batchSize: number, onBatch?: (report: RotationReport) => void): Promise<RotationReport> {
  const report: RotationReport = { keyId: cipher.currentKeyId, resealed: 0, skippedChanged: 0, unreadable: {}, remaining: 0 };
  const current = cipher.prefix();
  for (const table of TABLES) {
    // Keyset paging: rows that stay unreadable (or were skipped) are not read again in this run.
    let after: string | number | undefined;
    for (;;) {
      const rows = await run((em) =>
        em.find(
          table.entity,
          { $not: { [table.sealed]: { $like: `${current}%` } }, ...(after === undefined ? {} : { [table.key]: { $gt: after } }) } as never,
          { orderBy: { [table.key]: "asc" } as never, limit: batchSize, disableIdentityMap: true },
        ),
      );
      if (!rows.length) break;
      await run(async (em) => {
        for (const row of rows as unknown as Array<Record<string, unknown>>) {
          const associatedData = table.associatedData(row as never);
          const sealed = String(row[table.sealed]);
          let plain: string;
          try {
            plain = cipher.open(sealed, associatedData);
          } catch (error) {
            if (!(error instanceof VaultKeyError)) throw error;
            const id = error.keyId ?? "unknown";
            report.unreadable[id] = (report.unreadable[id] ?? 0) + 1;
            report.remaining++;
            continue;
          }
          const changed = await em.nativeUpdate(
            table.entity,
            { [table.key]: row[table.key], [table.sealed]: sealed } as never,
            { [table.sealed]: cipher.seal(plain, associatedData) } as never,
          );
          if (changed === 1) report.resealed++;
          else {
            report.skippedChanged++;
            report.remaining++;
          }
        }
      });
      after = (rows.at(-1) as unknown as Record<string, string | number>)[table.key];
      onBatch?.({ ...report, unreadable: { ...report.unreadable } });
      if (rows.length < batchSize) break;
    }
  }
  return report;
}
