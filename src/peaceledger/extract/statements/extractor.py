"""Text -> candidate statements: direct quotes, reported speech, reported positions.

The extractor walks the text in order, sentence by sentence, because speakers carry over:
"He added that ..." is the person last named as a speaker, and a quotation with no
attribution right after another one continues it. Every statement it proposes is a
*candidate*: speaker, actor, subject and stance are suggestions with the evidence span, and a
statement whose speaker cannot be found is still proposed (with an unknown speaker) so that a
reviewer can name one. It never raises on odd text: unbalanced or stray quotation marks,
empty input and speakers outside the roster all give candidates or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ...domain.dates import FuzzyDate, Precision
from ...domain.facts import Evidence
from ...domain.statements import (
    UNKNOWN_SPEAKER,
    Speaker,
    SpeakerKind,
    Stance,
    Statement,
    StatementKind,
)
from ...domain.vocab import ReviewStatus
from ..attribution import mission_on
from ..dates import DateRole, find_dates
from ..sentences import Sentence, normalise, split_sentences
from .quotes import Quote, find_quotes
from .roster import roster
from .speakers import SpeakerMention, find_speakers
from .stance import suggest_stance, suggest_subject

_SPEECH = (
    r"said|says|say|told|tells|added|adds|hinted|hints|stated|argued|argues|warned|warns|"
    r"insisted|insists|announced|announces|emphasi[sz]ed|stressed|noted|acknowledged|"
    r"suggested|indicated|urged|urges|commended|praised|praises|welcomed|welcomes|"
    r"critici[sz]ed|defended|questioned|wrote|declared|vowed|promised|assured|reiterated|"
    r"reaffirmed|described|conceded|cautioned|complained|asked|replied|explained"
)
_POSITION = (
    r"lobbied|backed|backs|supported|supports|opposed|opposes|blocked|rejected|rejects|"
    r"endorsed|objected|(?:signals|signalled|signaled|voiced|expressed)\s+(?:support|opposition)|"
    r"pushed\s+for|pressed\s+for|called\s+for"
)
_PARTICIPLE = r"saying|adding|arguing|insisting|warning|urging|noting|stressing"
_VERB = re.compile(rf"\b(?:(?P<pos>{_POSITION})|(?P<part>{_PARTICIPLE})|(?P<sp>{_SPEECH}))\b")
_GAP = re.compile(
    r"^\s*(?:,[^,;\"]{1,140},\s*)?(?:(?:has|had|have|also|recently|previously|repeatedly|"
    r"again|reportedly|later|then|once|already|publicly|earlier|personally|would|will|"
    r"could|may|might|on\s+\w+day|yesterday|today|last\s+week|this\s+week)\s+)*$",
    re.I,
)
_BEFORE_ATTR = re.compile(
    rf"\b(?:{_SPEECH})\b(?P<rest>[^.;\"]{{0,90}}?)(?:\s*[:,]|\s+that)\s*$",
)
_AFTER_NP_VERB = re.compile(
    rf"^\s*,?\s*(?P<np>[^.;:\"!?]{{1,120}}?)\s+(?:has\s+|had\s+)?(?P<verb>{_SPEECH})\b"
)
_AFTER_VERB_NP = re.compile(rf"^\s*,?\s*(?P<verb>{_SPEECH})\s+(?P<np>[^;:\"!?]{{1,160}})")
_NOUN_FROM = re.compile(
    r"\b(?P<noun>opposition|support|backing|resistance|objections?|criticism)\s+from\s+"
)
_POSS_NOUN = re.compile(
    r"^'s\s+(?P<noun>backing|support|opposition|endorsement|rejection)\s+(?:of|for|to)\b"
)
_CONTRAST = re.compile(r"[,;]\s+(?:while|whereas)\b")
"""Where a sentence turns to another party ("..., while the Dominican government said")."""
_OPPOSING_NOUNS = frozenset(
    {"opposition", "resistance", "objection", "objections", "criticism", "rejection"}
)
_RANK = {"roster": 0, "group": 1, "unnamed": 2, "pronoun": 3, "unknown": 4}


@dataclass
class _Doc:
    text: str
    norm: str
    published: FuzzyDate | None
    quotes: list[Quote]
    out: list[Statement] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    """For each statement in `out`, where its attribution ends (to continue quotes)."""
    last_person: Speaker | None = None
    last_group: Speaker | None = None
    claimed: list[tuple[int, int]] = field(default_factory=list)
    """Spans that attribute a quotation ("Rubio said"): not statements of their own."""

    @property
    def pub_day(self) -> date | None:
        return self.published.start if self.published else None


def _as_fuzzy(published: date | FuzzyDate | None) -> FuzzyDate | None:
    if published is None or isinstance(published, FuzzyDate):
        return published
    return FuzzyDate.of(published, Precision.DAY)


def extract_statements(text: str, published: date | FuzzyDate | None) -> list[Statement]:
    """Candidate statements in `text`, in text order, with evidence spans into `text`.

    Ids and the source are left empty: the caller (ingestion) derives them from the source.
    """
    doc = _Doc(text, normalise(text), _as_fuzzy(published), find_quotes(text))
    for sent in split_sentences(doc.norm):
        _sentence(doc, sent)
    return doc.out


# --- one sentence ---------------------------------------------------------------------------


def _in_quote(doc: _Doc, pos: int) -> bool:
    return any(q.start <= pos < q.end for q in doc.quotes)


def _sentence(doc: _Doc, sent: Sentence) -> None:
    claimed = doc.claimed
    events: list[tuple[int, str, object]] = []
    for q in doc.quotes:
        if not (sent.start <= q.start < sent.end):
            continue
        before = doc.norm[sent.start + sent.dateline_end : q.start]
        if not before.strip():
            events.append((q.start, "quote-after", q))
            continue
        m = _BEFORE_ATTR.search(before)
        if m is not None:
            verb_at = sent.start + sent.dateline_end + m.start()
            claimed.append((verb_at, q.start))
            events.append((verb_at, "quote-before", q))
        # otherwise a quotation inside reported speech: the sentence pass covers it
    for m in _VERB.finditer(sent.text):
        at = sent.start + m.start()
        if _in_quote(doc, at) or any(a <= at < b for a, b in claimed):
            continue
        events.append((at, "verb", m))
    for m in _NOUN_FROM.finditer(sent.text):
        at = sent.start + m.start()
        if not _in_quote(doc, at):
            events.append((at, "noun-from", m))
    events.sort(key=lambda e: e[0])
    speakers_here: set[str] = set()
    for _at, what, item in events:
        if what == "quote-after" and isinstance(item, Quote):
            _quote_after(doc, sent, item, claimed)
        elif what == "quote-before" and isinstance(item, Quote):
            _quote_before(doc, sent, item)
        elif what == "verb" and isinstance(item, re.Match):
            if any(a <= sent.start + item.start() < b for a, b in claimed):
                continue  # the attribution of a quotation handled just before
            _reported(doc, sent, item, speakers_here)
        elif what == "noun-from" and isinstance(item, re.Match):
            _noun_from(doc, sent, item, speakers_here)
    _possessive_positions(doc, sent, speakers_here)


# --- speakers -------------------------------------------------------------------------------


def _resolve(doc: _Doc, m: SpeakerMention) -> Speaker:
    if m.how != "pronoun":
        return m.speaker
    p = m.speaker.text.lower()
    ref = doc.last_group if p == "they" else doc.last_person
    if ref is None:
        return Speaker("", "", None, SpeakerKind.UNKNOWN, m.speaker.text)
    return replace(ref, text=m.speaker.text)


def _remember(doc: _Doc, sp: Speaker) -> None:
    if sp.kind is SpeakerKind.PERSON:
        doc.last_person = sp
    elif sp.kind in (SpeakerKind.GROUP, SpeakerKind.UNNAMED):
        doc.last_group = sp


def _subject_before(doc: _Doc, start: int, verb_at: int, on: date | None) -> SpeakerMention | None:
    """The mention that is the grammatical subject of the verb at `verb_at`: the last one
    before it with only auxiliaries, adverbs or one appositive in between."""
    pre = doc.norm[start:verb_at]
    for m in reversed(find_speakers(pre, on)):
        if m.possessive:
            continue
        if _GAP.match(pre[m.end :]):
            return replace(m, start=m.start + start, end=m.end + start)
        # a mention inside an appositive ("Voltaire, who heads the Council, told"): the
        # subject may stand before it; the gap rule still demands nothing else in between
    return None


def _best(ms: list[SpeakerMention], last: bool) -> SpeakerMention | None:
    ms = [m for m in ms if not m.possessive]
    if not ms:
        return None
    rank = min(_RANK[m.how] for m in ms)
    best = [m for m in ms if _RANK[m.how] == rank]
    return best[-1] if last else best[0]


# --- dates ----------------------------------------------------------------------------------


def _date_near(doc: _Doc, pos: int, speaker: Speaker) -> FuzzyDate | None:
    window = doc.norm[pos : pos + 45]
    for d in find_dates(window, doc.published):
        if d.value is not None and d.role in (DateRole.AT, DateRole.NOW) and d.start < 30:
            return d.value
    if speaker.kind is SpeakerKind.PERSON:
        oc = roster().occasion_date(speaker.name, doc.text, doc.pub_day)
        if oc is not None:
            return FuzzyDate.of(oc)
    return doc.published


def _speaker_on(doc: _Doc, mention: SpeakerMention | None, when: FuzzyDate | None) -> Speaker:
    """The speaker with the role held on the statement's date (known only once the date is)."""
    if mention is None:
        return UNKNOWN_SPEAKER
    sp = _resolve(doc, mention)
    if sp.kind is SpeakerKind.PERSON and when is not None:
        role = roster().role_on(sp.name, when.start)
        sp = replace(sp, role=role.role, actor=role.actor)
    return sp


