/**
 * One keyboard listener for the whole app (in App), routing each key to the handler
 * of the screen on top. A screen registers its handler while it renders, not in an
 * effect, so a key that arrives right after a screen switch (keys typed ahead, tmux
 * send-keys) reaches the new screen instead of falling into the gap before effects run.
 */
import {createContext, useContext, type MutableRefObject} from 'react';
import type {InkKey} from './keymap.js';

export type KeyHandler = (input: string, key: InkKey) => void;

export const KeyRouterContext = createContext<MutableRefObject<KeyHandler | undefined> | undefined>(undefined);

export function useKeyHandler(handler: KeyHandler, active: boolean): void {
	const router = useContext(KeyRouterContext);
	if (router && active) router.current = handler;
}
