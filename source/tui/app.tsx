/**
 * The app: four list views (1–4, Tab), the company screen (Enter) and the brief (b)
 * stacked over them, the help overlay (?), a one-line notice, preferences saved as the
 * user changes sort, columns and filters. Data comes only through `services`.
 */
import React, {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Box, useApp, useInput} from 'ink';
import {VIEW_IDS, jobIsActive, type BrowseServices, type ViewId} from '../services/leads.js';
import type {Preferences, ViewPreferences} from '../config/preferences.js';
import {ActionsContext, EnvironmentContext, type AppActions, type AppEnvironment} from './app-context.js';
import {NoticeContext} from './notice-context.js';
import {buildKeymap, keyName, resolveAction, unknownActions, type InkKey} from './keys/keymap.js';
import {KeyRouterContext, type KeyHandler} from './keys/key-router.js';
import {resolveTheme} from './theme/theme.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import type {TableState} from './hooks/use-table-state.js';
import type {Notice} from './components/footer.js';
import {HelpOverlay} from './components/help-overlay.js';
import {ListScreen} from './screens/list-screen.js';
import {CompanyScreen} from './screens/company-screen.js';
import {BriefScreen} from './screens/brief-screen.js';

export type Screen = {kind: 'company'; domain: string} | {kind: 'brief'; domain: string};

export type AppProps = {
	services: BrowseServices;
	preferences: Preferences;
	/** Persists preferences (the CLI/TUI process is the only writer). */
	savePreferences?: (preferences: Preferences) => void;
	initialView?: ViewId;
	colorEnabled: boolean;
	/** Copies text (OSC 52 in a terminal). */
	clipboard?: (text: string) => void;
	/** Clock for data ages (tests pin it). */
	clock?: () => Date;
	/** How often ages re-render, ms (0: never). */
	tickMs?: number;
	notice?: Notice;
};

const WATCH_POLL_MS = 1000;
const NOTICE_MS = 6000;