def _mention_date(doc: _Doc, pos: int, mention: SpeakerMention | None) -> FuzzyDate | None:
    base = mention.speaker if mention is not None else UNKNOWN_SPEAKER
    if mention is not None and mention.how == "pronoun":
        base = _resolve(doc, mention)
    return _date_near(doc, pos, base)


# --- building statements --------------------------------------------------------------------


def _add(
    doc: _Doc,
    *,
    speaker: Speaker,
    when: FuzzyDate | None,
    kind: StatementKind,
    start: int,
    end: int,
    content: str,
    rule: str,
    confidence: float,
    attribution_end: int,
    stance_override: tuple[Stance, str] | None = None,
) -> None:
    guess = suggest_stance(content)
    stance, cues, condition = guess.stance, guess.cues, guess.condition
    if stance_override is not None:
        stance, cues, condition = stance_override[0], (stance_override[1],), ""
    if not speaker.resolved:
        confidence = min(confidence, 0.3)
        actor = None
    else:
        actor = speaker.actor
    doc.out.append(
        Statement(
            statement_id="",
            mission=mission_on(when, doc.published),
            speaker=speaker,
            actor=actor,
            date=when,
            kind=kind,
            subject=suggest_subject(content),
            stance=stance,
            source_id="",
            evidence=Evidence(start, end, doc.text[start:end]),
            condition=condition,
            cues=tuple(dict.fromkeys(c.lower() for c in cues)),
            status=ReviewStatus.CANDIDATE,
            produced_by=f"rule:statement:{rule}",
            confidence=confidence,
        )
    )
    doc.ends.append(attribution_end)
    _remember(doc, speaker)


