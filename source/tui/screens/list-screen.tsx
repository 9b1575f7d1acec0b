/**
 * A list view (hot leads, displacement targets, enrichment, jobs):
 *
 *   1 Hot leads  2 Targets  3 Enrichment  4 Jobs                 sort priority ↓
 *   / acme▏                                                        2 marked
 *     Domain               Company            Priority Tier …
 *   ● acme.com             Acme Inc.                97    1
 *   (details of the selected row)
 *   · notice
 *   j/k move  / filter  s sort  Enter open  e enrich  ? help       12/1,204 · 5s ago
 */
import React, {useContext, useEffect, useMemo, useRef} from 'react';
import {Box, Text} from 'ink';
import path from 'node:path';
import {VIEWS, VIEW_IDS, jobIsActive, validSort, type ListRow, type ViewId} from '../../services/leads.js';
import {useActions, useEnvironment} from '../app-context.js';
import {initialTableState, useTableState} from '../hooks/use-table-state.js';
import {useViewData} from '../hooks/use-view-data.js';
import {useListKeys} from '../keys/use-list-keys.js';
import {displayKey} from '../keys/keymap.js';
import {Table} from '../components/table.js';
import {Footer} from '../components/footer.js';
import {ColumnPicker} from '../components/column-picker.js';
import {chosenColumns, layoutColumns, tableHeight, TINY} from '../components/table-layout.js';
import {cellDisplay, dataAge, fit} from '../format.js';
import type {Theme} from '../theme/theme.js';
import {NoticeContext} from '../notice-context.js';

/** `*` marks every row of a view up to this many; beyond it, the loaded rows. */
export const MARK_ALL_LIMIT = 1000;

const SHORT_TITLES: Record<ViewId, string> = {hot: 'Hot leads', targets: 'Targets', enrichment: 'Enrichment', jobs: 'Jobs'};

/** Tabs line: the four views with their number keys, the active one highlighted. */
export function Tabs({active, theme, right}: {active: ViewId; theme: Theme; right: string}) {
	return (
		<Box justifyContent="space-between">
			<Text wrap="truncate">
				{VIEW_IDS.map((id, i) => (
					<Text key={id}>
						<Text bold={id === active} inverse={id === active && theme.name === 'mono'} color={id === active ? theme.accent : theme.muted} underline={id === active && theme.name !== 'mono'}>
							{` ${i + 1} ${SHORT_TITLES[id]} `}
						</Text>
					</Text>
				))}
			</Text>
			<Text color={theme.muted} wrap="truncate">
				{right}
			</Text>
		</Box>
	);
}

