/**
 * The state of one list view: cursor and scroll window, filter (being typed or kept),
 * sort, visible columns, marks and the column picker. A pure reducer with intent
 * methods (`moveBy`, `typeFilter`, `cycleSort`…); the keys hook calls the intents, the
 * view renders from the state. Reading the state through the reducer means keys that
 * arrive together (paste, fast typing over ssh) never see a stale cursor.
 */
import {useMemo, useReducer, useRef, type MutableRefObject} from 'react';

export type SortOrder = {column: string; descending: boolean};

export type TableState = {
	cursor: number;
	top: number;
	/** Filter text applied to the query. */
	filter: string;
	/** True while the filter line has the keyboard. */
	editingFilter: boolean;
	sort: SortOrder;
	/** Keys of the visible columns, in order. */
	columns: string[];
	/** Marked rows: key → domain. */
	marks: Map<string, string>;
	picker: {open: boolean; index: number};
};

export type TableAction =
	| {type: 'moveBy'; delta: number; total: number; height: number}
	| {type: 'moveTo'; index: number; total: number; height: number}
	| {type: 'fit'; total: number; height: number}
	| {type: 'startFilter'}
	| {type: 'typeFilter'; text: string}
	| {type: 'deleteFilterChar'}
	| {type: 'commitFilter'}
	| {type: 'clearFilter'}
	| {type: 'cycleSort'; sortable: readonly string[]}
	| {type: 'reverseSort'}
	| {type: 'toggleMark'; key: string; domain: string}
	| {type: 'setMarks'; marks: ReadonlyMap<string, string>}
	| {type: 'clearMarks'}
	| {type: 'openPicker'}
	| {type: 'closePicker'}
	| {type: 'pickerMove'; delta: number; count: number}
	| {type: 'toggleColumn'; key: string; allColumns: readonly string[]}
	| {type: 'moveColumn'; key: string; delta: number; allColumns: readonly string[]}
	| {type: 'reset'; state: TableState};

