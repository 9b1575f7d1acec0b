/**
 * Top-level domains that real company domains use: every two-letter country code and
 * the generic ones seen in customer lists. The legacy customer list holds names where
 * domains should be, and some names are valid hostnames by syntax alone (`s.oliver`,
 * `e.on`); a known top-level label tells a domain from a name. Pure data.
 */
const countryCodes =
	'ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw';

const generic =
	'com net org info biz gov edu mil int name pro aero coop museum mobi asia jobs travel tel cat post xxx ' +
	'app dev io ai bid shop store online site tech website space live life blog news media club xyz top vip fun ' +
	'design digital agency studio company group global world today center solutions services systems software ' +
	'cloud host hosting network email market markets money finance financial bank insure insurance capital fund ' +
	'health care clinic dental doctor pharmacy fitness yoga beauty fashion clothing shoes style jewelry watch ' +
	'auto car cars bike boats motorcycles realestate homes house property properties rent furniture garden ' +
	'food restaurant pizza coffee wine beer bar kitchen recipes organic farm pet pets dog vet ' +
	'travel tours flights hotel hotels holiday cruises vacations game games play casino bet poker sport sports ' +
	'golf fit run tickets events music film movie video tv radio photo photography art gallery books ' +
	'academy school college university education training courses law legal attorney lawyer ' +
	'energy solar eco green city london paris berlin nyc tokyo amsterdam vegas ' +
	'one plus best love cool deals sale discount gift gifts toys baby kids family guru ninja expert reviews ' +
	'works tools supply supplies parts equipment industries engineering construction build ' +
	'consulting management marketing partners ventures holdings enterprises international ' +
	'social community chat link click page zone land plus fyi wiki support help support';

/** Lowercase top-level labels (ASCII; `xn--` labels are accepted separately). */
export const TOP_LEVEL_DOMAINS: ReadonlySet<string> = new Set([...countryCodes.split(' '), ...generic.split(/\s+/)].filter(Boolean));

/** True when the last label of a normalised hostname is a known top-level domain. */
export function hasKnownTopLevelDomain(hostname: string): boolean {
	const top = hostname.slice(hostname.lastIndexOf('.') + 1);
	return top.startsWith('xn--') || TOP_LEVEL_DOMAINS.has(top);
}
