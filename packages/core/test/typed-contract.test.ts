/**
 * Type tests of the contract: `tsc` (the typecheck script) compiles this file, so every `@ts-expect-error`
 * below is a mismatch that must NOT compile (tsc fails on an unused one), and every unmarked declaration
 * must compile. vitest runs the file too, which also proves the checked decorators still register.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  Command,
  CONTEXT,
  Extension,
  HTTP,
  inject,
  injectionToken,
  LOGGER,
  readExtension,
  SETTINGS,
  z,
  type CommandContext,
  type CommandInput,
  type CommandResult,
  type CommandReturn,
  type Logger,
  type NotProvided,
  type TokenType,
} from "../src/index.js";

const noteInput = z.object({ title: z.string(), tags: z.array(z.string()).default([]) });
const noteOutput = z.object({ id: z.number(), title: z.string() });
type NoteInput = z.output<typeof noteInput>;

interface Widget {
  label: string;
}
const WIDGET = injectionToken<Widget>("test.typed-contract.widget");

@Extension({ id: "typed", name: "Typed", description: "Commands whose signatures the compiler checks." })
class Typed {
  constructor(
    @inject(CONTEXT) private readonly context: CommandContext,
    @inject(WIDGET) private readonly widget: Widget,
    @inject(LOGGER) readonly logger: Logger,
    @inject(SETTINGS) readonly settings: { NOTES_URL: string },
  ) {}

  @Command({ name: "Save Note", description: "x", input: noteInput, output: noteOutput })
  async save(input: z.output<typeof noteInput>) {
    return { data: { id: input.tags.length, title: input.title } };
  }

  @Command({ name: "Save Note Sync", description: "x", input: noteInput, output: noteOutput })
  saveSync(input: NoteInput): CommandResult<{ id: number; title: string }> {
    return { data: { id: 1, title: input.title } };
  }

  @Command({ name: "Latest Note", description: "A method may ignore its input.", input: noteInput, output: noteOutput })
  async latest() {
    return { data: { id: 2, title: this.widget.label }, markdown: "# latest" };
  }

  @Command({ name: "Anything", description: "No output schema: any data." })
  async anything(input: Record<string, unknown>) {
    return { data: [input, this.context.userId] };
  }

  // --- mismatched inputs --------------------------------------------------------------------

  // @ts-expect-error reads a field the schema lacks
  @Command({ name: "Extra Field", description: "x", input: noteInput, output: noteOutput })
  async extraField(input: { title: string; tags: string[]; body: string }) {
    return { data: { id: input.body.length, title: input.title } };
  }

  // @ts-expect-error an optional extra field would compile under bivariance, and is refused too
  @Command({ name: "Optional Extra", description: "x", input: noteInput, output: noteOutput })
  async optionalExtra(input: { title: string; tags: string[]; body?: string }) {
    return { data: { id: 0, title: input.body ?? input.title } };
  }

  // @ts-expect-error a narrower input than the schema's output is refused as well: exactly z.output
  @Command({ name: "Narrower", description: "x", input: noteInput, output: noteOutput })
  async narrower(input: { title: string }) {
    return { data: { id: 0, title: input.title } };
  }

  // @ts-expect-error a field of the wrong type (tags are strings)
  @Command({ name: "Wrong Field Type", description: "x", input: noteInput, output: noteOutput })
  async wrongFieldType(input: { title: string; tags: number[] }) {
    return { data: { id: input.tags[0] ?? 0, title: input.title } };
  }

  // @ts-expect-error the schema's input side (tags optional) is not what the method gets
  @Command({ name: "Input Side", description: "x", input: noteInput, output: noteOutput })
  async inputSide(input: z.input<typeof noteInput>) {
    return { data: { id: 0, title: input.title } };
  }

  // @ts-expect-error without an input schema the method gets the raw object, not a typed one
  @Command({ name: "No Schema", description: "x", output: noteOutput })
  async noSchema(input: { title: string }) {
    return { data: { id: 0, title: input.title } };
  }

  // --- mismatched results -------------------------------------------------------------------

  // @ts-expect-error data of the wrong type
  @Command({ name: "Wrong Data", description: "x", input: noteInput, output: noteOutput })
  async wrongData(input: NoteInput) {
    return { data: { id: "1", title: input.title } };
  }

  // @ts-expect-error data missing a field the output schema requires
  @Command({ name: "Missing Field", description: "x", input: noteInput, output: noteOutput })
  async missingField(input: NoteInput) {
    return { data: { title: input.title } };
  }

  // @ts-expect-error not a CommandResult at all
  @Command({ name: "Bare Data", description: "x", output: noteOutput })
  async bareData() {
    return { id: 1, title: "x" };
  }

  // @ts-expect-error an untyped result hides the data's type, so it cannot be checked: refused
  @Command({ name: "Untyped Result", description: "x", output: noteOutput })
  async untypedResult(): Promise<CommandResult> {
    return { data: { id: 1, title: "x" } };
  }
}

describe("typed @Command", () => {
  it("gives the method the schema's output and expects the output schema's result", () => {
    expectTypeOf<CommandInput<typeof noteInput>>().toEqualTypeOf<{ title: string; tags: string[] }>();
    expectTypeOf<CommandInput<undefined>>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<CommandReturn<typeof noteOutput>>().toEqualTypeOf<CommandResult<{ id: number; title: string }>>();
    expectTypeOf<CommandReturn<undefined>>().toEqualTypeOf<CommandResult<unknown>>();
    expectTypeOf(Typed.prototype.save).parameter(0).toEqualTypeOf<{ title: string; tags: string[] }>();
  });

  it("still registers every decorated method, checked or not", () => {
    const definition = readExtension(Typed)!;
    expect(definition.commands.map((c) => c.method)).toEqual([
      "save",
      "saveSync",
      "latest",
      "anything",
      "extraField",
      "optionalExtra",
      "narrower",
      "wrongFieldType",
      "inputSide",
      "noSchema",
      "wrongData",
      "missingField",
      "bareData",
      "untypedResult",
    ]);
    expect(definition.commands[0]).toMatchObject({ name: "Save Note", input: noteInput, output: noteOutput });
  });
});

describe("typed injection tokens", () => {
  it("carry their type; a token of a package not in the program provides nothing injectable", () => {
    expectTypeOf<TokenType<typeof CONTEXT>>().toEqualTypeOf<CommandContext>();
    expectTypeOf<TokenType<typeof LOGGER>>().toEqualTypeOf<Logger>();
    expectTypeOf<TokenType<typeof WIDGET>>().toEqualTypeOf<Widget>();
    // @agx-ext/auth is not part of core's program, so nothing declares what HTTP provides here.
    expectTypeOf<TokenType<typeof HTTP>>().toEqualTypeOf<NotProvided<"http">>();
    expect(CONTEXT).toBe(Symbol.for("agx.CommandContext"));
    expect(WIDGET).toBe(injectionToken<Widget>("test.typed-contract.widget"));
  });

  it("compile only on constructor parameters whose type accepts the token's", () => {
    class Mismatched {
      constructor(
        // @ts-expect-error the context is not a Logger
        @inject(CONTEXT) readonly logger: Logger,
        // @ts-expect-error a Widget lacks what this parameter asks for
        @inject(WIDGET) readonly widget: { label: string; colour: string },
        // @ts-expect-error HTTP needs the package that provides it (@agx-ext/auth) in the program
        @inject(HTTP) readonly http: { get(url: string): Promise<unknown> },
        // A wider parameter type is fine: the value is still what it asks for.
        @inject(WIDGET) readonly anyWidget: { label: string } | undefined,
        @inject(WIDGET, { isOptional: true }) readonly optional?: Widget,
      ) {}
    }
    expect(Mismatched.length).toBe(5);
  });
});
