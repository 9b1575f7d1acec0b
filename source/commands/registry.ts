/**
 * Every pf command, loaded lazily so a one-liner only pays for the modules it uses
 * (data commands never load ink or react). Each module's default export takes the
 * arguments after the command name and resolves to an exit code.
 */
export type CommandModule = {default: (argv: string[]) => Promise<number | void>};

export type CommandEntry = {summary: string; usage: string; load: () => Promise<CommandModule>};

export const commands: Record<string, CommandEntry> = {
	db: {summary: 'status, migrate, start or stop the database', usage: 'pf db status|migrate|start|stop [--json]', load: () => import('./db.js')},
};
