"""The extractor, phenomenon by phenomenon, and its contract: never raises, explains itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peaceledger.domain.dates import FuzzyDate
from peaceledger.domain.vocab import Metric, Qualifier, ReviewStatus
from peaceledger.errors import InputError
from peaceledger.extract import Candidate, extract_facts

DATA = Path(__file__).resolve().parents[1] / "data"


def _facts(text: str, published: str | None = "2024-07-17") -> list[tuple[object, ...]]:
    pub = FuzzyDate.parse(published) if published else None
    return [
        (c.who, c.metric.value, c.value, c.unit, c.date_of_fact.iso if c.date_of_fact else "")
        for c in extract_facts(text, pub)
    ]


def _one(text: str, published: str | None = "2024-07-17") -> Candidate:
    found = extract_facts(text, FuzzyDate.parse(published) if published else None)
    assert len(found) == 1, found
    return found[0]


# --- the seed article --------------------------------------------------------------------


def test_seed_article_yields_its_seven_facts() -> None:
    text = (DATA / "seed-article.txt").read_text(encoding="utf-8")
    found = extract_facts(text, date(2025, 1, 16))
    got = {(c.who, c.metric.value, c.value) for c in found}
    assert got == {
        ("KEN", "personnel_deployed", Decimal(400)),
        ("KEN", "personnel_pledged", Decimal(1000)),
        ("USA", "funding_committed", Decimal(77_000_000_000)),
        ("GTM", "personnel_deployed", None),
        ("SLV", "personnel_deployed", None),
        ("JAM", "personnel_deployed", None),
        ("BLZ", "personnel_deployed", None),
    }
    assert all(c.value != 193 for c in found)
    deployed = next(c for c in found if c.value == 400)
    assert deployed.date_of_fact == FuzzyDate.parse("2024-06")  # "as of mid-2024"
    assert deployed.qualifier is Qualifier.AT_LEAST
    for c in found:  # evidence points into the text it quotes
        assert text[c.evidence.start : c.evidence.end] == c.evidence.quote
        assert c.rule.startswith("rule:") and 0 < c.confidence <= 1


# --- hedges and numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hedge", "qualifier"),
    [
        ("more than", Qualifier.AT_LEAST),
        ("over", Qualifier.AT_LEAST),
        ("upward of", Qualifier.AT_LEAST),
        ("nearly", Qualifier.ABOUT),
        ("about", Qualifier.ABOUT),
        ("some", Qualifier.ABOUT),
        ("roughly", Qualifier.ABOUT),
        ("around", Qualifier.ABOUT),
        ("approximately", Qualifier.ABOUT),
        ("up to", Qualifier.UP_TO),
        ("fewer than", Qualifier.AT_MOST),
        ("under", Qualifier.AT_MOST),
        ("", Qualifier.EXACT),
    ],
)
def test_hedges(hedge: str, qualifier: Qualifier) -> None:
    c = _one(f"Kenya has deployed {hedge} 400 police officers to Haiti.")
    assert (c.value, c.qualifier) == (400, qualifier)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("four hundred", 400),
        ("two dozen", 24),
        ("a dozen", 12),
        ("a thousand", 1000),
        ("1,000", 1000),
    ],
)
def test_numbers_in_words(phrase: str, value: int) -> None:
    assert _one(f"Jamaica has pledged {phrase} soldiers to the mission.").value == value


@pytest.mark.parametrize(
    ("money", "value", "unit"),
    [
        ("US$15m", 15_000_000, "USD"),
        ("$600m", 600_000_000, "USD"),
        ("C$80.5 million", 80_500_000, "CAD"),
        ("Ksh.77 billion", 77_000_000_000, "KES"),
        ("Sh91 billion", 91_000_000_000, "KES"),
        ("€3 million", 3_000_000, "EUR"),
    ],
)
def test_scale_words_and_currencies(money: str, value: int, unit: str) -> None:
    c = _one(f"Ottawa has paid {money} into the MSS trust fund.")
    assert (c.value, c.unit, c.metric) == (value, unit, Metric.FUNDING_PAID)


# --- what the number is ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        ("Kenya has pledged 1,000 police officers.", "personnel_pledged"),
        ("Kenya will send 1,000 police officers to Haiti.", "personnel_pledged"),
        ("Kenya has deployed 400 police officers to Haiti.", "personnel_deployed"),
        ("About 200 Kenyan officers landed in Port-au-Prince on Tuesday.", "personnel_arrived"),
        ("Kenya sent 200 more officers to Haiti on Tuesday.", "personnel_arrived"),
        ("Jamaica withdrew 12 soldiers from Haiti on Tuesday.", "personnel_withdrawn"),
        (
            "The Security Council authorised a force of up to 5,550 personnel.",
            "personnel_authorized",
        ),
        ("Canada pledged C$10 million for the mission.", "funding_pledged"),
        ("The US has committed $40 million to the mission.", "funding_committed"),
        ("France paid €3 million into the trust fund.", "funding_paid"),
        ("Fielding the officers would cost the mission $600 million.", "funding_requirement"),
    ],
)
def test_metric(sentence: str, metric: str) -> None:
    assert _one(sentence).metric.value == metric


def test_arrival_and_level_in_one_sentence() -> None:
    got = _facts(
        "A second planeload of roughly two hundred Kenyan officers touched down in "
        "Port-au-Prince on Tuesday, which lifts Nairobi's presence on the ground to about 400."
    )
    assert got == [
        ("KEN", "personnel_arrived", 200, "persons", "2024-07-16"),
        ("KEN", "personnel_deployed", 400, "persons", "2024-07-16"),
    ]


def test_personnel_types() -> None:
    text = "Kingston has promised 170 troops, 30 police officers and 12 soldiers and police."
    assert [c.personnel_type.value for c in extract_facts(text, None) if c.personnel_type] == [
        "military",
        "police",
        "mixed",
    ]


def test_channels() -> None:
    text = (
        "Paris has paid €3 million into the MSS trust fund and set aside €850,000 to teach the "
        "mission's police French through the OIF."
    )
    found = extract_facts(text, date(2024, 2, 1))
    assert [(c.metric.value, c.channel.value if c.channel else "") for c in found] == [
        ("funding_paid", "trust_fund"),
        ("funding_committed", "bilateral"),
    ]


def test_fatalities_count_the_mission_dead() -> None:
    c = _one(
        "A 26-year-old Kenyan constable was fatally shot on 24 February during an anti-gang "
        "sweep, the first of the mission's officers to die.",
        "2025-03",
    )
    assert (c.who, c.metric, c.value, c.date_of_fact) == (
        "KEN",
        Metric.FATALITIES,
        1,
        FuzzyDate.parse("2025-02-24"),
    )


def test_countries_named_without_a_number() -> None:
    got = _facts(
        "The Bahamas, Bangladesh, Barbados and Chad have also formally notified the United "
        "Nations of their intent to contribute personnel."
    )
    assert [(g[0], g[1], g[2]) for g in got] == [
        (code, "personnel_pledged", None) for code in ("BHS", "BGD", "BRB", "TCD")
    ]
    assert _facts("Canadian officials have ruled out sending their own troops.") == []


# --- who and which mission ---------------------------------------------------------------


def test_mission_wide_figures_follow_the_mission_in_force() -> None:
    before = _one("The force now numbers 991 personnel.", "2025-06-27")
    after = _one("The force now numbers 980 personnel.", "2025-12-08")
    assert (before.actor, before.mission) == (None, "MSS-HTI")
    assert (after.actor, after.mission) == (None, "GSF-HTI")
    named = _one("The Gang Suppression Force has 400 personnel on the ground.", "2025-06-27")
    assert named.mission == "GSF-HTI"


def test_breakdown_inherits_from_its_total() -> None:
    got = _facts(
        "President Ruto put the force at 991 personnel — mostly Kenyans, plus 150 Guatemalans "
        "and 78 Salvadorans — against pledges that topped 3,000.",
        "2025-06-27",
    )
    assert [(g[0], g[1], g[2]) for g in got] == [
        ("@MSS-HTI", "personnel_deployed", 991),
        ("GTM", "personnel_deployed", 150),
        ("SLV", "personnel_deployed", 78),
        ("@MSS-HTI", "personnel_pledged", 3000),
    ]


# --- numbers that are not mission facts ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Gangs control 80% of the capital and some 580,000 people have fled their homes.",
        "At least 3,661 people had been killed in Haiti since January.",
        "The Haitian National Police has fewer than 10,000 officers.",
        "Haiti's police force has lost 30 officers this year.",
        "MINUSTAH had 6,000 troops in Haiti before it ended in 2017.",
        "Kenya sends 500 more officers to Somalia.",
        "The Council voted 12–0 with three abstentions.",
        "Prime Minister Ariel Henry, 74, said the 193 UN member states must act.",
        "Call +254 20 2222 333 for details; the report runs to 45 pages.",
        "Blinken also announced $33 million in additional humanitarian aid for Haitians.",
        "The shilling traded at 129 to the dollar; fuel rose $2.60 a litre.",
        "Kenya elected a new parliament in 2022 with 349 members.",
    ],
)
def test_distractors(sentence: str) -> None:
    assert _facts(sentence, "2024-07-17") == []


def test_page_clutter_yields_no_facts() -> None:
    page = """<html><head><title>Markets</title></head><body>
    <nav><a href="/">Home</a> <a href="/a">Kenya sends 500 more officers to Haiti</a></nav>
    <div class="cookie">We use 3 kinds of cookies. Accept all?</div>
    <article><h1>Shilling steady</h1><p>The Kenyan shilling was steady against the dollar on
    Tuesday as traders waited for the central bank's rate decision, dealers said.</p>
    <p>Analysts expect the bank to hold rates at its next meeting.</p></article>
    <aside><h3>Most read</h3><a href="/b">Canada pledges C$80 million to Haiti force</a></aside>
    <footer>Comments (37) · © 2024 · 4 min read</footer></body></html>"""
    assert extract_facts(page, date(2024, 7, 17), fmt="html") == []


def test_html_evidence_refers_to_the_article_text() -> None:
    from peaceledger.extract import article_text

    page = (
        "<html><body><nav>Home · News</nav><article><h1>Arrival</h1><p>Some two hundred "
        "Kenyan police officers landed in Haiti on Tuesday, officials said, as the long-delayed "
        "mission finally got under way after months of legal wrangling in Nairobi.</p>"
        "</article></body></html>"
    )
    [c] = extract_facts(page, date(2024, 6, 26), fmt="html")
    text = article_text(page)
    assert text[c.evidence.start : c.evidence.end] == c.evidence.quote
    assert (c.metric, c.value, c.date_of_fact) == (
        Metric.PERSONNEL_ARRIVED,
        200,
        FuzzyDate.parse("2024-06-25"),
    )


def test_a_page_without_article_text_is_bad_input() -> None:
    with pytest.raises(InputError, match="no article text"):
        extract_facts("<html><body><nav>Home</nav></body></html>", None, fmt="html")
    with pytest.raises(InputError, match="unknown format"):
        extract_facts("text", None, fmt="pdf")


# --- the candidate as data ---------------------------------------------------------------


def test_eval_dict_and_fact() -> None:
    c = _one("Kenya has deployed more than 400 police officers to Haiti as of mid-2024.")
    d = c.to_eval_dict()
    assert d == {
        "actor": "KEN",
        "mission": "MSS-HTI",
        "metric": "personnel_deployed",
        "qualifier": "at_least",
        "value": 400,
        "unit": "persons",
        "personnel_type": "police",
        "channel": "",
        "date_of_fact": "2024-06",
        "evidence": c.evidence.quote,
        "rule": c.rule,
        "confidence": round(c.confidence, 3),
    }
    fact = c.to_fact("S1", "F1")
    assert fact.status is ReviewStatus.CANDIDATE
    assert (fact.produced_by, fact.confidence, fact.evidence) == (c.rule, c.confidence, c.evidence)


def test_quarter_precision_is_written_as_its_year() -> None:
    c = _one("Kenya had deployed 400 police officers to Haiti by early 2024, officials said.")
    assert c.to_eval_dict()["date_of_fact"] in ("", "2024", "2024-07-17")


# --- never raises ------------------------------------------------------------------------

_FRAGMENTS = [
    "Kenya", "Kenyan", "Nairobi", "Ruto", "Jamaica", "the force", "the MSS", "the trust fund",
    "Gang Suppression Force", "has deployed", "pledged", "landed", "more than", "up to", "about",
    "400", "1,000", "two dozen", "a thousand", "C$80.5 million", "Ksh.77 billion", "$600m",
    "US$15m", "€3 million", "officers", "troops", "soldiers and police", "on Tuesday",
    "last month", "mid-2024", "so far", "(", ")", " — ", ",", ".", "\n", "| Kenya | 382 |",
    "193", "80%", "12–0", "which", "killed", "the first to die", "'s", "*", "Resolution 2793",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from([None, "2024-07-17", "2024-02", "2025"]))
def test_never_raises_on_any_text(text: str, published: str | None) -> None:
    for c in extract_facts(text, FuzzyDate.parse(published) if published else None):
        assert 0 <= c.evidence.start <= c.evidence.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40),
    st.dates(date(2023, 1, 1), date(2026, 12, 31)),
)
def test_never_raises_on_mission_like_text(parts: list[str], published: date) -> None:
    text = " ".join(parts)
    for c in extract_facts(text, published):
        assert text[c.evidence.start : c.evidence.end] == c.evidence.quote
        assert c.value is None or c.value > 0