export function App(props: AppProps) {
	const {services, colorEnabled} = props;
	const {exit} = useApp();
	const size = useTerminalSize();
	const clock = props.clock ?? (() => new Date());
	const [preferences, setPreferences] = useState(props.preferences);
	const keymap = useMemo(() => buildKeymap(preferences.keys), [preferences.keys]);
	const theme = useMemo(() => resolveTheme(preferences.theme, colorEnabled), [preferences.theme, colorEnabled]);
	const [view, setView] = useState<ViewId>(props.initialView ?? preferences.defaultView);
	const [stack, setStack] = useState<Screen[]>([]);
	const [help, setHelp] = useState(false);
	const [notice, setNotice] = useState<Notice | undefined>(() => {
		if (props.notice) return props.notice;
		const unknown = unknownActions(props.preferences.keys);
		return unknown.length ? {text: `preferences bind unknown actions: ${unknown.join(', ')} (see ? for the names)`, kind: 'error'} : undefined;
	});
	const [now, setNow] = useState(clock);
	const [dataEpoch, setDataEpoch] = useState(0);
	const tables = useRef(new Map<ViewId, TableState>());
	const watched = useRef(new Map<string, number>());
	const [watching, setWatching] = useState(0);

	const tickMs = props.tickMs ?? 1000;
	useEffect(() => {
		if (!tickMs) return;
		const timer = setInterval(() => setNow(clock()), tickMs);
		return () => clearInterval(timer);
	}, [tickMs]);

	useEffect(() => {
		if (!notice) return;
		const timer = setTimeout(() => setNotice(undefined), NOTICE_MS);
		return () => clearTimeout(timer);
	}, [notice]);

	// Enrichments started from the app: when every watched job has ended, lists refresh.
	useEffect(() => {
		if (watching === 0) return;
		const timer = setInterval(() => {
			const domains = [...watched.current.keys()];
			if (domains.length === 0) return;
			services
				.jobs(domains)
				.then((jobs) => {
					for (const job of jobs) {
						const since = watched.current.get(job.domain) ?? 0;
						const ended = !jobIsActive(job.status) && (job.createdAt?.getTime() ?? 0) >= since - 5000;
						if (ended) watched.current.delete(job.domain);
					}
					if (watched.current.size === 0) {
						setWatching(0);
						setDataEpoch((n) => n + 1);
						setNotice({text: `enrichment finished for ${domains.length === 1 ? domains[0] : `${domains.length} companies`}`, kind: 'info'});
					}
				})
				.catch(() => {});
		}, WATCH_POLL_MS);
		return () => clearInterval(timer);
	}, [watching, services]);

	const save = useCallback(
		(next: Preferences) => {
			setPreferences(next);
			try {
				props.savePreferences?.(next);
			} catch (error) {
				setNotice({text: `preferences not saved: ${(error as Error).message}`, kind: 'error'});
			}
		},
		[props.savePreferences],
	);
	const preferencesRef = useRef(preferences);
	preferencesRef.current = preferences;

	const actions = useMemo<AppActions>(
		() => ({
			notify: (text, kind = 'info') => setNotice({text, kind}),
			openCompany: (domain) => setStack((s) => [...s, {kind: 'company', domain}]),
			openBrief: (domain) => setStack((s) => [...s, {kind: 'brief', domain}]),
			back: () => setStack((s) => s.slice(0, -1)),
			quit: () => exit(),
			toggleHelp: () => setHelp((h) => !h),
			switchView: (target) =>
				setView((current) => {
					if (target === 'next' || target === 'previous') {
						const index = VIEW_IDS.indexOf(current);
						return VIEW_IDS[(index + (target === 'next' ? 1 : VIEW_IDS.length - 1)) % VIEW_IDS.length]!;
					}
					return target;
				}),
			copy: (text) => props.clipboard?.(text),
			saveViewPreferences: (viewId: ViewId, viewPreferences: ViewPreferences) => {
				const current = preferencesRef.current;
				save({...current, views: {...current.views, [viewId]: viewPreferences}});
			},
			rememberTable: (viewId, state) => tables.current.set(viewId, state),
			rememberedTable: (viewId) => tables.current.get(viewId),
			watchEnrichment: (domains) => {
				for (const domain of domains) watched.current.set(domain, Date.now());
				setWatching((n) => n + 1);
			},
		}),
		[exit, save],
	);

	// The one keyboard listener: the help overlay while it is open, else the screen on
	// top (see keys/key-router). One listener that stays also keeps Ink's raw-mode count
	// above zero while screens swap (at zero Ink detaches stdin and a pending Esc is lost).
	const screenKeys = useRef<KeyHandler | undefined>(undefined);
	const helpRef = useRef(help);
	helpRef.current = help;
	useInput((input, key) => {
		if (helpRef.current) {
			const action = resolveAction(keymap, keyName(input, key as InkKey), ['nav', 'global']);
			if (action === 'nav.back' || action === 'app.help') setHelp(false);
			else if (action === 'app.quit') exit();
			return;
		}
		screenKeys.current?.(input, key as InkKey);
	});

	const environment = useMemo<AppEnvironment>(() => ({services, keymap, theme, size, preferences, now, dataEpoch}), [services, keymap, theme, size, preferences, now, dataEpoch]);
	const top = stack.at(-1);
	const noticeValue = useMemo(() => ({notice}), [notice]);

	return (
		<KeyRouterContext.Provider value={screenKeys}>
		<EnvironmentContext.Provider value={environment}>
			<ActionsContext.Provider value={actions}>
				<NoticeContext.Provider value={noticeValue}>
					<Box flexDirection="column" width={size.columns}>
						{help ? (
							<HelpOverlay keymap={keymap} theme={theme} width={size.columns} height={size.rows - 1} />
						) : top?.kind === 'company' ? (
							<CompanyScreen key={`c:${top.domain}`} domain={top.domain} active={!help} />
						) : top?.kind === 'brief' ? (
							<BriefScreen key={`b:${top.domain}`} domain={top.domain} active={!help} />
						) : (
							<ListScreen key={view} view={view} active={!help} />
						)}
					</Box>
				</NoticeContext.Provider>
			</ActionsContext.Provider>
		</EnvironmentContext.Provider>
		</KeyRouterContext.Provider>
	);
}
