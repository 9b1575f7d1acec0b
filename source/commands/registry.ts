/**
 * Every pf command, loaded lazily so a one-liner only pays for the modules it uses
 * (data commands never load ink or react). Each module's default export takes the
 * arguments after the command name and resolves to an exit code.
 */
export type CommandModule = {default: (argv: string[]) => Promise<number | void>};

export type CommandEntry = {summary: string; usage: string; load: () => Promise<CommandModule>};

export const commands: Record<string, CommandEntry> = {
	db: {summary: 'status, migrate, start or stop the database', usage: 'pf db status|migrate|start|stop [--json]', load: () => import('./db.js')},
	import: {summary: 'import the legacy PartnerForge SQLite database (reconciled table by table)', usage: 'pf import <legacy.sqlite> [--dry-run] [--json]', load: () => import('./import.js')},
	app: {summary: 'open the app (the default when pf has no command; hot leads as TSV in a pipe)', usage: 'pf [--view hot|targets|enrichment|jobs]', load: () => import('./app.js')},
	leads: {summary: 'leads by priority score (TSV piped, table on a TTY, --json)', usage: 'pf leads [--status HOT|WARM|COOL|COLD] [--limit N] [--json|--csv]', load: () => import('./leads.js')},
	targets: {summary: 'displacement targets (partner tech, not Algolia)', usage: 'pf targets [--priority HIGH|MEDIUM] [--limit N] [--json|--csv]', load: () => import('./targets.js')},
	company: {summary: 'every intel section of one company with source and age', usage: 'pf company <domain> [--json|--csv]', load: () => import('./company.js')},
	config: {summary: 'local preferences of the app: get, set, list, path', usage: 'pf config get|set|list|path', load: () => import('./config.js')},
	score: {summary: 'recompute and store scores; prints what changed (WARM → HOT)', usage: 'pf score [<domain>…] [--all] [--json]', load: () => import('./score.js')},
	brief: {summary: 'the Strategic Signal Brief of a company (text, --markdown, --json)', usage: 'pf brief <domain> [--json|--markdown] [--regenerate] [--version N] [--diff] | pf brief --all', load: () => import('./brief.js')},
	discover: {summary: 'find sites on a partner technology (BuiltWith Lists) and add the non-customers as targets', usage: 'pf discover <technology> [--since 30d] [--country CC] [--max N] [--dry-run] [--json]', load: () => import('./discover.js')},
	customers: {summary: 'the Algolia customer list: list, add, remove, reset, resolve, import', usage: 'pf customers list|add|remove|reset|resolve|import|status|history', load: () => import('./customers.js')},
	partners: {summary: 'the partner technology catalogue: list, add', usage: 'pf partners list|add', load: () => import('./partners.js')},
	enrich: {summary: 'enqueue enrichments of domains (--wait follows them)', usage: 'pf enrich <domain…> [--file F | -] [--modules a,b] [--priority N] [--ticker T] [--wait] [--json]', load: () => import('./enrich.js')},
	worker: {summary: 'run enrichment jobs and schedules (the second process)', usage: 'pf worker [--concurrency N]', load: () => import('./worker.js')},
	jobs: {summary: 'enrichment jobs: list, show, cancel, retry', usage: 'pf jobs [--status S] [--json] | pf jobs show|cancel|retry <id>', load: () => import('./jobs.js')},
	users: {summary: 'accounts: add, list, deactivate', usage: 'pf users add <email> [--role admin|user|readonly] | list | deactivate <email>', load: () => import('./users.js')},
	keys: {summary: 'API keys: create (shown once), list, revoke, save, whoami', usage: 'pf keys create --user <email> [--permissions read,enrich] [--expires D] [--json] | list | revoke <prefix> | save | whoami', load: () => import('./keys.js')},
	audit: {summary: 'the audit trail: user actions, or --changes for data changes', usage: 'pf audit [--domain D] [--user U] [--since T] [--changes] [--json]', load: () => import('./audit.js')},
	purge: {summary: 'apply the data retention policy (--dry-run lists what would go)', usage: 'pf purge [--dry-run] [--archive-dir DIR] [--json]', load: () => import('./purge.js')},
};