def _extend_previous(doc: _Doc, q: Quote, end: int) -> bool:
    """A quotation that continues the previous direct quote (same paragraph, only an
    attribution or a sentence break between): widen that statement instead of adding one."""
    if not doc.out:
        return False
    prev = doc.out[-1]
    if prev.kind is not StatementKind.DIRECT_QUOTE or prev.evidence is None:
        return False
    gap = doc.norm[doc.ends[-1] : q.start]
    if "\n" in gap or len(gap.strip(" ,.")) > 0:
        return False
    ev = prev.evidence
    new_end = max(ev.end, end)
    content = doc.norm[ev.start : new_end]
    guess = suggest_stance(_quote_text(doc, content))
    doc.out[-1] = replace(
        prev,
        evidence=Evidence(ev.start, new_end, doc.text[ev.start : new_end]),
        stance=guess.stance,
        condition=guess.condition,
        cues=tuple(dict.fromkeys(c.lower() for c in guess.cues)),
        subject=suggest_subject(content),
    )
    doc.ends[-1] = new_end
    return True


def _quote_text(doc: _Doc, span: str) -> str:
    return span


def _quote_after(doc: _Doc, sent: Sentence, q: Quote, claimed: list[tuple[int, int]]) -> None:
    inner = doc.norm[q.inner[0] : q.inner[1]].rstrip()
    para_end = doc.norm.find("\n", q.end)
    para_end = len(doc.norm) if para_end < 0 else para_end
    after = doc.norm[q.end : para_end]
    cut = re.search(r"[.!?](?=\s+[\"A-Z]|\s*$)", after)
    after = after[: cut.start() + 1] if cut else after
    on = doc.pub_day
    mention: SpeakerMention | None = None
    attr_end = q.end
    rule = "quote-after"
    if not inner.endswith("."):
        m = _AFTER_NP_VERB.match(after)
        if m is not None:
            mention = _best(find_speakers(m.group("np"), on), last=True)
            if mention is not None:
                attr_end = q.end + m.end("verb")
                claimed.append((q.end, attr_end))
        if mention is None:
            m = _AFTER_VERB_NP.match(after)
            if m is not None:
                np = m.group("np")
                mention = _best(find_speakers(np, on), last=False)
                if mention is not None:
                    attr_end = q.end + m.start("np") + mention.end
                    claimed.append((q.end, attr_end))
    if mention is None and _extend_previous(doc, q, q.end):
        return
    if mention is not None:
        when = _mention_date(doc, q.end, mention)
        speaker = _speaker_on(doc, mention, when)
        confidence = mention.confidence
    else:
        rule = "quote-unattributed"
        speaker, when, confidence = UNKNOWN_SPEAKER, doc.published, 0.3
        prev = doc.out[-1] if doc.out else None
        prev_para = doc.norm.rfind("\n", 0, q.start)
        if (
            prev is not None
            and prev.speaker.resolved
            and prev.evidence is not None
            and doc.norm.count("\n", prev.evidence.end, q.start) <= 1
            and prev_para >= 0
            and prev.evidence.end >= doc.norm.rfind("\n", 0, prev_para)
        ):
            rule, speaker, when, confidence = "quote-context", prev.speaker, prev.date, 0.5
    _add(
        doc,
        speaker=speaker,
        when=when,
        kind=StatementKind.DIRECT_QUOTE,
        start=q.start,
        end=max(attr_end, q.end),
        content=inner,
        rule=rule,
        confidence=confidence,
        attribution_end=max(attr_end, q.end),
    )


