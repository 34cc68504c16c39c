"""The words that decide what a number is: hedges, triggers, nouns for people in uniform,
references to the mission, and the markers of figures that are not about the mission.

Kept in one place so that a reviewer can read the whole vocabulary at once; the modules that
use it hold the logic.
"""

from __future__ import annotations

import re

from ..domain.vocab import Metric, PersonnelType, Qualifier

IC = re.IGNORECASE

# --- hedges -> qualifier --------------------------------------------------------------------
_HEDGES: list[tuple[Qualifier, str]] = [
    (Qualifier.AT_LEAST, r"more\s+than|well\s+over|over|upwards?\s+of|at\s+least|in\s+excess\s+of|"
                         r"north\s+of|no\s+fewer\s+than|no\s+less\s+than|topped|topping|tops|"
                         r"exceeded|exceeding|exceeds|above|surpassed|passed|beyond"),
    (Qualifier.AT_MOST, r"just\s+under|under|fewer\s+than|less\s+than|below|"
                        r"at\s+most|not\s+more\s+than|short\s+of"),
    (Qualifier.UP_TO, r"up\s+to|as\s+many\s+as|(?:a\s+)?maximum(?:\s+(?:strength|size|force))?"
                      r"\s+of|(?:a\s+)?ceiling\s+of|capped\s+at|a\s+cap\s+of|no\s+more\s+than"),
    (Qualifier.ABOUT, r"nearly|almost|about|around|roughly|approximately|approx\.?|some|"
                      r"an\s+estimated|estimated|close\s+to|circa|~|an?\s+approximate|"
                      r"or\s+so"),
]  # fmt: skip
HEDGE_BEFORE = re.compile(
    r"(?:^|(?<=[\s(\[—–-]))(?:"
    + "|".join(f"(?P<{q.name}>{pat})" for q, pat in _HEDGES)
    + r")\s*(?:(?:a|an|the|just|only)\s+)?$",
    IC,
)


_COMPARED = re.compile(r"\bthe\s+$", IC)


def qualifier_before(text: str) -> tuple[Qualifier, int] | None:
    """The hedge ending right before a quantity, and where it starts."""
    m = HEDGE_BEFORE.search(text[-40:])
    if not m:
        return None
    for q, _ in _HEDGES:
        if m.group(q.name):
            if q in (Qualifier.AT_LEAST, Qualifier.AT_MOST) and _COMPARED.search(m.group(0)):
                return None  # "far more than the $112 million held by the fund": a comparison

            return q, len(text) - len(text[-40:]) + m.start()
    return None  # pragma: no cover