export function ListScreen({view, active}: {view: ViewId; active: boolean}) {
	const env = useEnvironment();
	const actions = useActions();
	const {services, keymap, theme, size, preferences, now} = env;
	const definition = VIEWS[view];
	const viewPreferences = preferences.views[view];
	const [state, intents, stateRef] = useTableState(
		() =>
			actions.rememberedTable(view) ??
			initialTableState({filter: viewPreferences.filter, sort: validSort(definition, viewPreferences.sort), columns: chosenColumns(definition, viewPreferences.columns)}),
	);
	const height = tableHeight(size.rows, size.columns);
	const data = useViewData(services, view, state.filter, state.sort, state.top, height, {
		refreshMs: preferences.refreshInterval > 0 ? preferences.refreshInterval * 1000 : undefined,
		pollActiveMs: view === 'jobs' ? 1000 : undefined,
		isActive: (row) => jobIsActive(String(row.status ?? '')),
	});
	const totalRef = useRef(data.total);
	totalRef.current = data.total;
	// Key handlers read the rows of the latest render, never of an older closure.
	const dataRef = useRef(data);
	dataRef.current = data;

	useEffect(() => {
		actions.rememberTable(view, state);
	}, [state]);
	useEffect(() => {
		intents.fit(data.total, height);
	}, [data.total, height]);
	useEffect(() => {
		if (env.dataEpoch > 0) data.refresh();
	}, [env.dataEpoch]);
	// Sort, columns and the kept filter are saved per view.
	const saved = useRef(JSON.stringify([state.sort, state.columns, state.filter]));
	useEffect(() => {
		if (state.editingFilter) return;
		const now = JSON.stringify([state.sort, state.columns, state.filter]);
		if (now === saved.current) return;
		saved.current = now;
		actions.saveViewPreferences(view, {filter: state.filter, sort: state.sort, columns: state.columns});
	}, [state.sort, state.columns, state.filter, state.editingFilter]);

	const columns = useMemo(() => layoutColumns(definition, state.columns, size.columns), [definition, state.columns, size.columns]);
	const rowKey = (row: ListRow) => String(row[definition.uniqueColumn] ?? row.domain);
	const currentRow = () => dataRef.current.rowAt(stateRef.current.cursor);
	const markedDomains = () => [...new Set(stateRef.current.marks.values())];

	useListKeys({
		active,
		keymap,
		stateRef,
		intents,
		commands: {
			total: () => totalRef.current,
			height,
			sortable: definition.columns.filter((c) => c.sortable).map((c) => c.key),
			allColumns: definition.columns.map((c) => c.key),
			open: () => {
				const row = currentRow();
				if (row?.domain) actions.openCompany(String(row.domain));
			},
			brief: () => {
				const row = currentRow();
				if (row?.domain) actions.openBrief(String(row.domain));
			},
			enrich: () => {
				const domains = stateRef.current.marks.size > 0 ? markedDomains() : [currentRow()?.domain].filter(Boolean).map(String);
				if (domains.length === 0) return;
				actions.notify(`enqueueing ${domains.length === 1 ? domains[0] : `${domains.length} companies`}…`);
				services
					.enrich(domains)
					.then((result) => {
						actions.notify(result.message, result.ok ? 'info' : 'error');
						if (result.ok) {
							actions.watchEnrichment(result.domains);
							intents.clearMarks();
						}
					})
					.catch((error: Error) => actions.notify(error.message, 'error'));
			},
			mark: () => {
				const row = currentRow();
				if (!row) return;
				intents.toggleMark(rowKey(row), String(row.domain));
				intents.moveBy(1, totalRef.current, height);
			},
			markAll: () => {
				if (stateRef.current.marks.size > 0) return intents.clearMarks();
				const current = dataRef.current;
				const mark = (rows: readonly ListRow[], note: string) => {
					intents.setMarks(new Map(rows.map((row) => [rowKey(row), String(row.domain)])));
					actions.notify(note);
				};
				// Every row when the view is small enough to act on; a huge view marks what is loaded.
				if (current.count?.exact && current.count.count <= MARK_ALL_LIMIT) {
					services
						.loadPage(view, {filter: stateRef.current.filter, sort: stateRef.current.sort, offset: 0, limit: current.count.count})
						.then((rows) => mark(rows, `marked all ${rows.length} rows`))
						.catch((error: Error) => actions.notify(error.message, 'error'));
					return;
				}
				const rows = current.loadedRows();
				mark(rows, `marked the ${rows.length} loaded rows (the view has ${current.count?.exact ? '' : '~'}${current.total.toLocaleString('en-US')}: filter first to act on fewer)`);
			},
			copy: () => {
				const domains = stateRef.current.marks.size > 0 ? markedDomains() : [currentRow()?.domain].filter(Boolean).map(String);
				if (domains.length === 0) return;
				actions.copy(domains.join('\n'));
				actions.notify(`copied ${domains.length === 1 ? domains[0] : `${domains.length} domains`}`);
			},
			exportView: () => {
				const format = preferences.exportFormat;
				const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
				const file = path.resolve(preferences.exportDirectory || process.cwd(), `pf-${view}-${stamp}.${format}`);
				const visible = columns.map((c) => c.key);
				actions.notify('exporting…');
				services
					.exportView(view, {filter: stateRef.current.filter, sort: stateRef.current.sort, columns: visible, format, file})
					.then((result) => actions.notify(`exported ${result.rows.toLocaleString('en-US')} rows to ${result.file}`))
					.catch((error: Error) => actions.notify(`export failed: ${error.message}`, 'error'));
			},
			refresh: () => {
				data.refresh();
				actions.notify('refreshed');
			},
			bottom: () => {
				if (data.count?.exact) return intents.moveTo(data.total - 1, data.total, height);
				data
					.exactTotal()
					.then((total) => intents.moveTo(total - 1, total, height))
					.catch((error: Error) => actions.notify(error.message, 'error'));
			},
			global: (action) => {
				if (action === 'app.quit') actions.quit();
				else if (action === 'app.help') actions.toggleHelp();
				else if (action === 'view.next') actions.switchView('next');
				else if (action === 'view.previous') actions.switchView('previous');
				else if (action === 'view.hot' || action === 'view.targets' || action === 'view.enrichment' || action === 'view.jobs') actions.switchView(action.slice(5) as ViewId);
			},
		},
	});

	const sortColumn = definition.columns.find((c) => c.key === state.sort.column);
	const countText = data.count ? `${data.count.exact ? '' : '~'}${data.count.count.toLocaleString('en-US')}` : 'counting…';
	const position = data.total > 0 ? `${(state.cursor + 1).toLocaleString('en-US')}/${countText}` : `0/${countText}`;
	const right = `${position} · ${data.fetchedAt ? dataAge(data.fetchedAt, now) : 'loading…'}`;
	const hint = (action: Parameters<typeof keymap.keysOf>[0], label: string): [string, string] => [keymap.keysOf(action).slice(0, 2).map(displayKey).join('/'), label];
	const hints: [string, string][] = state.editingFilter
		? [['Enter', 'keep filter'], ['Esc', 'clear'], ['Bksp', 'delete']]
		: [hint('nav.down', 'move'), hint('list.filter', 'filter'), hint('list.sort', 'sort'), hint('nav.open', 'open'), hint('company.enrich', 'enrich'), hint('list.mark', 'mark')];
	const statusColor = (column: string, value: unknown) => {
		if (column === 'priority_status' || column === 'displacement_priority') return value === 'HOT' || value === 'HIGH' ? theme.bad : value === 'WARM' || value === 'MEDIUM' ? theme.warn : undefined;
		if (column === 'status') return value === 'failed' ? theme.bad : value === 'completed' ? theme.good : value === 'running' ? theme.accent : undefined;
		if (column === 'enrichment_level') return value === 'Complete' ? theme.good : value === 'Not Enriched' ? theme.muted : undefined;
		return undefined;
	};
	const selected = data.rowAt(state.cursor);
	const showDetails = size.columns >= TINY;

	const body = state.picker.open ? (
		<ColumnPicker view={definition} visible={state.columns} index={state.picker.index} theme={theme} height={height + 1 + (showDetails ? 2 : 0)} />
	) : (
		<>
			<Table columns={columns} rowAt={data.rowAt} top={state.top} height={height} cursor={state.cursor} total={data.total} rowKey={rowKey} marks={state.marks} sort={state.sort} theme={theme} now={now} stale={data.stale} statusColor={statusColor} />
			{showDetails ? <Details row={selected} view={view} shown={columns.map((c) => c.key)} theme={theme} width={size.columns} now={now} /> : null}
		</>
	);

	const emptyText = data.fetchedAt && data.total === 0 && !data.stale ? (state.filter ? `No rows match "${state.filter}" (Esc clears the filter).` : definition.emptyText) : undefined;

	return (
		<Box flexDirection="column">
			<Tabs active={view} theme={theme} right={`sort ${sortColumn?.header ?? state.sort.column} ${state.sort.descending ? '↓' : '↑'}`} />
			<Box justifyContent="space-between">
				<Text wrap="truncate">
					{state.editingFilter || state.filter ? (
						<Text>
							<Text bold color={theme.accent}>
								/{' '}
							</Text>
							{state.filter}
							{state.editingFilter ? <Text inverse> </Text> : null}
						</Text>
					) : (
						<Text color={theme.muted}>{definition.title}</Text>
					)}
				</Text>
				<Text color={theme.mark}>{state.marks.size > 0 ? `${state.marks.size} marked` : ''}</Text>
			</Box>
			{emptyText ? (
				<Box height={height + 1 + (showDetails ? 2 : 0)}>
					<Text color={theme.muted}>{fit(emptyText, size.columns - 1)}</Text>
				</Box>
			) : (
				body
			)}
			<ErrorLine error={data.error} theme={theme} width={size.columns} />
			<Footer hints={hints} right={right} theme={theme} width={size.columns} />
		</Box>
	);
}

