/**
 * Who may do what. Accounts have a role (admin, user, readonly); keys carry
 * permissions (read, enrich, admin). What a key may do is what both its permissions
 * and its account's role allow: a readonly account's key never enqueues, whatever
 * permissions were written on it.
 *
 * Pure: no I/O.
 */

export const roles = ['admin', 'user', 'readonly'] as const;
export type Role = (typeof roles)[number];

export const permissions = ['read', 'enrich', 'admin'] as const;
export type Permission = (typeof permissions)[number];

/** Every action pf guards or audits, and the permission it needs. */
export const actionPermission = {
	'brief.read': 'read',
	'leads.read': 'read',
	'export': 'read',
	'enrich.enqueue': 'enrich',
	'import': 'admin',
	'users.add': 'admin',
	'users.deactivate': 'admin',
	'users.list': 'admin',
	'keys.create': 'admin',
	'keys.revoke': 'admin',
	'keys.list': 'admin',
	'audit.read': 'admin',
	'purge': 'admin',
	'config.push': 'read',
	'config.pull': 'read',
	/** Other writes of analysis data: `pf score`, `pf brief --regenerate/--all`, `pf discover`. */
	'data.write': 'enrich',
	/** Shared reference lists: `pf customers add/remove/import`, `pf partners add`. */
	'catalogue.write': 'admin',
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof actionPermission;

/**
 * Actions that change data. With accounts in the database they need a valid key; a
 * read may also be done without one (anonymous), as the single-user install did.
 */
export const writeActions: ReadonlySet<Action> = new Set<Action>(['enrich.enqueue', 'import', 'users.add', 'users.deactivate', 'keys.create', 'keys.revoke', 'purge', 'config.push', 'data.write', 'catalogue.write']);

/** Actions whose every occurrence leaves one row in audit_user_actions. */
export const auditedActions: ReadonlySet<Action> = new Set<Action>(['brief.read', 'enrich.enqueue', 'export', 'import', 'users.add', 'users.deactivate', 'keys.create', 'keys.revoke', 'purge']);

/** What each role allows at most. */
export const rolePermissions: Record<Role, readonly Permission[]> = {
	admin: ['read', 'enrich', 'admin'],
	user: ['read', 'enrich'],
	readonly: ['read'],
};

export function isRole(value: string): value is Role {
	return (roles as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
	return (permissions as readonly string[]).includes(value);
}

export function isAction(value: string): value is Action {
	return Object.hasOwn(actionPermission, value);
}

/** Parses `read,enrich` into permissions; unknown names are returned separately. */
export function parsePermissions(text: string): {valid: Permission[]; unknown: string[]} {
	const names = text.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
	const valid = [...new Set(names.filter(isPermission))];
	return {valid, unknown: names.filter((name) => !isPermission(name))};
}

/** The permissions a key really has: those on the key that its account's role allows. */
export function effectivePermissions(role: Role, keyPermissions: readonly string[]): Permission[] {
	const allowed = rolePermissions[role];
	const onKey = keyPermissions.filter(isPermission);
	// `admin` on a key implies everything its role allows.
	if (onKey.includes('admin')) return [...allowed];
	return allowed.filter((permission) => onKey.includes(permission));
}

/** Whether a set of effective permissions covers an action. */
export function permits(effective: readonly Permission[], action: Action): boolean {
	return effective.includes(actionPermission[action]);
}