# --- people in uniform ---------------------------------------------------------------------
NOUNS: dict[str, PersonnelType | None] = {
    "military police": PersonnelType.MILITARY,
    "military policemen": PersonnelType.MILITARY,
    "military personnel": PersonnelType.MILITARY,
    "military officers": PersonnelType.MILITARY,
    "military advisers": PersonnelType.MILITARY,
    "military advisors": PersonnelType.MILITARY,
    "military staff": PersonnelType.MILITARY,
    "army officers": PersonnelType.MILITARY,
    "defence force officers": PersonnelType.MILITARY,
    "defense force officers": PersonnelType.MILITARY,
    "defence force personnel": PersonnelType.MILITARY,
    "defense force personnel": PersonnelType.MILITARY,
    "defence force members": PersonnelType.MILITARY,
    "defence force soldiers": PersonnelType.MILITARY,
    "coast guard personnel": PersonnelType.MILITARY,
    "coast guards": PersonnelType.MILITARY,
    "special forces": PersonnelType.MILITARY,
    "staff officers": PersonnelType.MILITARY,
    "troops": PersonnelType.MILITARY,
    "troop": PersonnelType.MILITARY,
    "soldiers": PersonnelType.MILITARY,
    "soldier": PersonnelType.MILITARY,
    "servicemen": PersonnelType.MILITARY,
    "servicewomen": PersonnelType.MILITARY,
    "service members": PersonnelType.MILITARY,
    "marines": PersonnelType.MILITARY,
    "sailors": PersonnelType.MILITARY,
    "airmen": PersonnelType.MILITARY,
    "paratroopers": PersonnelType.MILITARY,
    "commandos": PersonnelType.MILITARY,
    "police officers": PersonnelType.POLICE,
    "police officer": PersonnelType.POLICE,
    "police personnel": PersonnelType.POLICE,
    "police trainers": PersonnelType.POLICE,
    "police advisers": PersonnelType.POLICE,
    "police": PersonnelType.POLICE,
    "policemen": PersonnelType.POLICE,
    "policewomen": PersonnelType.POLICE,
    "policeman": PersonnelType.POLICE,
    "constables": PersonnelType.POLICE,
    "constable": PersonnelType.POLICE,
    "officers": PersonnelType.POLICE,
    "officer": PersonnelType.POLICE,
    "cops": PersonnelType.POLICE,
    "gendarmes": PersonnelType.POLICE,
    "civilian staff": PersonnelType.CIVILIAN,
    "civilian personnel": PersonnelType.CIVILIAN,
    "civilian experts": PersonnelType.CIVILIAN,
    "civilian staffers": PersonnelType.CIVILIAN,
    "personnel": None,
    "security personnel": None,
    "uniformed personnel": None,
    "staff": None,
    "experts": None,
    "advisers": None,
    "advisors": None,
    "trainers": None,
    "instructors": None,
    "medics": None,
    "men and women": None,
    "men": None,
    "recruits": None,
    "peacekeepers": None,
    "contingent members": None,
    "members": None,
    "people": None,
    "civilians": PersonnelType.CIVILIAN,
}
WEAK_NOUNS = frozenset({"people", "civilians", "men", "members", "staff"})
"""Nouns that name mission personnel only in a force's own breakdown or with "of the force"."""

NOUN_RE = re.compile(
    r"(?P<noun>"
    + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(NOUNS, key=len, reverse=True))
    + r")\b",
    IC,
)
MODIFIERS = (
    r"more|additional|extra|new|further|fresh|uniformed|armed|heavily\s+armed|elite|special|"
    r"specially\s+trained|trained|well-trained|highly\s+trained|tactical|security|senior|junior|"
    r"female|male|women|woman|serving|active|other|initial|first|second|third|fourth|"
    r"JDF|JCF|KDF|RBDF|RBPF|BDF|ABDF|NPS|GSU|RCMP|AP|"
    r"Kenya|Jamaica|Bahamas|Belize|Guatemala|Salvador|"
    r"\w+-member|combat|support|logistics|medical|anti-gang|riot|border|national"
)
MEMBERS_OF_LEAD = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|[\w.]+'s\s+)?", IC)
MEMBERS_OF = re.compile(
    r"\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|[\w.]+'s\s+)?"
    r"(?P<body>(?:[\w'-]+\s+){0,5}?(?:force|forces|police|constabulary|army|guard|contingent|"
    r"unit|team|mission|MSS|GSF|service|regiment|battalion|military|navy|gendarmerie|"
    r"coast\s+guard|JDF|JCF|KDF|RBDF|RBPF|BDF|ABDF|NPS)(?:\s+(?:force|forces|service|unit))?)\b",
    IC,
)
STRONG = re.compile(
    r"^-(?:strong|member|person|man|officer|soldier)\s+(?P<mods>(?:[\w'-]+\s+){0,3}?)"
    r"(?P<noun>contingent|force|unit|team|commitment|deployment|detachment|battalion|company|"
    r"group|delegation|squad|platoon|party|mission|pledge|presence)\b",
    IC,
)
NOUNLESS_BEFORE = re.compile(
    r"\b(?:team|contingent|group|party|batch|unit|wave|detachment|deployment|force|presence|"
    r"strength|total|tally|complement|headcount|numbers?|pledges?|commitments?|promise|"
    r"planeload|flight|rotation|reinforcements?|toll|size|contributions?)"
    r"(?:\s+[\w'-]+){0,8}?\s+(?:of|at|to|reached|topped|exceeded|exceeding|numbering|"
    r"totall?ing|stood\s+at|stands\s+at|rose\s+to|climbed\s+to|is|was|were|are|now)\s+$"
    r"|\b(?:pledged|committed|promised|offered|sent|deployed|contributed|pledging|committing)\s+$",
    IC,
)
FURTHER_BEFORE = re.compile(r"\b(?:another|a\s+further|an\s+additional|further|additional)\s+$", IC)
NOUNLESS_AFTER = re.compile(
    r"^(?:\s+more)?(?:[.,;:!?)\]—–]|\s+[—–-]|\s*$|\s+(?:in|on|at|as|by|after|before|when|while|"
    r"from|to|with|last|this|since|so|following|under|including|mostly|plus|against|according|"
    r"earlier|now|more|others|of\s+them|should|will|would|could|are|were|have|had|has|landed|"
    r"arrived|touched|flew|deployed|personnel|people|strong|and|or|but|then|already|still|"
    r"[a-z]+(?:ent|ant|ly|ing))\b)",
    IC,
)
PARTICIPLE_AFTER = re.compile(
    r"^\s+(?:(?:that|which)\s+)?(?:(?:it|they|he|she|the\s+country|[A-Z][\w.]+)\s+)?"
    r"(?:has\s+|had\s+|have\s+)?(?:authori[sz]ed|pledged|promised|committed|offered|"
    r"requested|envisaged|planned|deployed|sent)\b"
    r"|^\s+(?:more\s+)?(?:have|has|had|are|were)\s+(?:now\s+|already\s+|so\s+far\s+|"
    r"currently\s+|still\s+)?"
    r"(?:arrived|landed|deployed|been\s+deployed|in\s+Haiti|on\s+the\s+ground|serving)\b",
)