def _quote_before(doc: _Doc, sent: Sentence, q: Quote) -> None:
    before_start = sent.start + sent.dateline_end
    m = _BEFORE_ATTR.search(doc.norm[before_start : q.start])
    if m is None:  # pragma: no cover - the caller matched it
        return
    verb_at = before_start + m.start()
    if doc.out and doc.ends[-1] >= verb_at and _extend_previous(doc, q, q.end):
        return  # "“...,” Fils-Aimé said, “and ...”": one statement
    mention = _subject_before(doc, before_start, verb_at, doc.pub_day)
    when = _mention_date(doc, verb_at, mention)
    speaker = _speaker_on(doc, mention, when)
    inner = doc.norm[q.inner[0] : q.inner[1]]
    _add(
        doc,
        speaker=speaker,
        when=when,
        kind=StatementKind.DIRECT_QUOTE,
        start=sent.start,
        end=q.end,
        content=inner,
        rule="quote-before",
        confidence=mention.confidence if mention else 0.3,
        attribution_end=q.end,
    )


def _reported(doc: _Doc, sent: Sentence, m: re.Match[str], here: set[str]) -> None:
    verb_at = sent.start + m.start()
    verb_end = sent.start + m.end()
    if m.group("part"):
        _participle(doc, sent, verb_at, verb_end, here)
        return
    mention = _subject_before(doc, sent.start + sent.dateline_end, verb_at, doc.pub_day)
    if mention is None:
        return
    when = _mention_date(doc, verb_end, mention)
    speaker = _speaker_on(doc, mention, when)
    key = speaker.name or speaker.text
    if key in here:
        return  # "X said ... and he supported ...": one statement per speaker and sentence
    here.add(key)
    trailing = not doc.norm[verb_end : sent.end].strip(" .")
    if trailing:  # ", the ministry said.": the clause before is what was said
        content = doc.norm[sent.start : mention.start]
    else:
        content = doc.norm[verb_at : sent.end]
        contrast = _CONTRAST.search(content)
        content = content[: contrast.start()] if contrast else content
    position = bool(m.group("pos"))
    kind = StatementKind.REPORTED_POSITION if position else StatementKind.REPORTED_SPEECH
    guess = suggest_stance(content)
    if trailing and not speaker.resolved and guess.stance is Stance.NEUTRAL:
        return  # a figure's source, not a position: the fact extractor has the figure
    _add(
        doc,
        speaker=speaker,
        when=when,
        kind=kind,
        start=sent.start,
        end=sent.end,
        content=content,
        rule="position" if position else "reported",
        confidence=mention.confidence,
        attribution_end=verb_end,
    )


