import {describe, expect, it} from 'vitest';
import {domainInName, nameKey, resolveCustomerDomain} from '../../source/legacy/customer-domains.js';

const none = () => undefined;

describe('legacy customer domains', () => {
	it('keeps real hostnames, multi-label suffixes included', () => {
		expect(resolveCustomerDomain({domain: 'watchfinder.co.uk', name: 'Watchfinder.co.uk'}, none)).toEqual({domain: 'watchfinder.co.uk', how: 'domain_column'});
		expect(resolveCustomerDomain({domain: 'hubble.io ', name: 'Hubble.io / Lightdash'}, none)).toEqual({domain: 'hubble.io', how: 'domain_column'});
		expect(resolveCustomerDomain({domain: 'mac.bid', name: 'Mac.Bid'}, none).domain).toBe('mac.bid');
	});

	it('does not take a company name that merely looks like a hostname for a domain', () => {
		expect(resolveCustomerDomain({domain: 's.oliver', name: 's.Oliver'}, none)).toEqual({domain: null, how: 'unresolved'});
		expect(resolveCustomerDomain({domain: 'e.on.', name: 'E.ON.'}, none)).toEqual({domain: null, how: 'unresolved'});
		expect(resolveCustomerDomain({domain: 'end.', name: 'END.'}, none)).toEqual({domain: null, how: 'unresolved'});
		expect(resolveCustomerDomain({domain: '5.11 tactical', name: '5.11 Tactical'}, none)).toEqual({domain: null, how: 'unresolved'});
		expect(resolveCustomerDomain({domain: 'kiko s.p.a.', name: 'KIKO s.p.a.'}, none).domain).toBeNull();
	});

	it('finds a domain written inside the name', () => {
		expect(resolveCustomerDomain({domain: 'becton dickinson (bd.com)', name: 'Becton Dickinson (BD.com)'}, none)).toEqual({domain: 'bd.com', how: 'domain_in_name'});
		expect(resolveCustomerDomain({domain: 'dealer inspire ', name: 'Dealer Inspire / Cars.com'}, none)).toEqual({domain: 'cars.com', how: 'domain_in_name'});
		expect(domainInName('CHARLESKEITH.COM PTE.LTD')).toBe('charleskeith.com');
		expect(domainInName('Construrama Supply, S.A. de C.V.')).toBeNull();
		expect(domainInName('W.B. Mason')).toBeNull();
	});

	it('falls back to the evidence library by name', () => {
		const evidence = new Map([[nameKey('Nuts Inc')!, 'nuts.com']]);
		expect(resolveCustomerDomain({domain: 'nuts inc', name: 'Nuts Inc'}, (key) => evidence.get(key))).toEqual({domain: 'nuts.com', how: 'evidence_library'});
	});
});