# --- triggers --------------------------------------------------------------------------------
IRREALIS = re.compile(
    r"\b(?:will|would|should|could|may|might|shall|to|plans?|planned|expected|expects|intends?|"
    r"set|due|ready|willing|prepared|agreed|going|pledged|promised|offered|aims?|approved|"
    r"approve|authori[sz]ed|endorsed|voted\s+(?:for|to)|considering|proposed|propose|urged|"
    r"urges?|help|helps|helping|hopes?|wants?)\s+"
    r"(?:\w+\s+){0,2}$",
    IC,
)
NEGATION = re.compile(
    r"\b(?:not|n't|never|no\s+longer|yet\s+to|refused\s+to|declined\s+to|ruled\s+out|"
    r"unable\s+to|cannot|won't|without|blocked|blocking|halted|halting|suspended|suspending|"
    r"delayed|delaying|postponed|postponing|cancelled|canceled|stopped|stopping|paused|"
    r"pausing|froze|freezing)\b(?:\s+\w+){0,3}\s*$",
    IC,
)
PROGRESSIVE = re.compile(r"\b(?:is|are|was|were)\s+$", IC)

PERSONNEL_TRIGGERS: list[tuple[Metric | None, str, re.Pattern[str]]] = [
    (Metric.PERSONNEL_WITHDRAWN, "verb", re.compile(
        r"\b(?:withdr[ae]w\w*|pull(?:ed|ing|s)?\s+out|pullout|repatriat\w+|"
        r"return(?:ed|ing|s)?\s+home|(?:flown|flew|sent|went|came|headed)\s+home|drew\s+down|"
        r"draw(?:ing|s)?\s+down|drawdown|left\s+Haiti|leav(?:e|es|ing)\s+Haiti|rotated\s+out|"
        r"exited|(?<!at\s)(?<!the\s)home(?=\s+(?:last|this|on|in|after|earlier|yesterday|from)\b"
        r"|\s*[.,;]))\b", IC)),
    (Metric.FATALITIES, "verb", re.compile(
        r"\b(?:killed|died|dies|dead|deaths?|fatal(?:ly|ity|ities)?|slain|shot\s+dead|"
        r"lost\s+(?:his|her|their)\s+li(?:fe|ves)|to\s+die|death\s+toll|succumbed|"
        r"lost(?=\s+(?:\w+\s+){1,3}?(?:officers?|members?|soldiers?|personnel|troops|police|"
        r"peacekeepers|constables)\b))\b", IC)),
    (None, "injury", re.compile(r"\b(?:injured|wounded|hurt|injuries|missing|kidnapped)\b", IC)),
    (None, "domestic", re.compile(
        r"\b(?:recruit\w*|hire[sd]?|hiring|graduat\w*|passing-out|election\s+duty|"
        r"on\s+duty\s+in|strike|protest\w*|arrested|detained)\b", IC)),
    (Metric.PERSONNEL_ARRIVED, "verb", re.compile(
        r"\b(?:landed|landing|lands|arrived|arrives|arriving|arrival|arrive|touched\s+down|"
        r"touch(?:es)?\s+down|fl(?:ew|own)\s+in(?:to)?|jetted\s+in(?:to)?|disembarked|delivered|"
        r"reached\s+(?:Haiti|Port-au-Prince|the\s+country)|joined\s+(?:the|them)|follow|"
        r"travel|leave|depart)\b", IC)),
    (Metric.PERSONNEL_AUTHORIZED, "verb", re.compile(
        r"\b(?:authori[sz]\w*|ceiling|mandated|creat(?:es|ed|ing)|establish(?:es|ed|ing))\b",
        IC)),
    (Metric.PERSONNEL_PLEDGED, "verb", re.compile(
        r"\b(?:pledg\w*|promis\w*|offer(?:s|ed|ing)?|commit(?:s|ted|ting|ment|ments)?|"
        r"volunteer(?:s|ed)?|vow(?:s|ed)?|intent(?:ion)?\s+to|fielding|earmark\w*|"
        r"(?:will|would|to|shall|could|should)\s+(?:\w+\s+)?(?:send|deploy|contribute|provide|"
        r"dispatch|field|join)|plans?\s+to|agreed\s+to|ready\s+to|willing\s+to|prepared\s+to|"
        r"should\s+be\s+in|target\w*|approved|in\s+training|needs?|needed|requires?|required|"
        r"full\s+strength|planned\s+strength|(?:are|is|were|was)\s+(?:still\s+|now\s+)?expected|"
        r"still\s+expected)\b", IC)),
    (Metric.PERSONNEL_DEPLOYED, "level", re.compile(
        r"\b(?:presence|strength|headcount|on\s+the\s+ground|in[-\s]country|stationed|"
        r"serv(?:ing|es|ed)\s+(?:with|in|on)|"
        r"put(?:s|ting)?\s+the\s+(?:force|mission|total|number|strength)\s+at|"
        r"(?:force|mission|total|contingent|deployment)\s+(?:now\s+)?(?:numbers|stands\s+at|"
        r"stood\s+at|totals|totalled|reached|rose\s+to)|"
        r"(?:bring|boost|rais|lift|push|swell|increas|tak)\w*\s+(?:the|its|their|[\w.]+'s)\s+"
        r"(?:\w+\s+)?(?:total|number|numbers|headcount|strength|force|"
        r"contingent|deployment|presence|contribution)|lift(?:s|ed|ing)?\s+[\w.]+'s\s+"
        r"(?:presence|strength|total|contingent|deployment|contribution)|in\s+Haiti|currently|"
        r"reach(?:es|ed)?|counts|comprises|numbers|now\s+has|now\s+have|remain(?:s|ed)?|"
        r"remaining(?=\s+(?:in|on|at|with)\b)|(?:has|have|had)\s+grown\s+to|"
        r"(?:contingent|presence|strength|deployment|force|total|numbers?)\s+(?:\w+\s+)?(?:down|up|"
        r"fell|dropped|rose|grew|increased|decreased|shrank|shrunk)\s+to)\b", IC)),
    (Metric.PERSONNEL_DEPLOYED, "verb", re.compile(
        r"\b(?:deploy(?:ed|s|ing|ment|ments)?|sent|sends?|sending|dispatch(?:ed|es|ing)?|"
        r"contribut(?:ed|es|ing))\b", IC)),
]  # fmt: skip

