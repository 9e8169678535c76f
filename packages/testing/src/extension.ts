import { readExtension, type ExtensionClass } from "@agx-ext/core";
import { validateExtension, type LoadedExtension } from "@agx-ext/core/host";

/** A decorated extension class as the runtime gets it from discovery: checked the same way, with a stand-in package. */
export function loadedExtension(target: ExtensionClass): LoadedExtension {
  const definition = readExtension(target);
  if (!definition) throw new Error(`${target.name} is not decorated with @Extension`);
  const problems = validateExtension(definition);
  if (problems.length) throw new Error(`${definition.id}: ${problems.join("; ")}`);
  return { definition, package: { name: `@agx-ext/${definition.id}`, version: "0.0.0-test", dir: "", agx: { extension: "" } } };
}
