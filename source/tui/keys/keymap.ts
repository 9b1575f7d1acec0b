/**
 * Every key of the app as a named action (docs/ux-conventions keymap), so keys are
 * rebindable through preferences (`pf config set keys.nav.down "j,down"`) and no
 * component compares raw keys. Pure: no ink import; `keyName` takes ink's key shape.
 */
export type Scope = 'global' | 'nav' | 'list' | 'company' | 'brief' | 'picker';

export type ActionName =
	| 'app.quit'
	| 'app.help'
	| 'view.next'
	| 'view.previous'
	| 'view.hot'
	| 'view.targets'
	| 'view.enrichment'
	| 'view.jobs'
	| 'nav.down'
	| 'nav.up'
	| 'nav.top'
	| 'nav.bottom'
	| 'nav.pageDown'
	| 'nav.pageUp'
	| 'nav.open'
	| 'nav.back'
	| 'list.filter'
	| 'list.sort'
	| 'list.sortReverse'
	| 'list.columns'
	| 'list.mark'
	| 'list.markAll'
	| 'list.refresh'
	| 'list.copy'
	| 'list.export'
	| 'company.brief'
	| 'company.enrich'
	| 'company.customer'
	| 'picker.moveDown'
	| 'picker.moveUp';

export type ActionDefinition = {name: ActionName; scope: Scope; keys: readonly string[]; description: string};

/** The default bindings, in the order the help overlay lists them. */
export const ACTIONS: readonly ActionDefinition[] = [
	{name: 'nav.down', scope: 'nav', keys: ['j', 'down'], description: 'move down'},
	{name: 'nav.up', scope: 'nav', keys: ['k', 'up'], description: 'move up'},
	{name: 'nav.top', scope: 'nav', keys: ['g', 'home'], description: 'top'},
	{name: 'nav.bottom', scope: 'nav', keys: ['G', 'end'], description: 'bottom'},
	{name: 'nav.pageDown', scope: 'nav', keys: ['pagedown', 'ctrl+d'], description: 'page down'},
	{name: 'nav.pageUp', scope: 'nav', keys: ['pageup', 'ctrl+u'], description: 'page up'},
	{name: 'nav.open', scope: 'nav', keys: ['return'], description: 'open the company'},
	{name: 'nav.back', scope: 'nav', keys: ['escape'], description: 'back (clears the filter in a list)'},
	{name: 'list.filter', scope: 'list', keys: ['/'], description: 'filter (Enter keeps it, Esc clears)'},
	{name: 'list.sort', scope: 'list', keys: ['s'], description: 'sort by the next column'},
	{name: 'list.sortReverse', scope: 'list', keys: ['S'], description: 'reverse the sort'},
	{name: 'list.columns', scope: 'list', keys: ['c'], description: 'pick, hide and reorder columns'},
	{name: 'list.mark', scope: 'list', keys: ['space'], description: 'mark the row'},
	{name: 'list.markAll', scope: 'list', keys: ['*'], description: 'mark all rows / clear marks'},
	{name: 'list.refresh', scope: 'list', keys: ['r'], description: 'refresh'},
	{name: 'list.copy', scope: 'list', keys: ['y'], description: 'copy the domain(s) (OSC 52)'},
	{name: 'list.export', scope: 'list', keys: ['x'], description: 'export what the view shows'},
	{name: 'company.brief', scope: 'company', keys: ['b'], description: "open the company's brief"},
	{name: 'company.enrich', scope: 'company', keys: ['e'], description: 'enrich (the marked rows, if any)'},
	{name: 'company.customer', scope: 'company', keys: ['C'], description: 'mark as customer / not customer'},
	{name: 'picker.moveDown', scope: 'picker', keys: ['J'], description: 'move the column down (column picker)'},
	{name: 'picker.moveUp', scope: 'picker', keys: ['K'], description: 'move the column up (column picker)'},
	{name: 'view.hot', scope: 'global', keys: ['1'], description: 'Hot leads'},
	{name: 'view.targets', scope: 'global', keys: ['2'], description: 'Displacement targets'},
	{name: 'view.enrichment', scope: 'global', keys: ['3'], description: 'Enrichment'},
	{name: 'view.jobs', scope: 'global', keys: ['4'], description: 'Jobs'},
	{name: 'view.next', scope: 'global', keys: ['tab'], description: 'next view'},
	{name: 'view.previous', scope: 'global', keys: ['shift+tab'], description: 'previous view'},
	{name: 'app.help', scope: 'global', keys: ['?'], description: 'this help'},
	{name: 'app.quit', scope: 'global', keys: ['q', 'ctrl+c'], description: 'quit'},
];