MONEY_TRIGGERS: list[tuple[Metric | None, str, re.Pattern[str]]] = [
    (None, "frozen", re.compile(
        r"\b(?:froze|frozen|freez\w+|suspend\w*|halt\w*|paused|withheld|withhold\w*|"
        r"rescind\w*|clawed\s+back|cancel\w*|owed|owes|owing|arrears|outstanding|debts?)\b",
        IC)),
    (Metric.FUNDING_REQUIREMENT, "verb", re.compile(
        r"\b(?:cost|costs|costing|budget\w*|bill|needs?|needed|require[sd]?|requirement|"
        r"price\s+tag|estimated\s+at|shortfall|funding\s+gap|annual\s+cost)\b", IC)),
    (Metric.FUNDING_COMMITTED, "verb", re.compile(
        r"\b(?:committed|commits|commit|commitment|set\s+aside|sets\s+aside|obligat\w+|"
        r"allocat\w+|signed|approved|earmarked|appropriated)\b", IC)),
    (Metric.FUNDING_PAID, "verb", re.compile(
        r"\b(?:paid|pays|paying|deposit(?:ed|s)?|disburs\w+|transferr\w*|transfers?|"
        r"received|receives|taken\s+in|took\s+in|raised|stood\s+at|stands\s+at|delivered|"
        r"provided|(?<!been\s)(?<!was\s)(?<!were\s)spent|released|donated|gave|given|contributed|"
        r"handed\s+over|"
        r"has\s+put|have\s+put)\b", IC)),
    (Metric.FUNDING_PLEDGED, "verb", re.compile(
        r"\b(?:pledg\w*|promis\w*|announc\w*|unveil\w*|offer(?:s|ed|ing)?|propos\w*|"
        r"(?:will|would|to|shall|plans?\s+to)\s+(?:\w+\s+)?(?:put|provide|give|contribute|pay|"
        r"donate|send|add|deposit|spend))\b", IC)),
]  # fmt: skip

