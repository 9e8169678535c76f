/** Everything the templates call the new extension, derived from the one name the author typed. */
export interface ExtensionNames {
  /** Extension id and folder name: "acme-weather". */
  id: string;
  /** npm package name: "@agx-ext/acme-weather" unless chosen. */
  packageName: string;
  /** Class name: "AcmeWeather". */
  className: string;
  /** Human name: "Acme Weather". */
  displayName: string;
  /** Prefix of its setting names: "ACME_WEATHER". */
  settingPrefix: string;
}

// Same rule as core's extension id check, kept a little shorter so derived names stay readable.
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_ID = 50;
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/** Checks the name and derives the others; throws an Error with a sentence the author can act on. */
export function extensionNames(name: string, packageName?: string): ExtensionNames {
  if (!ID.test(name) || name.length > MAX_ID)
    throw new Error(
      `"${name}" is not a valid extension name: use lower-case letters, digits and single dashes, starting with a letter (at most ${MAX_ID} characters), e.g. "acme-weather".`,
    );
  const pkg = packageName ?? `@agx-ext/${name}`;
  if (!PACKAGE_NAME.test(pkg) || pkg.length > 214) throw new Error(`"${pkg}" is not a valid npm package name.`);
  const words = name.split("-");
  return {
    id: name,
    packageName: pkg,
    className: words.map(capitalize).join("").replace(/^(\d)/, "Ext$1"),
    displayName: words.map(capitalize).join(" "),
    settingPrefix: words.join("_").toUpperCase(),
  };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
