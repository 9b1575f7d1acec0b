/**
 * What every screen reads (services, keymap, theme, size, preferences) and the actions
 * it may ask of the app (notices, navigation, copy, saving preferences): a read context
 * and an actions context, so screens stay small and testable.
 */
import {createContext, useContext} from 'react';
import type {BrowseServices, ViewId} from '../services/leads.js';
import type {Preferences, ViewPreferences} from '../config/preferences.js';
import type {Keymap} from './keys/keymap.js';
import type {Theme} from './theme/theme.js';
import type {TerminalSize} from './hooks/use-terminal-size.js';
import type {TableState} from './hooks/use-table-state.js';

export type AppEnvironment = {
	services: BrowseServices;
	keymap: Keymap;
	theme: Theme;
	size: TerminalSize;
	preferences: Preferences;
	now: Date;
	/** Bumped when a watched enrichment ends: lists refresh. */
	dataEpoch: number;
};

export type AppActions = {
	notify: (text: string, kind?: 'info' | 'error') => void;
	openCompany: (domain: string) => void;
	openBrief: (domain: string) => void;
	back: () => void;
	quit: () => void;
	toggleHelp: () => void;
	switchView: (target: ViewId | 'next' | 'previous') => void;
	copy: (text: string) => void;
	saveViewPreferences: (view: ViewId, preferences: ViewPreferences) => void;
	/** Table states survive switching views and opening a company. */
	rememberTable: (view: ViewId, state: TableState) => void;
	rememberedTable: (view: ViewId) => TableState | undefined;
	/** Domains whose enrichment the app is watching (the list refreshes when they end). */
	watchEnrichment: (domains: readonly string[]) => void;
};

export const EnvironmentContext = createContext<AppEnvironment | undefined>(undefined);
export const ActionsContext = createContext<AppActions | undefined>(undefined);

export function useEnvironment(): AppEnvironment {
	const value = useContext(EnvironmentContext);
	if (!value) throw new Error('useEnvironment outside the app');
	return value;
}

export function useActions(): AppActions {
	const value = useContext(ActionsContext);
	if (!value) throw new Error('useActions outside the app');
	return value;
}
