/**
 * Pure parts of the app: key names and rebinding, the table reducer (moves, filter,
 * sort, marks, column picker), column layout by width, cell formats and charts.
 */
import {describe, expect, it} from 'vitest';
import {ACTIONS, buildKeymap, displayKey, keyName, resolveAction, unknownActions} from '../../source/tui/keys/keymap.js';
import {initialTableState, pickerOrder, tableReducer, type TableState} from '../../source/tui/hooks/use-table-state.js';
import {chosenColumns, layoutColumns, tableHeight} from '../../source/tui/components/table-layout.js';
import {VIEWS} from '../../source/services/leads.js';
import {age, bar, cellDisplay, compactNumber, fit, progressText, sparkline, wrap} from '../../source/tui/format.js';

describe('keymap', () => {
	it('names keys the way bindings are written', () => {
		expect(keyName('j', {})).toBe('j');
		expect(keyName('G', {shift: true})).toBe('G');
		expect(keyName('', {downArrow: true})).toBe('down');
		expect(keyName('', {pageDown: true})).toBe('pagedown');
		expect(keyName('d', {ctrl: true})).toBe('ctrl+d');
		expect(keyName('', {tab: true, shift: true})).toBe('shift+tab');
		expect(keyName(' ', {})).toBe('space');
		expect(keyName('\r', {return: true})).toBe('return');
		expect(keyName('\n', {})).toBe('return');
	});

	it('has every key of the UX conventions bound by default', () => {
		const keymap = buildKeymap();
		const expectBound = (key: string, action: string) => expect(keymap.actionsFor(key)).toContain(action);
		expectBound('j', 'nav.down');
		expectBound('down', 'nav.down');
		expectBound('k', 'nav.up');
		expectBound('g', 'nav.top');
		expectBound('G', 'nav.bottom');
		expectBound('home', 'nav.top');
		expectBound('end', 'nav.bottom');
		expectBound('pagedown', 'nav.pageDown');
		expectBound('ctrl+d', 'nav.pageDown');
		expectBound('ctrl+u', 'nav.pageUp');
		expectBound('/', 'list.filter');
		expectBound('escape', 'nav.back');
		expectBound('s', 'list.sort');
		expectBound('S', 'list.sortReverse');
		expectBound('return', 'nav.open');
		expectBound('b', 'company.brief');
		expectBound('e', 'company.enrich');
		for (const [key, view] of [['1', 'view.hot'], ['2', 'view.targets'], ['3', 'view.enrichment'], ['4', 'view.jobs']]) expectBound(key!, view!);
		expectBound('tab', 'view.next');
		expectBound('shift+tab', 'view.previous');
		expectBound('?', 'app.help');
		expectBound('r', 'list.refresh');
		expectBound('space', 'list.mark');
		expectBound('*', 'list.markAll');
		expectBound('y', 'list.copy');
		expectBound('x', 'list.export');
		expectBound('q', 'app.quit');
		expectBound('ctrl+c', 'app.quit');
	});

	it('rebinding replaces an action’s keys; ctrl+c always quits; unknown names are reported', () => {
		const keymap = buildKeymap({'nav.down': ['n'], 'app.quit': ['Q']});
		expect(keymap.keysOf('nav.down')).toEqual(['n']);
		expect(keymap.actionsFor('j')).toEqual([]);
		expect(resolveAction(keymap, 'n', ['nav'])).toBe('nav.down');
		expect(resolveAction(keymap, 'ctrl+c', ['global'])).toBe('app.quit');
		expect(unknownActions({'nav.dwon': ['x'], 'nav.up': ['k']})).toEqual(['nav.dwon']);
		expect(ACTIONS.every((a) => a.description.length > 0)).toBe(true);
	});

	it('resolves a key by the scopes of the screen, in order', () => {
		const keymap = buildKeymap({'list.sort': ['j']});
		expect(resolveAction(keymap, 'j', ['list', 'nav'])).toBe('list.sort');
		expect(resolveAction(keymap, 'j', ['nav', 'list'])).toBe('nav.down');
		expect(displayKey('pagedown')).toBe('PgDn');
		expect(displayKey('ctrl+d')).toBe('^d');
	});
});

