/**
 * What extension authors use: the decorators, zod, the injection tokens and their types, results and
 * errors, triggers, and the helpers for dates, formatting and paging. What only hosts (and the packages
 * that provide services to them) use lives in `@agx-ext/core/host`; `@agx-ext/core/catalog` is the light
 * entry that reads manifests without loading zod or the container. scripts/api-report.mjs pins all three.
 */
import "reflect-metadata";

export { z } from "zod";
export { injectable } from "tsyringe";
export { inject, type InjectDecorator } from "./inject.js";

export { Extension, Command, type CommandInput, type CommandMethod, type CommandReturn } from "./decorators.js";
export type { ExtensionOptions, CommandOptions, ExtensionClass } from "./definition.js";
export { readExtension } from "./metadata.js";
// Run by each extension package's build script, after tsc, to write its command manifest.
export { writePackageManifest } from "./write-manifest.js";
export { secret } from "./schema.js";

export { CommandError, isCommandError, ERROR_CODES, type ErrorCode, type CommandErrorOptions } from "./errors.js";
export { isCommandResult, type CommandResult } from "./result.js";
export type { CommandContext } from "./context.js";
export type { Logger, LogFields, LogLevel } from "./logger.js";
export {
  injectionToken,
  CONTEXT,
  LOGGER,
  SETTINGS,
  HTTP,
  AUTH,
  ENTITY_MANAGER,
  type Token,
  type TokenType,
  type InjectionTypes,
  type Provided,
  type NotProvided,
} from "./tokens.js";

export {
  Trigger,
  type TriggerOptions,
  type TriggerKind,
  type TriggerMethod,
  type TriggerEvent,
  type TriggerJson,
  type PollMethod,
  type PollInput,
  type PollResult,
  type WebhookMethod,
  type WebhookRequest,
  type WebhookResult,
  type WebhookEvent,
  type WebhookVerification,
  type WebhookSignature,
  type WebhookSharedSecret,
  type WebhookChallenge,
  type WebhookWake,
  type WebhookSetupContext,
  type WebhookSetupReport,
} from "./triggers.js";

export {
  SUPPORTED_DATES,
  isSupportedDate,
  isSupportedMonth,
  dateField,
  monthField,
  addDays,
  startOfWeek,
  daysInMonth,
  dateRange,
  isValidTimeZone,
} from "./dates.js";
export { todayIn, zoneOffsetMinutes, zonedToInstant, startOfDayIn, formatInZone } from "./zoned-time.js";
export { formatCount, formatDecimal, formatDuration, minutesFromSeconds, roundTo, percentOf } from "./format.js";
export { collectPages, type Page, type Paged, type PagingOptions } from "./paging.js";
export { keepValid, type ValidItems } from "./provider-data.js";
