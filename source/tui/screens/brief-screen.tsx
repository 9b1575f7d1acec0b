/**
 * `b`: the company's Strategic Signal Brief, scrollable, with its numbered sources.
 * A company without a brief says so (and how to make one).
 */
import React, {useEffect, useMemo, useRef, useState} from 'react';
import {Box, Text} from 'ink';
import type {BriefView} from '../../services/company.js';
import {useActions, useEnvironment} from '../app-context.js';
import {useScrollKeys} from '../keys/use-scroll-keys.js';
import {displayKey} from '../keys/keymap.js';
import {LinesView} from '../components/lines.js';
import {Footer, NoticeLine} from '../components/footer.js';
import {NoticeContext} from '../notice-context.js';
import {briefLines} from './brief-lines.js';
import {noticeText, RETRY_MS} from '../hooks/use-view-data.js';

export function BriefScreen({domain, active}: {domain: string; active: boolean}) {
	const {services, keymap, theme, size, now} = useEnvironment();
	const actions = useActions();
	const {notice} = React.useContext(NoticeContext);
	const [brief, setBrief] = useState<BriefView | null | undefined>();
	const [error, setError] = useState<string | undefined>();
	const [reload, setReload] = useState(0);
	const [top, setTop] = useState(0);
	const topRef = useRef(0);

	useEffect(() => {
		let cancelled = false;
		services
			.brief(domain)
			.then((result) => {
				if (cancelled) return;
				setBrief(result ?? null);
				setError(undefined);
			})
			.catch((failure: unknown) => {
				if (cancelled) return;
				setError(noticeText(failure));
				setTimeout(() => !cancelled && setReload((n) => n + 1), RETRY_MS);
			});
		return () => {
			cancelled = true;
		};
	}, [services, domain, reload]);

	const lines = useMemo(() => (brief ? briefLines(brief, {width: size.columns, theme, now}) : []), [brief, size.columns, theme]);
	const linesRef = useRef(lines);
	linesRef.current = lines;
	const height = Math.max(3, size.rows - 3);
	const keyOf = (action: Parameters<typeof keymap.keysOf>[0]) => displayKey(keymap.keysOf(action)[0] ?? '?');

	useScrollKeys({
		active,
		keymap,
		scopes: ['brief', 'list'],
		topRef,
		setTop,
		lineCount: () => linesRef.current.length,
		height,
		command: (action) => {
			if (action === 'nav.back') actions.back();
			else if (action === 'app.quit') actions.quit();
			else if (action === 'app.help') actions.toggleHelp();
			else if (action === 'list.refresh') setReload((n) => n + 1);
		},
	});

	const body =
		brief === undefined ? (
			<Text color={error ? theme.bad : theme.muted}>{error ? `! ${error} — retrying` : `loading the brief of ${domain} (built on first request)…`}</Text>
		) : brief === null ? (
			<Box flexDirection="column">
				<Text bold>No Strategic Signal Brief for {domain}: the database does not know the company.</Text>
				<Text color={theme.muted}>Add it first (`pf enrich {domain}`), then open its brief again.</Text>
			</Box>
		) : (
			<LinesView lines={lines} top={Math.min(top, Math.max(0, lines.length - height))} height={height} />
		);
	return (
		<Box flexDirection="column">
			<Box height={height} flexDirection="column">
				{body}
			</Box>
			<NoticeLine notice={notice} theme={theme} width={size.columns} />
			<Footer hints={[[`${keyOf('nav.down')}/${keyOf('nav.up')}`, 'scroll'], [keyOf('nav.pageDown'), 'page'], [keyOf('nav.back'), 'back']]} right={lines.length ? `${Math.min(lines.length, top + height)}/${lines.length} lines` : ''} theme={theme} width={size.columns} />
		</Box>
	);
}
