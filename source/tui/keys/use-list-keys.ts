/**
 * Keys of a list screen → the table's intents and the screen's named commands. No
 * component compares raw keys: everything goes through the keymap. While the filter
 * line is open, printable keys type into it. A chunk of several characters (paste,
 * tmux send-keys) is handled one character at a time.
 */
import type {MutableRefObject} from 'react';
import {keyName, resolveAction, type ActionName, type InkKey, type Keymap} from './keymap.js';
import type {TableIntents, TableState} from '../hooks/use-table-state.js';
import {useKeyHandler} from './key-router.js';

export type ListCommands = {
	total: () => number;
	height: number;
	sortable: readonly string[];
	allColumns: readonly string[];
	open: () => void;
	brief: () => void;
	enrich: () => void;
	mark: () => void;
	markAll: () => void;
	copy: () => void;
	exportView: () => void;
	refresh: () => void;
	bottom: () => void;
	global: (action: ActionName) => void;
};

export function useListKeys(options: {active: boolean; keymap: Keymap; stateRef: MutableRefObject<TableState>; intents: TableIntents; commands: ListCommands}) {
	const {active, keymap, stateRef, intents, commands} = options;
	useKeyHandler(
		(input, key) => {
			const special = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.return || key.escape || key.tab || key.backspace || key.delete || key.ctrl || key.meta || key.home || key.end;
			if (!special && input.length > 1) {
				for (const char of input) handle(char, {} as InkKey);
				return;
			}
			handle(input, key);
		},
		active,
	);

	function handle(input: string, key: InkKey) {
		const state = stateRef.current;
		const name = keyName(input, key);
		if (state.editingFilter) {
			if (name === 'return' || name === 'down' || name === 'up') intents.commitFilter();
			else if (name === 'escape') intents.clearFilter();
			else if (name === 'backspace') intents.deleteFilterChar();
			else if (name === 'ctrl+c') commands.global('app.quit');
			else if (!key.ctrl && !key.meta && input && !/[\u0000-\u001f]/.test(input)) intents.typeFilter(input);
			return;
		}
		if (state.picker.open) {
			const action = resolveAction(keymap, name, ['picker', 'nav', 'list', 'global']);
			const order = [...state.columns, ...commands.allColumns.filter((c) => !state.columns.includes(c))];
			const current = order[state.picker.index];
			switch (action) {
				case 'nav.down':
					return intents.pickerMove(1, order.length);
				case 'nav.up':
					return intents.pickerMove(-1, order.length);
				case 'list.mark':
					if (current) intents.toggleColumn(current, commands.allColumns);
					return;
				case 'picker.moveDown':
					if (current) intents.moveColumn(current, 1, commands.allColumns);
					return;
				case 'picker.moveUp':
					if (current) intents.moveColumn(current, -1, commands.allColumns);
					return;
				case 'nav.open':
				case 'nav.back':
				case 'list.columns':
					return intents.closePicker();
				case 'app.quit':
					return commands.global('app.quit');
				default:
					return;
			}
		}
		const action = resolveAction(keymap, name, ['nav', 'list', 'company', 'global']);
		const page = Math.max(1, commands.height - 1);
		switch (action) {
			case 'nav.down':
				return intents.moveBy(1, commands.total(), commands.height);
			case 'nav.up':
				return intents.moveBy(-1, commands.total(), commands.height);
			case 'nav.pageDown':
				return intents.moveBy(page, commands.total(), commands.height);
			case 'nav.pageUp':
				return intents.moveBy(-page, commands.total(), commands.height);
			case 'nav.top':
				return intents.moveTo(0, commands.total(), commands.height);
			case 'nav.bottom':
				return commands.bottom();
			case 'nav.open':
				return commands.open();
			case 'nav.back':
				return intents.clearFilter();
			case 'list.filter':
				return intents.startFilter();
			case 'list.sort':
				return intents.cycleSort(commands.sortable);
			case 'list.sortReverse':
				return intents.reverseSort();
			case 'list.columns':
				return intents.openPicker();
			case 'list.mark':
				return commands.mark();
			case 'list.markAll':
				return commands.markAll();
			case 'list.refresh':
				return commands.refresh();
			case 'list.copy':
				return commands.copy();
			case 'list.export':
				return commands.exportView();
			case 'company.brief':
				return commands.brief();
			case 'company.enrich':
				return commands.enrich();
			case undefined:
				return;
			default:
				return commands.global(action);
		}
	}
}
