import type { CommandDefinition } from "./definition.js";
import type { ExtensionPackage, LoadedExtension } from "./discovery.js";
import { sameManifest, type ExtensionManifest } from "./manifest.js";

/**
 * An installed extension as the host knows it: always its manifest, and its code once imported.
 * Listing needs only the manifest; the first call imports the code (once, shared by concurrent calls).
 */
export class ExtensionHandle {
  private pending: Promise<LoadedExtension> | undefined;
  private commandsByName = new Map<string, CommandDefinition>();
  /** Set when the imported code described itself differently from the shipped manifest. */
  staleManifest = false;

  private constructor(
    public manifest: ExtensionManifest,
    readonly pkg: ExtensionPackage,
    private readonly importer: () => Promise<LoadedExtension>,
    public loaded: LoadedExtension | undefined,
  ) {
    if (loaded) this.index(loaded);
  }

  /** A handle for code already imported (no manifest file, a stale one, or a test), described by `manifestOf`. */
  static fromLoaded(loaded: LoadedExtension, manifest: ExtensionManifest): ExtensionHandle {
    return new ExtensionHandle(manifest, loaded.package, async () => loaded, loaded);
  }

  /** A handle from a shipped manifest; `importer` brings the code on first use. */
  static lazy(manifest: ExtensionManifest, pkg: ExtensionPackage, importer: () => Promise<LoadedExtension>): ExtensionHandle {
    return new ExtensionHandle(manifest, pkg, importer, undefined);
  }

  get id(): string {
    return this.manifest.id;
  }

  /** Database entities need the code when the database starts (auth starts from the manifest alone). */
  get hasEntities(): boolean {
    return this.manifest.entities > 0;
  }

  load(): Promise<LoadedExtension> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.pending ??= this.importer().then(
      async (loaded) => {
        // Imported here, not at the top: listing from manifests never needs zod.
        const { manifestOf } = await import("./manifest-of.js");
        const actual = manifestOf(loaded.definition);
        // The code wins over a manifest from an older build.
        if (!sameManifest(actual, this.manifest)) {
          this.manifest = actual;
          this.staleManifest = true;
        }
        this.index(loaded);
        this.loaded = loaded;
        return loaded;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return this.pending;
  }

  /** The command's live definition, once loaded. */
  command(name: string): CommandDefinition | undefined {
    return this.commandsByName.get(name);
  }

  private index(loaded: LoadedExtension): void {
    this.commandsByName = new Map(loaded.definition.commands.map((c) => [c.name, c]));
  }
}
