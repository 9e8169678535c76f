/**
 * What the columns hold, shared by the entities and the input schemas so a value the schema accepts always
 * fits its column on SQLite and PostgreSQL alike.
 */

/** Largest value of the int4 columns counts are stored in; PostgreSQL refuses anything above. */
export const MAX_COUNT = 2_147_483_647;

/** varchar lengths, in characters (PostgreSQL counts characters, and so does zod's max). */
export const MAX_EXERCISE_NAME = 255;
/** Longest muscle group name, in characters. */
export const MAX_MUSCLE_GROUP = 100;

/** Notes are a text column; the limit keeps a day's record small. */
export const MAX_NOTES = 2000;
