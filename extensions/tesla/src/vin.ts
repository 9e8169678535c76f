const MODELS: Record<string, string> = { S: "Model S", "3": "Model 3", X: "Model X", Y: "Model Y", C: "Cybertruck", R: "Roadster" };

// Position 10 of a VIN is the model year; the code repeats every 30 years and skips I, O, Q, U, Z, 0.
const YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789";

/** Model and model year read from a Tesla VIN (positions 4 and 10); null where the VIN does not say. */
export function decodeVin(vin: string): { model: string | null; year: number | null } {
  const upper = vin.toUpperCase();
  if (upper.length !== 17) return { model: null, year: null };
  const model = MODELS[upper.charAt(3)] ?? null;
  const index = YEAR_CODES.indexOf(upper.charAt(9));
  if (index < 0) return { model, year: null };
  // Codes 8 and 9 stand for 2008 and 2009 (first Roadsters); the rest fall in the 2010-2037 cycle.
  const year = 2010 + index;
  return { model, year: year > 2037 ? year - 30 : year };
}