def _participle(doc: _Doc, sent: Sentence, at: int, end: int, here: set[str]) -> None:
    """ "..., adding that ...": a new statement only after a quotation's attribution (the
    quotation is one statement, the paraphrase another); otherwise it continues the
    sentence's reported speech."""
    if not doc.out or doc.out[-1].kind is not StatementKind.DIRECT_QUOTE:
        return
    prev = doc.out[-1]
    if prev.evidence is None or not (sent.start <= prev.evidence.end <= at):
        return
    if doc.norm[prev.evidence.end : at].count(",") < 1 or not prev.speaker.resolved:
        return
    _add(
        doc,
        speaker=prev.speaker,
        when=prev.date,
        kind=StatementKind.REPORTED_SPEECH,
        start=at,
        end=sent.end,
        content=doc.norm[end : sent.end],
        rule="reported-participle",
        confidence=0.7,
        attribution_end=end,
    )
    here.add(prev.speaker.name)


def _noun_from(doc: _Doc, sent: Sentence, m: re.Match[str], here: set[str]) -> None:
    """ "despite opposition from some Republican lawmakers"."""
    after_at = sent.start + m.end()
    ms = find_speakers(doc.norm[after_at : sent.end], doc.pub_day)
    if not ms or ms[0].start != 0 or ms[0].how == "pronoun":
        return
    mention = replace(ms[0], start=ms[0].start + after_at, end=ms[0].end + after_at)
    _add_position(doc, sent, mention, after_at, m.group("noun"), "position-noun", m.end(), here)


def _add_position(
    doc: _Doc,
    sent: Sentence,
    mention: SpeakerMention,
    date_at: int,
    noun: str,
    rule: str,
    attribution_len: int,
    here: set[str],
) -> None:
    """A position noun ("backing", "opposition") attributed to a speaker: once per speaker
    and sentence, its stance read from the noun."""
    when = _mention_date(doc, date_at, mention)
    speaker = _speaker_on(doc, mention, when)
    key = speaker.name or speaker.text
    if key in here:
        return
    here.add(key)
    stance = Stance.OPPOSES if noun in _OPPOSING_NOUNS else Stance.SUPPORTS
    _add(
        doc,
        speaker=speaker,
        when=when,
        kind=StatementKind.REPORTED_POSITION,
        start=sent.start,
        end=sent.end,
        content=sent.text,
        rule=rule,
        confidence=mention.confidence,
        attribution_end=sent.start + attribution_len,
        stance_override=(stance, noun),
    )


def _possessive_positions(doc: _Doc, sent: Sentence, here: set[str]) -> None:
    """ "Trump's backing of Kenya's leadership": a position the text attributes."""
    for mention in find_speakers(sent.text, doc.pub_day):
        if not mention.possessive or mention.how in ("pronoun", "unknown"):
            continue
        m = _POSS_NOUN.match(doc.norm[sent.start + mention.end : sent.end])
        if m is None or _in_quote(doc, sent.start + mention.start):
            continue
        abs_mention = replace(
            mention, start=mention.start + sent.start, end=mention.end + sent.start
        )
        _add_position(
            doc,
            sent,
            abs_mention,
            sent.start + mention.end,
            m.group("noun"),
            "position-possessive",
            mention.end + m.end(),
            here,
        )
