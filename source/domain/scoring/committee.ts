/**
 * The buying committee, derived from executive intelligence: each executive's role in
 * a search purchase from the buyer_role the writer gave, else from the title. Nothing is
 * added that the executive rows do not hold.
 */
import type {ExecutiveIntel} from './intel.js';

export type CommitteeRole = 'executive_sponsor' | 'economic_buyer' | 'technical_buyer' | 'champion' | 'user_buyer' | 'technical_evaluator';

export type CommitteeMember = {
	name: string;
	title: string | null;
	role: CommitteeRole;
	linkedinUrl: string | null;
	isNewToRole: boolean;
	tenureStart: string | null;
	dataSource: string | null;
	retrievedAt: string | null;
};

export type BuyingCommittee = {
	executiveSponsor: CommitteeMember | null;
	economicBuyer: CommitteeMember | null;
	technicalBuyer: CommitteeMember | null;
	champion: CommitteeMember | null;
	userBuyers: CommitteeMember[];
	technicalEvaluators: CommitteeMember[];
	members: CommitteeMember[];
	totalDecisionMakers: number;
	/** Who to contact first, and why. */
	entryPoint: {member: CommitteeMember; reason: string} | null;
};

const givenRoles: Record<string, CommitteeRole> = {
	economic: 'economic_buyer',
	economic_buyer: 'economic_buyer',
	technical: 'technical_buyer',
	technical_buyer: 'technical_buyer',
	champion: 'champion',
	user: 'user_buyer',
	user_buyer: 'user_buyer',
	executive_sponsor: 'executive_sponsor',
	sponsor: 'executive_sponsor',
	technical_evaluator: 'technical_evaluator',
	evaluator: 'technical_evaluator',
};

export function committeeRole(title: string | null, buyerRole: string | null): CommitteeRole {
	const given = buyerRole ? givenRoles[buyerRole.toLowerCase().replace(/[\s-]+/g, '_')] : undefined;
	if (given) return given;
	const t = title ?? '';
	if (/\b(ceo|chief executive|president|cfo|chief financial|coo|chief operating|managing director)\b/i.test(t)) return 'economic_buyer';
	if (/\b(cto|cio|chief (technology|information)( officer)?|vp,? (of )?engineering|vp,? (of )?technology|head of (engineering|technology|it))\b/i.test(t)) return 'technical_buyer';
	if (/\b(cdo|cmo|chief (digital|marketing|commerce|customer|experience|product)( officer)?)\b/i.test(t)) return 'executive_sponsor';
	if (/\b(head|director|vp|vice president)\b.*\b(e-?commerce|digital|search|product|online|omnichannel|customer experience|merchandis\w*)\b/i.test(t)) return 'champion';
	if (/\b(architect|engineer\w*|developer|technical lead|tech lead)\b/i.test(t)) return 'technical_evaluator';
	return 'user_buyer';
}

export function buyingCommittee(executives: readonly ExecutiveIntel[]): BuyingCommittee {
	const members: CommitteeMember[] = executives.map((executive) => ({
		name: executive.name,
		title: executive.title,
		role: committeeRole(executive.title, executive.buyerRole),
		linkedinUrl: executive.linkedinUrl,
		isNewToRole: executive.isNewToRole,
		tenureStart: executive.tenureStart,
		dataSource: executive.dataSource,
		retrievedAt: executive.retrievedAt,
	}));
	const first = (role: CommitteeRole) => members.find((member) => member.role === role) ?? null;
	const champion = first('champion');
	const technicalBuyer = first('technical_buyer');
	const sponsor = first('executive_sponsor');
	const newcomer = members.find((member) => member.isNewToRole) ?? null;
	let entryPoint: BuyingCommittee['entryPoint'] = null;
	if (champion) entryPoint = {member: champion, reason: 'owns digital/e-commerce/search outcomes (champion)'};
	else if (newcomer) entryPoint = {member: newcomer, reason: 'new in the role: open to new vendors'};
	else if (technicalBuyer) entryPoint = {member: technicalBuyer, reason: 'owns the technology decision (technical buyer)'};
	else if (sponsor) entryPoint = {member: sponsor, reason: 'sponsors digital initiatives (executive sponsor)'};
	return {
		executiveSponsor: sponsor,
		economicBuyer: first('economic_buyer'),
		technicalBuyer,
		champion,
		userBuyers: members.filter((member) => member.role === 'user_buyer'),
		technicalEvaluators: members.filter((member) => member.role === 'technical_evaluator'),
		members,
		totalDecisionMakers: members.filter((member) => member.role !== 'user_buyer' && member.role !== 'technical_evaluator').length,
		entryPoint,
	};
}
