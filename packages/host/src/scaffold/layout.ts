/**
 * The one extension layout: a role has the same file name in every extension package, so a reader who
 * knows one extension finds their way in any other. The scaffold writes these files, and a host test
 * holds every extension of the repository to the required ones.
 */
export interface LayoutFile {
  /** Path inside the package. A trailing slash names a folder. */
  path: string;
  /** What lives there. */
  role: string;
  /** Every extension has it; the others appear when an extension needs them, under this name only. */
  required: boolean;
}

export const EXTENSION_LAYOUT: readonly LayoutFile[] = [
  { path: "src/index.ts", role: "re-exports the extension class (and nothing with side effects); no code of its own", required: true },
  { path: "src/extension.ts", role: "the @Extension class, with thin @Command methods; the only file that says @Extension", required: true },
  { path: "src/settings.ts", role: "the settings schema, when the extension has settings", required: false },
  { path: "src/inputs.ts", role: "the commands' input schemas", required: true },
  { path: "src/outputs.ts", role: "the commands' output schemas (the `data` of each result)", required: true },
  { path: "src/format.ts", role: "shapes provider answers into results: data views and markdown", required: false },
  { path: "src/commands/", role: "command bodies, one file per topic (an extension of several products has src/<product>/ folders instead)", required: false },
  { path: "test/harness.ts", role: "starts a test host (and the fake provider) for the tests", required: true },
  {
    path: "test/commands.test.ts",
    role: "what each command answers (an extension of several products splits it into test/<product>.test.ts)",
    required: false,
  },
  { path: "test/errors.test.ts", role: "how commands fail: provider faults, bad settings, lost connections", required: false },
];

/** The files every extension package has. */
export const REQUIRED_FILES = EXTENSION_LAYOUT.filter((file) => file.required).map((file) => file.path);
