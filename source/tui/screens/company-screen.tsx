/**
 * Enter on a row: every intel section of the company, scrollable, each with source
 * and age. `b` opens the brief, `e` enqueues an enrichment (progress per module shows
 * live at the top and the screen reloads when the job ends), `C` marks it as a
 * customer or not (the customer service decides), Esc goes back.
 *
 *   Acme Inc.  acme.com
 *   Algolia customer: unknown   C to change · b brief · e enrich
 *   ▌Technology stack  source: builtwith · retrieved 3d ago
 *     Salesforce Commerce Cloud ★ partner (premier)  ecommerce
 *   ▌Traffic …  Monthly visits 12M ▂▃▅▇█
 */
import React, {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Box, Text} from 'ink';
import type {CompanyIntel} from '../../services/company.js';
import {jobIsActive, type JobProgress} from '../../services/leads.js';
import {useActions, useEnvironment} from '../app-context.js';
import {useScrollKeys} from '../keys/use-scroll-keys.js';
import {displayKey} from '../keys/keymap.js';
import {LinesView} from '../components/lines.js';
import {Footer} from '../components/footer.js';
import {companyLines} from './company-lines.js';
import {NoticeLine} from '../components/footer.js';
import {NoticeContext} from '../notice-context.js';
import {dataAge} from '../format.js';
import {noticeText, RETRY_MS} from '../hooks/use-view-data.js';

export const JOB_POLL_MS = 1000;

export function CompanyScreen({domain, active}: {domain: string; active: boolean}) {
	const {services, keymap, theme, size, now} = useEnvironment();
	const actions = useActions();
	const {notice} = React.useContext(NoticeContext);
	const [intel, setIntel] = useState<CompanyIntel | undefined>();
	const [error, setError] = useState<string | undefined>();
	const [loadedAt, setLoadedAt] = useState<Date | undefined>();
	const [reload, setReload] = useState(0);
	const [job, setJob] = useState<JobProgress | undefined>();
	const [top, setTop] = useState(0);
	const topRef = useRef(0);

	useEffect(() => {
		let cancelled = false;
		services
			.company(domain)
			.then((result) => {
				if (cancelled) return;
				setIntel(result);
				setError(undefined);
				setLoadedAt(new Date());
			})
			.catch((failure: unknown) => {
				if (cancelled) return;
				setError(noticeText(failure));
				// Unknown company: say so once; an unreachable database: retry.
				if ((failure as {exitCode?: number}).exitCode !== 5) setTimeout(() => !cancelled && setReload((n) => n + 1), RETRY_MS);
			});
		return () => {
			cancelled = true;
		};
	}, [services, domain, reload]);

	// Live progress of this company's enrichment, from the job state in the database.
	const jobActive = job ? jobIsActive(job.status) : false;
	const pollJob = useCallback(() => {
		services
			.jobs([domain])
			.then(([latest]) => {
				setJob((previous) => {
					if (previous && jobIsActive(previous.status) && latest && !jobIsActive(latest.status)) setReload((n) => n + 1);
					return latest;
				});
			})
			.catch(() => {});
	}, [services, domain]);
	useEffect(() => {
		pollJob();
	}, [pollJob]);
	useEffect(() => {
		if (!jobActive) return;
		const timer = setInterval(pollJob, JOB_POLL_MS);
		return () => clearInterval(timer);
	}, [jobActive, pollJob]);

	const keyOf = (action: Parameters<typeof keymap.keysOf>[0]) => displayKey(keymap.keysOf(action)[0] ?? '?');
	const lines = useMemo(
		() => (intel ? companyLines(intel, {width: size.columns, theme, now, job: job && (jobIsActive(job.status) || (job.completedAt && now.getTime() - job.completedAt.getTime() < 60_000)) ? job : undefined, enrichKey: keyOf('company.enrich'), briefKey: keyOf('company.brief'), customerKey: keyOf('company.customer')}) : []),
		[intel, size.columns, theme, job, now.getTime() - (now.getTime() % 60_000)],
	);
	const height = Math.max(3, size.rows - 3);
	const linesRef = useRef(lines);
	linesRef.current = lines;

	useScrollKeys({
		active,
		keymap,
		scopes: ['company', 'list'],
		topRef,
		setTop,
		lineCount: () => linesRef.current.length,
		height,
		command: (action) => {
			switch (action) {
				case 'nav.back':
					return actions.back();
				case 'company.brief':
					return actions.openBrief(domain);
				case 'company.enrich':
					actions.notify(`enqueueing ${domain}…`);
					services
						.enrich([domain])
						.then((result) => {
							actions.notify(result.message, result.ok ? 'info' : 'error');
							if (result.ok) {
								actions.watchEnrichment([domain]);
								pollJob();
								setTimeout(pollJob, 300);
							}
						})
						.catch((failure: Error) => actions.notify(failure.message, 'error'));
					return;
				case 'company.customer': {
					const next = !(intel?.customer.isCustomer ?? false);
					services
						.setCustomer(domain, next)
						.then((result) => {
							actions.notify(result.message, result.ok ? 'info' : 'error');
							if (result.ok) setReload((n) => n + 1);
						})
						.catch((failure: Error) => actions.notify(failure.message, 'error'));
					return;
				}
				case 'list.refresh':
					setReload((n) => n + 1);
					pollJob();
					return actions.notify('refreshed');
				case 'list.copy':
					actions.copy(domain);
					return actions.notify(`copied ${domain}`);
				case 'app.quit':
					return actions.quit();
				case 'app.help':
					return actions.toggleHelp();
				default:
					return;
			}
		},
	});

	const hints: [string, string][] = [
		[keyOf('nav.down') + '/' + keyOf('nav.up'), 'scroll'],
		[keyOf('company.brief'), 'brief'],
		[keyOf('company.enrich'), 'enrich'],
		[keyOf('company.customer'), 'customer'],
		[keyOf('nav.back'), 'back'],
	];
	const position = lines.length > 0 ? `${Math.min(lines.length, top + height)}/${lines.length} lines` : '';
	return (
		<Box flexDirection="column">
			{intel ? (
				<LinesView lines={lines} top={Math.min(top, Math.max(0, lines.length - height))} height={height} />
			) : (
				<Box height={height}>
					<Text color={error ? theme.bad : theme.muted}>{error ? `! ${error}` : `loading ${domain}…`}</Text>
				</Box>
			)}
			<NoticeLine notice={error && intel ? {text: `${error} — retrying`, kind: 'error'} : notice} theme={theme} width={size.columns} />
			<Footer hints={hints} right={`${position}${loadedAt ? ` · ${dataAge(loadedAt, now)}` : ''}`} theme={theme} width={size.columns} />
		</Box>
	);
}