export function initialTableState(options: {filter?: string; sort: SortOrder; columns: string[]}): TableState {
	return {cursor: 0, top: 0, filter: options.filter ?? '', editingFilter: false, sort: options.sort, columns: options.columns, marks: new Map(), picker: {open: false, index: 0}};
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/** Keeps the cursor inside the rows and the window around the cursor. */
function place(state: TableState, cursor: number, total: number, height: number): TableState {
	const rows = Math.max(1, height);
	const nextCursor = total === 0 ? 0 : clamp(cursor, 0, total - 1);
	let top = state.top;
	if (nextCursor < top) top = nextCursor;
	if (nextCursor >= top + rows) top = nextCursor - rows + 1;
	top = clamp(top, 0, Math.max(0, total - rows));
	if (nextCursor === state.cursor && top === state.top) return state;
	return {...state, cursor: nextCursor, top};
}

const startOfList = (state: TableState): TableState => ({...state, cursor: 0, top: 0});

export function tableReducer(state: TableState, action: TableAction): TableState {
	switch (action.type) {
		case 'moveBy':
			return place(state, state.cursor + action.delta, action.total, action.height);
		case 'moveTo':
			return place(state, action.index, action.total, action.height);
		case 'fit':
			return place(state, state.cursor, action.total, action.height);
		case 'startFilter':
			return {...state, editingFilter: true};
		case 'typeFilter':
			return startOfList({...state, filter: state.filter + action.text.replace(/[\r\n\t]/g, '')});
		case 'deleteFilterChar':
			return startOfList({...state, filter: [...state.filter].slice(0, -1).join('')});
		case 'commitFilter':
			return {...state, editingFilter: false};
		case 'clearFilter':
			return state.filter === '' && !state.editingFilter ? state : startOfList({...state, filter: '', editingFilter: false});
		case 'cycleSort': {
			if (action.sortable.length === 0) return state;
			const index = action.sortable.indexOf(state.sort.column);
			const column = action.sortable[(index + 1) % action.sortable.length]!;
			return startOfList({...state, sort: {column, descending: state.sort.descending}});
		}
		case 'reverseSort':
			return startOfList({...state, sort: {...state.sort, descending: !state.sort.descending}});
		case 'toggleMark': {
			const marks = new Map(state.marks);
			if (marks.has(action.key)) marks.delete(action.key);
			else marks.set(action.key, action.domain);
			return {...state, marks};
		}
		case 'setMarks':
			return {...state, marks: new Map(action.marks)};
		case 'clearMarks':
			return state.marks.size === 0 ? state : {...state, marks: new Map()};
		case 'openPicker':
			return {...state, picker: {open: true, index: 0}};
		case 'closePicker':
			return {...state, picker: {open: false, index: 0}};
		case 'pickerMove':
			return {...state, picker: {...state.picker, index: clamp(state.picker.index + action.delta, 0, Math.max(0, action.count - 1))}};
		case 'toggleColumn': {
			const shown = state.columns.includes(action.key);
			// The last visible column stays: an empty table helps nobody.
			if (shown && state.columns.length === 1) return state;
			return {...state, columns: shown ? state.columns.filter((c) => c !== action.key) : insertInPickerOrder(state.columns, action.key, action.allColumns)};
		}
		case 'moveColumn': {
			const order = pickerOrder(state.columns, action.allColumns);
			const from = order.indexOf(action.key);
			const to = clamp(from + action.delta, 0, order.length - 1);
			if (from < 0 || from === to) return state;
			order.splice(to, 0, ...order.splice(from, 1));
			return {...state, columns: order.filter((c) => state.columns.includes(c)), picker: {...state.picker, index: to}};
		}
		case 'reset':
			return action.state;
	}
}

/** The picker lists visible columns first (in their order), then the hidden ones. */
export function pickerOrder(visible: readonly string[], all: readonly string[]): string[] {
	return [...visible, ...all.filter((c) => !visible.includes(c))];
}

function insertInPickerOrder(visible: readonly string[], key: string, all: readonly string[]): string[] {
	return [...visible, key].filter((c, i, list) => list.indexOf(c) === i && all.includes(c));
}

export type TableIntents = ReturnType<typeof tableIntents>;

/** Named intents over a dispatch; the keys hook calls only these. */
export function tableIntents(dispatch: (action: TableAction) => void) {
	return {
		moveBy: (delta: number, total: number, height: number) => dispatch({type: 'moveBy', delta, total, height}),
		moveTo: (index: number, total: number, height: number) => dispatch({type: 'moveTo', index, total, height}),
		fit: (total: number, height: number) => dispatch({type: 'fit', total, height}),
		startFilter: () => dispatch({type: 'startFilter'}),
		typeFilter: (text: string) => dispatch({type: 'typeFilter', text}),
		deleteFilterChar: () => dispatch({type: 'deleteFilterChar'}),
		commitFilter: () => dispatch({type: 'commitFilter'}),
		clearFilter: () => dispatch({type: 'clearFilter'}),
		cycleSort: (sortable: readonly string[]) => dispatch({type: 'cycleSort', sortable}),
		reverseSort: () => dispatch({type: 'reverseSort'}),
		toggleMark: (key: string, domain: string) => dispatch({type: 'toggleMark', key, domain}),
		setMarks: (marks: ReadonlyMap<string, string>) => dispatch({type: 'setMarks', marks}),
		clearMarks: () => dispatch({type: 'clearMarks'}),
		openPicker: () => dispatch({type: 'openPicker'}),
		closePicker: () => dispatch({type: 'closePicker'}),
		pickerMove: (delta: number, count: number) => dispatch({type: 'pickerMove', delta, count}),
		toggleColumn: (key: string, allColumns: readonly string[]) => dispatch({type: 'toggleColumn', key, allColumns}),
		moveColumn: (key: string, delta: number, allColumns: readonly string[]) => dispatch({type: 'moveColumn', key, delta, allColumns}),
		reset: (state: TableState) => dispatch({type: 'reset', state}),
	};
}

/**
 * The state, its intents, and a ref that is always the latest state: key handlers read
 * the ref, so keys that arrive in one chunk (Enter right after j) act on the cursor the
 * previous key moved, not on the last rendered one.
 */
export function useTableState(initial: () => TableState): [TableState, TableIntents, MutableRefObject<TableState>] {
	const ref = useRef<TableState | undefined>(undefined);
	if (ref.current === undefined) ref.current = initial();
	const [, rerender] = useReducer((n: number) => n + 1, 0);
	const intents = useMemo(
		() =>
			tableIntents((action) => {
				const next = tableReducer(ref.current!, action);
				if (next !== ref.current) {
					ref.current = next;
					rerender();
				}
			}),
		[],
	);
	return [ref.current, intents, ref as MutableRefObject<TableState>];
}
