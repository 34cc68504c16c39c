"""A synthetic news corpus about the MSS Haiti mission, of any size, seeded and reproducible.

Usage::

    python bench/corpus.py OUT --docs 100000 [--seed 8] [--layout jsonl|parquet|txt|md|html]

`OUT` is a `.jsonl` file, a `.parquet` file, or a directory of files (`txt`, `md` with front
matter, `html` pages with navigation, banners and footers around the article). The same seed
gives the same corpus, byte for byte.

Articles are built like wire copy: a dateline, one to three *claims* drawn from a fixed pool
(so many articles repeat "more than 400 Kenyan police", which is what grouping is for), each
in one of several wordings (country, demonym or capital; numbers in digits or words; hedges:
"more than", "about", "up to"), money in several currencies, and distractors that carry numbers
but no mission figure: death tolls, displaced people, years, percentages, population. About 1%
of the articles are verbatim syndicated copies of an earlier one (same text, another URL).
`generate()` is importable; the tests use it to make small corpora.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ACTORS = [
    # name, demonym, capital
    ("Kenya", "Kenyan", "Nairobi"),
    ("Jamaica", "Jamaican", "Kingston"),
    ("the Bahamas", "Bahamian", "Nassau"),
    ("Belize", "Belizean", "Belmopan"),
    ("Guatemala", "Guatemalan", "Guatemala City"),
    ("El Salvador", "Salvadoran", "San Salvador"),
    ("Benin", "Beninese", "Porto-Novo"),
    ("Chad", "Chadian", "N'Djamena"),
    ("Bangladesh", "Bangladeshi", "Dhaka"),
    ("Barbados", "Barbadian", "Bridgetown"),
]
WORDS = {
    100: "one hundred",
    150: "150",
    200: "two hundred",
    300: "three hundred",
    400: "four hundred",
    600: "six hundred",
    1000: "one thousand",
    2000: "two thousand",
    2500: "2,500",
}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
HEDGES = {"exact": [""], "at_least": ["more than ", "over "], "about": ["about ", "around "]}
NOUNS = {"police": ["police officers", "police"], "military": ["soldiers", "troops"]}
MONEY = [
    # (who, currency prefix, amount words, channel phrase)
    ("The United States", "US$", "300 million", " to the trust fund"),
    ("Canada", "CA$", "80.5 million", ""),
    ("Germany", "€", "5 million", " to the trust fund"),
    ("The United Kingdom", "£", "4 million", ""),
    ("Japan", "US$", "14 million", " to the trust fund"),
    ("France", "€", "3 million", " to the trust fund"),
]
DISTRACTORS = [
    "Gang violence killed more than {n:,} people in Haiti in {y}, according to the United Nations.",
    "Some {n:,} people have been displaced by the fighting, the International Organization for "
    "Migration said.",
    "Food prices rose by {p} percent over the past year.",
    "Haiti, which won its independence in 1804, has about 11.7 million inhabitants.",
    "Gangs control an estimated {p} percent of the capital, Port-au-Prince.",
    "The UN appeal for {y} was only {p} percent funded by the end of the year.",
    "More than {n:,} children are out of school, UNICEF said.",
    "Police said {k} people were wounded in an attack on a market on Tuesday.",
]
FILLER = [
    "The mission is authorized by the UN Security Council and led by Kenya.",
    "Residents described long queues at the few petrol stations still open.",
    "Officials did not say when further contingents would arrive.",
    "Human rights groups called for more oversight of the operation.",
    "The transitional council has promised elections, without a date.",
    "Airlines suspended flights to the capital after aircraft were hit by gunfire.",
    "Analysts say the force remains far smaller than what was planned.",
    "Schools in several neighbourhoods reopened this week after months of closure.",
    "The main road to the north has been blocked by armed groups for weeks.",
    "Diplomats at the United Nations in New York discussed the future of the operation.",
    "Hospitals reported shortages of fuel for their generators and of blood supplies.",
    "Church leaders appealed for calm ahead of the holidays.",
    "Several gang leaders remain under UN sanctions for violence and extortion.",
    "Aid agencies said access to some districts was possible only by helicopter.",
    "The port of the capital resumed operations after a two-week closure.",
    "Local journalists said they were increasingly unable to work safely.",
    "The interim prime minister met the mission's commander on Monday.",
    "Critics questioned whether the funding would last until the end of the mandate.",
    "Officers patrolled the area around the national palace overnight.",
    "Farmers in the Artibonite valley said they could not reach their fields.",
    "Diaspora groups in Miami and Montreal held vigils for the victims.",
    "The mission's headquarters near the airport was reinforced with concrete barriers.",
    "Residents of Carrefour-Feuilles said they had fled their homes twice this year.",
    "A spokesperson for the national police declined to comment on the operation.",
    "The Security Council is expected to review the mandate before it expires.",
    "Teachers' unions called a strike over unpaid salaries and insecurity.",
    "Trucks carrying food were looted on the road out of the capital.",
    "The government announced a curfew in several communes of the West department.",
    "Observers noted that the armoured vehicles promised earlier had still not arrived.",
    "Some families have been living in schools turned into shelters since last year.",
    "The regional bloc CARICOM urged its members to keep supporting the force.",
    "Doctors Without Borders suspended activities at one of its clinics after a raid.",
    "The electricity company said repeated attacks on its lines had cut power supply.",
    "Officers from the mission trained Haitian police units in crowd control.",
    "A new police academy class graduated in a ceremony attended by diplomats.",
    "The border crossing with the Dominican Republic remained open to trade.",
    "Human rights monitors documented abuses by armed groups and by vigilantes.",
    "Prices of rice and cooking oil have doubled in some markets since the spring.",
    "The mission said its patrols would continue around the clock.",
    "Most embassies have reduced their staff to a minimum.",
    "The national palace has been repaired after it was damaged in the fighting.",
]
HEADLINES = [
    "Haiti: foreign police struggle to push back gangs",
    "New contingent lands in Port-au-Prince",
    "Security mission in Haiti short of money and people",
    "Donors meet on Haiti force as violence spreads",
    "What the Kenya-led mission has achieved so far",
]
PUBLISHERS = ["Wire Service", "Caribbean Daily", "Nairobi Times", "Global Desk", "Le Courrier"]


@dataclass(frozen=True)
class Claim:
    """A figure the corpus repeats: its wordings all state the same fact."""

    wordings: tuple[str, ...]
    when: date
    """From this day the claim can be reported."""


@dataclass(frozen=True)
class Article:
    text: str
    published: date
    url: str
    title: str


def _number(n: int, rng: random.Random) -> str:
    if n in WORDS and rng.random() < 0.3:
        return WORDS[n]
    return f"{n:,}"


def _claims(rng: random.Random) -> list[Claim]:
    """The pool of repeated claims: personnel deployed, pledged and arrived; money pledged."""
    out: list[Claim] = []
    for name, demonym, capital in ACTORS:
        for _ in range(3):
            year = rng.choice([2024, 2025])
            month = rng.randint(1, 9 if year == 2025 else 12)
            n = rng.choice(list(WORDS))
            kind = rng.choice(list(NOUNS))
            hedge = rng.choice(list(HEDGES))
            when = f"{MONTHS[month - 1]} {year}"
            metric = rng.choice(["deployed", "pledged"])
            wordings = []
            for _ in range(4):
                h = rng.choice(HEDGES[hedge])
                noun = rng.choice(NOUNS[kind])
                num = _number(n, rng)
                if metric == "deployed":
                    wordings.append(
                        rng.choice(
                            [
                                f"{name} has deployed {h}{num} {noun} to Haiti as of {when}",
                                f"{h}{num} {demonym} {noun} had been deployed to Haiti as of "
                                f"{when}",
                                f"{capital} has deployed {h}{num} {noun} in Haiti as of {when}",
                            ]
                        )
                    )
                else:
                    wordings.append(
                        rng.choice(
                            [
                                f"{name} pledged {h}{num} {noun} to the mission in {when}",
                                f"In {when}, {name} pledged {h}{num} {noun} to the mission",
                                f"{capital} pledged {h}{num} {noun} to the mission in {when}",
                            ]
                        )
                    )
            out.append(Claim(tuple(_sentence(w) for w in wordings), date(year, month, 28)))
    for who, cur, amount, channel in MONEY:
        year = rng.choice([2024, 2025])
        when = f"{MONTHS[rng.randint(0, 8)]} {year}"
        out.append(
            Claim(
                (
                    f"{who} pledged {cur}{amount}{channel} for the mission in {when}.",
                    f"In {when}, {who[0].lower() + who[1:] if who.startswith('The') else who} "
                    f"pledged "
                    f"{cur}{amount}{channel} for the mission.",
                ),
                date(year, 9, 28),
            )
        )
    return out


def _sentence(s: str) -> str:
    return s[0].upper() + s[1:] + "."


def generate(n: int, seed: int = 8) -> Iterator[Article]:
    """`n` articles, the same for the same seed."""
    rng = random.Random(seed)
    pool = _claims(rng)
    start = date(2024, 3, 1)
    earlier: list[Article] = []
    for i in range(n):
        if earlier and rng.random() < 0.01:  # a syndicated copy: same text, another URL
            copy = rng.choice(earlier)
            yield Article(copy.text, copy.published, f"https://news.example.org/a/{i}", copy.title)
            continue
        picked = rng.sample(pool, rng.randint(1, 3))
        first = max(c.when for c in picked)
        published = max(first, start) + timedelta(days=rng.randint(1, 120))
        body = [rng.choice(c.wordings) for c in picked]
        body += [
            rng.choice(DISTRACTORS).format(
                n=rng.randrange(1000, 900000, 100),
                y=rng.choice([2023, 2024, 2025]),
                p=rng.randint(5, 95),
                k=rng.randint(2, 40),
            )
            for _ in range(rng.randint(2, 5))
        ]
        body += rng.sample(FILLER, rng.randint(16, 30))
        rng.shuffle(body)
        place = rng.choice(["PORT-AU-PRINCE", "NAIROBI", "NEW YORK", "KINGSTON"])
        title = f"{rng.choice(HEADLINES)} (report {i})"
        paras = [" ".join(body[j : j + 3]) for j in range(0, len(body), 3)]
        text = f"{title}\n\n{place} — " + "\n\n".join(paras) + "\n"
        article = Article(text, published, f"https://news.example.org/a/{i}", title)
        if len(earlier) < 500:
            earlier.append(article)
        yield article


def html_page(a: Article, rng: random.Random) -> str:
    """The article inside the clutter of a news site."""
    paras = "".join(f"<p>{p}</p>" for p in a.text.split("\n\n")[1:])
    related = "".join(
        f'<li><a href="/r/{rng.randint(1, 9999)}">Markets close {rng.randint(1, 9)}% higher'
        "</a></li>"
        for _ in range(4)
    )
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{a.title}</title>"
        f'<meta property="article:published_time" content="{a.published.isoformat()}">'
        f'<meta property="og:site_name" content="{rng.choice(PUBLISHERS)}">'
        "</head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        '<div class="cookie">We use cookies. <button>Accept all</button></div>'
        f"<article><h1>{a.title}</h1>{paras}</article>"
        f'<aside><h2>Related</h2><ul>{related}</ul></aside><div class="ad">Subscribe for'
        f" {rng.randint(1, 9)} euros a month</div>"
        "<footer>© 2025 Example News. All rights reserved.</footer></body></html>"
    )


def write_corpus(out: Path, n: int, seed: int = 8, layout: str | None = None) -> Path:
    """Write `n` articles to `out` in `layout` (by default from `out`'s suffix)."""
    layout = layout or {".jsonl": "jsonl", ".parquet": "parquet"}.get(out.suffix, "txt")
    articles = generate(n, seed)
    if layout == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for a in articles:
                row = {"text": a.text, "published": a.published.isoformat(), "url": a.url}
                fh.write(json.dumps({**row, "title": a.title}) + "\n")
        return out
    if layout == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [
            {"text": a.text, "published": a.published.isoformat(), "url": a.url, "title": a.title}
            for a in articles
        ]
        out.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows), out, row_group_size=10_000)
        return out
    rng = random.Random(seed + 1)
    out.mkdir(parents=True, exist_ok=True)
    for i, a in enumerate(articles):
        sub = out / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        if layout == "html":
            (sub / f"{i:07d}.html").write_text(html_page(a, rng), encoding="utf-8")
        else:
            head = (
                f"---\npublished: {a.published.isoformat()}\nurl: {a.url}\ntitle: {a.title}\n---\n"
            )
            (sub / f"{i:07d}.{layout}").write_text(head + a.text, encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--layout", choices=["jsonl", "parquet", "txt", "md", "html"])
    args = ap.parse_args()
    path = write_corpus(args.out, args.docs, args.seed, args.layout)
    print(f"wrote {args.docs:,} articles to {path}")


if __name__ == "__main__":
    main()