# --- the mission, other missions, and what is not the mission -----------------------------
GSF_NAME = re.compile(r"\b(?:Gang\s+Suppression\s+Force|GSF)\b")
MSS_NAME = re.compile(r"\b(?:Multinational\s+Security\s+Support|MSS(?:M)?)\b")
MISSION_REF = re.compile(
    r"\b(?:Gang\s+Suppression\s+Force|GSF|Multinational\s+Security\s+Support(?:\s+\(MSS\))?"
    r"(?:\s+mission)?|MSS(?:M)?(?:\s+mission)?|"
    r"(?i:the|this|a|an|its|their)\s+(?:[\w.]+-(?i:led|backed|authori[sz]ed|managed)\s+|"
    r"(?i:multinational|international|security|support|police|anti-gang|foreign|new|whole|"
    r"entire|UN-backed|overall)\s+){0,4}(?i:force|mission|operation)(?:'s)?|"
    r"(?i:the|a|its)\s+(?:[\w.]+-managed\s+|UN\s+|U\.N\.\s+|MSS\s+|mission's\s+)?(?i:trust\s+fund)|"
    r"(?i:the\s+fund))\b",
)
MISSION_GOVERNS = re.compile(
    r"\b(?:mission|force|operation|fund|MSS|GSF)(?:'s)?(?:\s+[\w-]+){0,2}?\s+(?:of|at|to|"
    r"totall?ing|numbering|reached|topped|stood\s+at|stands\s+at)\s+$",
    IC,
)
FUND_REF = re.compile(
    r"\b(?:trust\s+fund|the\s+fund|(?:MSS|mission's|UN|U\.N\.)\s+fund)\b(?<!Monetary\sFund)", IC
)
NOT_THROUGH_FUND = re.compile(
    r"\b(?:rather\s+than|instead\s+of|not|outside)\s+(?:\w+\s+){0,2}(?:through|via|into|to)?\s*"
    r"(?:the\s+)?(?:trust\s+)?fund\b",
    IC,
)
BILATERAL = re.compile(
    r"\b(?i:bilateral\w*|directly|in-kind|in\s+kind|in\s+(?:\w+\s+)?support\b(?!\s+of)|"
    r"equipment|vehicles|logistic\w*|to\s+(?:train|teach|equip|buy|pay\s+for))|"
    r"\b(?i:through|via)\s+(?:the\s+)?(?!Fund|Trust)[A-Z][\w.]*"
)
COUNCIL = re.compile(
    r"\b(?:Security\s+Council|Council|resolution|Resolution|S/RES|mandate|authori[sz]\w+|"
    r"ceiling|UN\s+vote)\b"
)
OTHER_MISSION = re.compile(
    r"\b(?:MINUSTAH|MINUJUSTH|UNMIH|MIPONUH|AMISOM|ATMIS|AUSSOM|MONUSCO|UNMISS|MINUSMA|MINUSCA|"
    r"UNIFIL|UNFICYP|UNAMID|KFOR|peacekeep\w*\s+(?:mission|operation|force)s?\s+(?:that|which)|"
    r"(?:UN|U\.N\.|other|peacekeeping)\s+(?:peacekeeping\s+)?(?:missions|operations)|"
    r"Somalia|Mogadishu|South\s+Sudan|Lebanon|Congo|DRC|Darfur|Mali)\b"
)
OTHER_MISSION_NAME = re.compile(
    r"\b(?:MINUSTAH|MINUJUSTH|UNMIH|MIPONUH|AMISOM|ATMIS|AUSSOM|MONUSCO|UNMISS|MINUSMA|MINUSCA|"
    r"UNIFIL|UNFICYP|UNAMID|KFOR)\b"
)
HAITIAN_FORCES = re.compile(
    r"\b(?:Haitian\s+(?:National\s+)?[Pp]olice|HNP|PNH|Haiti's\s+(?:own\s+|national\s+)?police|"
    r"Haitian\s+(?:armed\s+forces|army|soldiers|troops|officers|police\s+officers)|FAd'H|"
    r"national\s+police)\b"
)
MONEY_RATE_AFTER = re.compile(r"^\s*(?:a|per|each)\s+(?:month|year)\b|^\s*annually\b", IC)
"""A monthly or yearly rate: a budget when large ("$600 million a year"), pay when small."""
MONEY_DISTRACTOR_AFTER = re.compile(
    r"^\s*(?:(?:in\s+)?(?:additional\s+|new\s+|emergency\s+)?humanitarian|a\s+(?:litre|liter|"
    r"week|day|barrel|gallon|share|head)|per\s+(?!year|month)|an\s+hour|in\s+(?:taxes|revenue|"
    r"remittances|loans?|debt|ransom|bail)|reward|bounty|ransom|(?:Haiti\s+)?(?:aid\s+)?package"
    r"(?!\s+for\s+the\s+(?:mission|force|MSS))|to\s+the\s+dollar|=)",
    IC,
)
MONEY_DISTRACTOR_NEAR = re.compile(
    r"\b(?:humanitarian|reward|bounty|ransom|exchange\s+rate|shilling\s+(?:traded|steady|fell|rose)|"
    r"GDP|remittances|Finance\s+Bill|taxes)\b",
    IC,
)
PERSONNEL_CONTEXT = re.compile(
    r"\b(?:troops|soldiers|officers|police|personnel|contingent|deploy\w*|force|mission|MSS|GSF|"
    r"constables|pledg\w*|landed|arrived|Haiti)\b",
    IC,
)
FATAL_TALLY = re.compile(
    r"\b(?:death\s+toll|toll|number|total|tally)\b(?:\s+[\w'-]+){0,8}?\s+"
    r"(?:killed|dead|died|deaths|fatalities|lost)\b(?:\s+[\w'-]+){0,5}?\s+(?:to|at|stands\s+at|"
    r"stood\s+at|rose\s+to|reached)\s+$|\bdeath\s+toll\b(?:\s+[\w'-]+){0,6}?\s+(?:to|at)\s+$",
    IC,
)
FATAL_ORDINAL = re.compile(
    r"\b(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b"
    r"(?:\s+[\w'-]+){0,6}?\s+(?:to\s+(?:die|be\s+killed|lose|fall|perish)|(?:has\s+|had\s+)?"
    r"died|(?:has\s+been\s+|had\s+been\s+|was\s+)?killed)\b",
    IC,
)
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
SINGULAR_VICTIM = re.compile(
    r"\b(?:a|an|one)\s+(?:[\w'-]+\s+){0,3}?(?P<noun>police\s+officer|officer|constable|soldier|"
    r"policeman|policewoman|trooper|corporal|sergeant|inspector|member\s+of\s+(?:the\s+)?"
    r"(?:[\w'-]+\s+){0,4}?(?:force|mission|contingent|MSS|GSF))\b",
    IC,
)
