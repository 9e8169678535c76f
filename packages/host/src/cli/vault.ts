import { parseCommandLine, usageError } from "./command-line.js";
import { EXIT, type Subcommand } from "./io.js";

/**
 * agx vault rotate: re-seals every stored token and secret under the current AGX_SECRET_KEY, in batches. Values
 * open with AGX_SECRET_KEY or any key in AGX_SECRET_KEY_PREVIOUS. Run it again after an interruption: it continues
 * with what is not yet under the current key. Other hosts may keep serving meanwhile.
 */
export const vault: Subcommand = async (args, { io, host }) => {
  const { values, positionals } = parseCommandLine("vault", args);
  if (positionals.length !== 1 || positionals[0] !== "rotate") throw usageError("vault");
  const batchText = values["batch-size"];
  const batchSize = batchText === undefined ? 100 : Number(batchText);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw usageError("vault", "--batch-size must be a whole number from 1 to 10000");
  const agx = await host();
  await agx.start();
  const report = await agx.services.auth.rotateVault({
    batchSize,
    onBatch: (progress) => {
      if (!values.json) io.err(`re-sealed ${progress.resealed} value(s) so far`);
    },
  });
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else {
    io.out(`Re-sealed ${report.resealed} value(s) under key ${report.keyId}.`);
    const unreadable = Object.entries(report.unreadable);
    for (const [id, count] of unreadable)
      io.out(
        `${count} value(s) sealed under key ${id} open with no configured key: add that key to AGX_SECRET_KEY_PREVIOUS and run again, or have their users connect again.`,
      );
    if (report.skippedChanged) io.out(`${report.skippedChanged} value(s) changed while being re-sealed (another host wrote them): run agx vault rotate again.`);
    if (report.remaining === 0)
      io.out("Every value is sealed under the current key; AGX_SECRET_KEY_PREVIOUS can be emptied once every host runs with this AGX_SECRET_KEY.");
  }
  return report.remaining === 0 ? EXIT.ok : EXIT.failed;
};
