/** Host-wide setting values by name (environment, config file...). */
export interface SettingsSource {
  get(key: string): string | undefined;
}

export type SettingValues = Readonly<Record<string, string | undefined>>;

export function objectSettings(values: SettingValues): SettingsSource {
  return { get: (key) => values[key] };
}

/** The first source that has a non-empty value wins. */
export function layeredSettings(...sources: SettingsSource[]): SettingsSource {
  return {
    get(key) {
      for (const source of sources) {
        const value = source.get(key);
        if (value !== undefined && value !== "") return value;
      }
      return undefined;
    },
  };
}
