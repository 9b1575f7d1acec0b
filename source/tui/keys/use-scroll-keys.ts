/**
 * Keys of the text screens (company, brief): scrolling through the keymap's nav
 * actions, and the screen's own named commands for everything else.
 */
import type {MutableRefObject} from 'react';
import {keyName, resolveAction, type ActionName, type Keymap, type Scope} from './keymap.js';
import {useKeyHandler} from './key-router.js';

export function useScrollKeys(options: {active: boolean; keymap: Keymap; scopes: readonly Scope[]; topRef: MutableRefObject<number>; setTop: (top: number) => void; lineCount: () => number; height: number; command: (action: ActionName) => void}) {
	const {active, keymap, scopes, topRef, setTop, lineCount, height, command} = options;
	useKeyHandler(
		(input, key) => {
			const special = key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.return || key.escape || key.tab || key.ctrl || key.meta;
			const chunks = !special && input.length > 1 ? [...input] : [input];
			for (const chunk of chunks) {
				const name = keyName(chunk, chunks.length > 1 ? {} : key);
				const action = resolveAction(keymap, name, [...scopes, 'nav', 'global']);
				const max = Math.max(0, lineCount() - height);
				const go = (top: number) => {
					topRef.current = Math.max(0, Math.min(max, top));
					setTop(topRef.current);
				};
				switch (action) {
					case 'nav.down':
						go(topRef.current + 1);
						break;
					case 'nav.up':
						go(topRef.current - 1);
						break;
					case 'nav.pageDown':
						go(topRef.current + height - 1);
						break;
					case 'nav.pageUp':
						go(topRef.current - height + 1);
						break;
					case 'nav.top':
						go(0);
						break;
					case 'nav.bottom':
						go(max);
						break;
					case undefined:
						break;
					default:
						command(action);
				}
			}
		},
		active,
	);
}
