"""Generated input that looks enough like the real thing to reach deep into the parsers:
valid tokens (metrics, codes, dates, amounts) mixed with arbitrary text and bytes."""

from __future__ import annotations

from hypothesis import strategies as st

from peaceledger.domain.vocab import Basis, Channel, Metric, PersonnelType, Qualifier, ReviewStatus

CODES = ["KEN", "JAM", "USA", "BHS", "UN", "EU", "XXX", "ken", "", "Kenya"]
MISSIONS = ["MSS-HTI", "GSF-HTI", "NOPE", "", "mss-hti"]
DATES = [
    "2024",
    "2024-06",
    "2024-06-25",
    "2024-Q3",
    "2024-H2",
    "mid-2024",
    "2024-13-45",
    "",
    "0000",
    "9999-12-31",
    "2024-35",
]
NUMBERS = [
    "400",
    "1,000",
    "-5",
    "0",
    "1e308",
    "NaN",
    "inf",
    "3.5",
    "",
    "12345678901234567890",
    "0x10",
    "١٢٣",
]

text = st.text(max_size=40)
token = st.one_of(
    st.sampled_from([m.value for m in Metric]),
    st.sampled_from([q.value for q in Qualifier]),
    st.sampled_from([p.value for p in PersonnelType]),
    st.sampled_from([c.value for c in Channel]),
    st.sampled_from([b.value for b in Basis]),
    st.sampled_from([s.value for s in ReviewStatus]),
    st.sampled_from(CODES),
    st.sampled_from(MISSIONS),
    st.sampled_from(DATES),
    st.sampled_from(NUMBERS),
    st.sampled_from(
        ["https://example.org/a", "http://x", "ftp://x", "javascript:alert(1)", "true", "no"]
    ),
    text,
)

FACT_FIELDS = [
    "fact_id", "mission", "actor", "metric", "qualifier", "value", "unit", "personnel_type",
    "channel", "date_of_fact", "source_id", "note", "basis", "status", "pinned",
    "evidence_start", "evidence_end", "evidence_quote", "source_url", "source_title",
    "source_publisher", "source_published", "source_kind", "surprise",
]  # fmt: skip
SOURCE_FIELDS = ["source_id", "url", "title", "publisher", "published", "kind", "retrieved_at"]
EVENT_FIELDS = [
    "event_id",
    "mission",
    "actor",
    "date",
    "kind",
    "value",
    "unit",
    "description",
    "source_id",
]


def rows(fields: list[str], max_size: int = 6) -> st.SearchStrategy[list[dict[str, str]]]:
    return st.lists(
        st.dictionaries(st.sampled_from(fields), token, max_size=len(fields)), max_size=max_size
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | token,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=20,
)

WORDS = [
    "Kenya", "Kenyan", "Nairobi", "Jamaica", "the United States", "Washington", "Benin", "Haiti",
    "police", "officers", "soldiers", "troops", "personnel", "deployed", "arrived", "pledged",
    "committed", "paid", "deposited", "killed", "withdrew", "another", "more than", "about",
    "up to", "at least", "nearly", "1,000", "400", "200", "2.5", "$", "US$", "million", "billion",
    "KSh", "€", "on Tuesday", "last month", "in June", "2024", "mid-2025", "the mission", "MSS",
    "trust fund", "UN", ",", ".", ";", "\n", "\n\n", "(", ")", "\"", "'", "-", "—", "%", "said",
    "a", "the", "of", "to", "and", "by",
]  # fmt: skip
article = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=80).map(
    " ".join
)