function ErrorLine({error, theme, width}: {error: string | undefined; theme: Theme; width: number}) {
	const {notice} = useEnvironmentNotice();
	const text = error ? `! ${error} — retrying` : notice ? `${notice.kind === 'error' ? '! ' : '· '}${notice.text}` : ' ';
	return (
		<Text color={error || notice?.kind === 'error' ? theme.bad : theme.accent} wrap="truncate">
			{fit(text, Math.max(1, width - 1))}
		</Text>
	);
}

/** The selected row's other fields (the ones the table does not show), two lines. */
function Details({row, view, shown, theme, width, now}: {row: ListRow | undefined; view: ViewId; shown: readonly string[]; theme: Theme; width: number; now: Date}) {
	const definition = VIEWS[view];
	const parts = row
		? definition.columns
				.filter((c) => !shown.includes(c.key) && row[c.key] !== null && row[c.key] !== undefined && row[c.key] !== '')
				.map((c) => `${c.header}: ${cellDisplay(c.kind, row[c.key], now)}`)
		: [];
	const text = parts.join(' · ');
	const first = fit(text, Math.max(1, width - 1));
	const second = text.length > width - 1 ? fit([...text].slice(width - 2).join(''), Math.max(1, width - 1)) : '';
	return (
		<Box flexDirection="column" height={2}>
			<Text color={theme.muted} dimColor={theme.dimMuted} wrap="truncate">
				{text ? first : ' '}
			</Text>
			<Text color={theme.muted} dimColor={theme.dimMuted} wrap="truncate">
				{second || ' '}
			</Text>
		</Box>
	);
}

function useEnvironmentNotice() {
	return useContext(NoticeContext);
}
