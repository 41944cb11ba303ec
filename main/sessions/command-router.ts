// Routes session commands and queries to the component that owns their domain
// ("workflow.start" → the "workflow" handler). The core registers one handler per domain, so
// adding a capability never touches the gateway. Every command is an operator action and is
// logged at info with the session and client that made it (the control room's audit trail).
import type { SessionCommand, SessionQuery } from '../../shared/session-api';
import type { JsonValue } from '../../shared/json';
import type { Logger } from '../logging/logger';

export interface CommandContext {
  sessionId: string;
  client: string;
}

type Domain<T extends { type: string }> = T['type'] extends `${infer D}.${string}` ? D : never;
export type CommandDomain = Domain<SessionCommand>;
export type QueryDomain = Domain<SessionQuery>;

type CommandOf<D extends string> = Extract<SessionCommand, { type: `${D}.${string}` }>;
type QueryOf<D extends string> = Extract<SessionQuery, { type: `${D}.${string}` }>;

export type CommandHandler<D extends CommandDomain> = (command: CommandOf<D>, ctx: CommandContext) => Promise<JsonValue | void> | JsonValue | void;
export type QueryHandler<D extends QueryDomain> = (query: QueryOf<D>, ctx: CommandContext) => Promise<unknown> | unknown;

/** A refusal the asking session should see as is (no stack, no "Error:" prefix). */
export class CommandRefused extends Error {
  override name = 'CommandRefused';
}

/** Precondition that holds for every command (e.g. replay is read-only); returns the reason to refuse, or null. */
export type CommandGuard = (command: SessionCommand) => string | null;

export class CommandRouter {
  private readonly commands = new Map<string, CommandHandler<CommandDomain>>();
  private readonly queries = new Map<string, QueryHandler<QueryDomain>>();
  private readonly guards: CommandGuard[] = [];

  constructor(private readonly logger: Logger) {}

  handleCommands<D extends CommandDomain>(domain: D, handler: CommandHandler<D>): void {
    if (this.commands.has(domain)) throw new Error(`command domain ${domain} registered twice`);
    this.commands.set(domain, handler as unknown as CommandHandler<CommandDomain>);
  }

  handleQueries<D extends QueryDomain>(domain: D, handler: QueryHandler<D>): void {
    if (this.queries.has(domain)) throw new Error(`query domain ${domain} registered twice`);
    this.queries.set(domain, handler as unknown as QueryHandler<QueryDomain>);
  }

  addGuard(guard: CommandGuard): void {
    this.guards.push(guard);
  }

  async command(command: SessionCommand, ctx: CommandContext): Promise<JsonValue> {
    const fields = { session: ctx.sessionId, client: ctx.client, command: command.type, args: describe(command) };
    for (const guard of this.guards) {
      const reason = guard(command);
      if (reason) {
        this.logger.info('operator command refused', { ...fields, reason });
        throw new CommandRefused(reason);
      }
    }
    const handler = this.commands.get(domainOf(command.type));
    if (!handler) throw new CommandRefused(`no handler for ${command.type}`);
    this.logger.info('operator command', fields);
    try {
      return (await handler(command, ctx)) ?? null;
    } catch (err) {
      this.logger.info('operator command refused', { ...fields, reason: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }

  async query(query: SessionQuery, ctx: CommandContext): Promise<unknown> {
    const handler = this.queries.get(domainOf(query.type));
    if (!handler) throw new CommandRefused(`no handler for ${query.type}`);
    return handler(query, ctx);
  }
}

function domainOf(type: string): string {
  return type.slice(0, type.indexOf('.'));
}

/** The command's arguments for the audit log, bounded (a command may carry a large payload). */
function describe(command: SessionCommand): string {
  const { type: _type, ...rest } = command;
  const text = JSON.stringify(rest);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