describe('table state', () => {
	const base = () => initialTableState({sort: {column: 'priority_score', descending: true}, columns: ['domain', 'company_name', 'priority_score']});
	const run = (state: TableState, ...actions: Parameters<typeof tableReducer>[1][]) => actions.reduce(tableReducer, state);

	it('moves inside the rows and keeps the window around the cursor', () => {
		let state = run(base(), {type: 'moveBy', delta: 1, total: 1000, height: 10});
		expect([state.cursor, state.top]).toEqual([1, 0]);
		state = run(state, {type: 'moveBy', delta: 15, total: 1000, height: 10});
		expect([state.cursor, state.top]).toEqual([16, 7]);
		state = run(state, {type: 'moveTo', index: 999_999, total: 1000, height: 10});
		expect([state.cursor, state.top]).toEqual([999, 990]);
		state = run(state, {type: 'moveBy', delta: -5000, total: 1000, height: 10});
		expect([state.cursor, state.top]).toEqual([0, 0]);
		state = run(state, {type: 'moveTo', index: 50, total: 1000, height: 10}, {type: 'fit', total: 20, height: 10});
		expect([state.cursor, state.top]).toEqual([19, 10]);
		expect(run(base(), {type: 'moveBy', delta: 1, total: 0, height: 10}).cursor).toBe(0);
	});

	it('types, deletes, keeps and clears the filter, back at the top each time', () => {
		let state = run(base(), {type: 'moveTo', index: 30, total: 100, height: 10}, {type: 'startFilter'}, {type: 'typeFilter', text: 'ac'}, {type: 'typeFilter', text: 'me\n'});
		expect(state.filter).toBe('acme');
		expect(state.cursor).toBe(0);
		state = run(state, {type: 'deleteFilterChar'}, {type: 'commitFilter'});
		expect([state.filter, state.editingFilter]).toEqual(['acm', false]);
		state = run(state, {type: 'clearFilter'});
		expect([state.filter, state.editingFilter]).toEqual(['', false]);
	});

	it('cycles the sort column and reverses it', () => {
		let state = run(base(), {type: 'cycleSort', sortable: ['domain', 'priority_score', 'icp_tier']});
		expect(state.sort).toEqual({column: 'icp_tier', descending: true});
		state = run(state, {type: 'cycleSort', sortable: ['domain', 'priority_score', 'icp_tier']}, {type: 'reverseSort'});
		expect(state.sort).toEqual({column: 'domain', descending: false});
	});

	it('marks, unmarks and clears rows', () => {
		let state = run(base(), {type: 'toggleMark', key: 'a.com', domain: 'a.com'}, {type: 'toggleMark', key: 'b.com', domain: 'b.com'}, {type: 'toggleMark', key: 'a.com', domain: 'a.com'});
		expect([...state.marks.keys()]).toEqual(['b.com']);
		state = run(state, {type: 'clearMarks'});
		expect(state.marks.size).toBe(0);
	});

	it('shows, hides and reorders columns, never hiding the last one', () => {
		const all = ['domain', 'company_name', 'priority_score', 'icp_tier'];
		let state = run(base(), {type: 'toggleColumn', key: 'company_name', allColumns: all}, {type: 'toggleColumn', key: 'icp_tier', allColumns: all});
		expect(state.columns).toEqual(['domain', 'priority_score', 'icp_tier']);
		state = run(state, {type: 'moveColumn', key: 'icp_tier', delta: -2, allColumns: all});
		expect(state.columns).toEqual(['icp_tier', 'domain', 'priority_score']);
		expect(pickerOrder(state.columns, all)).toEqual(['icp_tier', 'domain', 'priority_score', 'company_name']);
		state = run(state, {type: 'toggleColumn', key: 'icp_tier', allColumns: all}, {type: 'toggleColumn', key: 'domain', allColumns: all}, {type: 'toggleColumn', key: 'priority_score', allColumns: all});
		expect(state.columns).toEqual(['priority_score']);
	});
});

describe('layout by width', () => {
	const hot = VIEWS.hot;
	const keys = (width: number) => layoutColumns(hot, chosenColumns(hot, null), width).map((c) => c.key);

	it('keeps every default column on a wide terminal, drops priority 3 under 100 and 2 under 60', () => {
		expect(keys(200)).toEqual(chosenColumns(hot, null));
		expect(keys(99).some((key) => hot.columns.find((c) => c.key === key)!.priority === 3)).toBe(false);
		expect(keys(59).every((key) => hot.columns.find((c) => c.key === key)!.priority === 1)).toBe(true);
		for (const width of [40, 59, 80, 99, 120, 200]) {
			const columns = layoutColumns(hot, chosenColumns(hot, null), width);
			expect(columns.reduce((sum, c) => sum + c.shownWidth + 1, 2), `width ${width}`).toBeLessThanOrEqual(width);
		}
	});

	it('ignores unknown columns in preferences and falls back to the defaults', () => {
		expect(chosenColumns(hot, ['nope', 'domain'])).toEqual(['domain']);
		expect(chosenColumns(hot, ['nope'])).toEqual(chosenColumns(hot, null));
		expect(tableHeight(24, 100)).toBe(16);
		expect(tableHeight(24, 50)).toBe(18);
	});
});

describe('formats and charts', () => {
	it('formats numbers, money, ages and progress', () => {
		expect(compactNumber(12_500_000)).toBe('13M');
		expect(compactNumber(1_250_000)).toBe('1.3M');
		expect(cellDisplay('money', '357000000000')).toBe('$357B');
		expect(cellDisplay('count', 9500)).toBe('9,500');
		const now = new Date('2026-11-25T12:00:00Z');
		expect(age(new Date('2026-11-22T12:00:00Z'), now)).toBe('3d');
		expect(age(new Date('2026-11-25T11:59:58Z'), now)).toBe('now');
		expect(progressText(2, 1, 6, 6)).toBe('███░░░ 3/6 !1');
		expect(cellDisplay('progress', {requested: 4, completed: 4, failed: 0})).toBe('██████ 4/4');
	});

	it('fits, wraps and draws', () => {
		expect(fit('abcdef', 4)).toBe('abc…');
		expect(fit('ab', 4, 'right')).toBe('  ab');
		expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
		expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
		expect(sparkline([5, 5])).toBe('▄▄');
		expect(bar(50, 100, 10)).toBe('█████');
	});
});