export type Keymap = {keysOf: (action: ActionName) => readonly string[]; actionsFor: (key: string) => readonly ActionName[]};

/** The bindings after the user's overrides (an override replaces that action's keys). */
export function buildKeymap(overrides: Record<string, readonly string[]> = {}): Keymap {
	const keys = new Map<ActionName, readonly string[]>();
	const byKey = new Map<string, ActionName[]>();
	for (const action of ACTIONS) {
		const bound = overrides[action.name] ?? action.keys;
		keys.set(action.name, bound);
		for (const key of bound) byKey.set(key, [...(byKey.get(key) ?? []), action.name]);
	}
	// ctrl+c always quits, whatever the bindings say: a user must never be locked in.
	if (!byKey.get('ctrl+c')?.includes('app.quit')) byKey.set('ctrl+c', [...(byKey.get('ctrl+c') ?? []), 'app.quit']);
	return {keysOf: (action) => keys.get(action) ?? [], actionsFor: (key) => byKey.get(key) ?? []};
}

/** Names of actions that are not real (a typo in preferences), for a warning. */
export function unknownActions(overrides: Record<string, unknown>): string[] {
	const known = new Set<string>(ACTIONS.map((a) => a.name));
	return Object.keys(overrides).filter((name) => !known.has(name));
}

export type InkKey = {
	upArrow?: boolean;
	downArrow?: boolean;
	leftArrow?: boolean;
	rightArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
	return?: boolean;
	escape?: boolean;
	ctrl?: boolean;
	shift?: boolean;
	tab?: boolean;
	backspace?: boolean;
	delete?: boolean;
	meta?: boolean;
};

/** A key press as a binding name: `j`, `G`, `down`, `pagedown`, `ctrl+d`, `shift+tab`, `space`, `return`. */
export function keyName(input: string, key: InkKey): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	// A newline is Enter too: keys typed before raw mode arrive as a cooked line.
	if (key.return || input === '\r' || input === '\n') return 'return';
	if (key.escape) return 'escape';
	if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	if (key.backspace || key.delete) return 'backspace';
	if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
	if (input === ' ') return 'space';
	return input;
}

/** The first action bound to `key` among the scopes active on a screen. */
export function resolveAction(keymap: Keymap, key: string, scopes: readonly Scope[]): ActionName | undefined {
	const candidates = keymap.actionsFor(key);
	for (const scope of scopes) {
		const found = candidates.find((name) => ACTIONS.find((a) => a.name === name)?.scope === scope);
		if (found) return found;
	}
	return undefined;
}

/** A binding as shown in hints: `j/↓`, `PgDn`, `^d`. */
export function displayKey(key: string): string {
	const names: Record<string, string> = {down: '↓', up: '↑', left: '←', right: '→', pagedown: 'PgDn', pageup: 'PgUp', home: 'Home', end: 'End', return: 'Enter', escape: 'Esc', tab: 'Tab', 'shift+tab': 'S-Tab', space: 'Space', backspace: 'Bksp'};
	if (names[key]) return names[key]!;
	if (key.startsWith('ctrl+')) return `^${key.slice(5)}`;
	return key;
}
