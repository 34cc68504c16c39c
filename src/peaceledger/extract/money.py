"""Amounts of money with their currency, as written: "US$15m", "C$80.5 million", "Ksh.77 billion",
"Sh91 billion", "€3 million", "10 million Canadian dollars".

The currency is recorded as the text gives it (ISO 4217), never converted. A bare "$" is the US
dollar; a prefix such as "C$" or "J$" says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .numbers import DIGITS, SCALE_WORDS, format_number, parse_words

# prefix -> ISO 4217; longest first when compiled
PREFIXES: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "U.S. $": "USD", "USD": "USD", "US $": "USD",
    "C$": "CAD", "CA$": "CAD", "CAN$": "CAD", "Can$": "CAD", "CDN$": "CAD", "Cdn$": "CAD",
    "CAD": "CAD",
    "J$": "JMD", "JA$": "JMD", "JMD": "JMD",
    "BZ$": "BZD", "BZD": "BZD",
    "B$": "BSD", "BSD": "BSD",
    "BDS$": "BBD", "Bds$": "BBD", "BBD": "BBD",
    "EC$": "XCD", "XCD": "XCD",
    "TT$": "TTD", "TTD": "TTD",
    "A$": "AUD", "AU$": "AUD", "AUD": "AUD",
    "NZ$": "NZD", "NZD": "NZD",
    "HK$": "HKD",
    "R$": "BRL", "BRL": "BRL",
    "Mex$": "MXN", "MX$": "MXN", "MXN": "MXN",
    "$": "USD",
    "€": "EUR", "EUR": "EUR",
    "£": "GBP", "GBP": "GBP",
    "¥": "JPY", "JPY": "JPY",
    "CHF": "CHF",
    "Ksh.": "KES", "Ksh": "KES", "KSh.": "KES", "KSh": "KES", "Kshs.": "KES", "Kshs": "KES",
    "KSH": "KES", "KES": "KES", "Sh.": "KES", "Sh": "KES", "Shs.": "KES", "Shs": "KES",
    "HTG": "HTG",
}  # fmt: skip
SUFFIXES: dict[str, str] = {
    "US dollars": "USD", "U.S. dollars": "USD", "American dollars": "USD",
    "Canadian dollars": "CAD", "Jamaican dollars": "JMD", "Bahamian dollars": "BSD",
    "Belize dollars": "BZD", "Belizean dollars": "BZD", "Barbados dollars": "BBD",
    "dollars": "USD", "euros": "EUR", "euro": "EUR",
    "Kenyan shillings": "KES", "Kenya shillings": "KES", "shillings": "KES",
    "pounds sterling": "GBP", "sterling": "GBP", "yen": "JPY", "gourdes": "HTG",
    "USD": "USD", "CAD": "CAD", "EUR": "EUR", "KES": "KES", "GBP": "GBP", "JMD": "JMD",
    "JPY": "JPY",
}  # fmt: skip

_PREFIX = "|".join(re.escape(p) for p in sorted(PREFIXES, key=len, reverse=True))
_SUFFIX = "|".join(re.escape(s) for s in sorted(SUFFIXES, key=len, reverse=True))
_SCALE = r"(?:\s?(?:million|billion|thousand|trillion|mln|mn|bn|tn)\b|(?:m|b|k|bn)\b)"
_WORDS = r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)"

_MONEY = re.compile(
    rf"(?<![\w$])(?P<cur>{_PREFIX})\s?(?P<num>{DIGITS})(?P<scale>{_SCALE})?(?![\w])"
    rf"|(?<![\w.,])(?P<num2>{DIGITS})(?P<scale2>{_SCALE})?\s(?P<suf>{_SUFFIX})\b"
    rf"|\b(?P<words>{_WORDS}(?:[\s-]+{_WORDS})*)\s(?P<scale3>million|billion|thousand)\s"
    rf"(?P<suf3>{_SUFFIX})\b",
)


@dataclass(frozen=True)
class MoneyMatch:
    start: int
    end: int
    amount: Decimal
    currency: str
    """ISO 4217."""


def _scale(text: str | None) -> int:
    t = (text or "").strip().lower()
    return SCALE_WORDS[t] if t else 1


def _plain(v: Decimal) -> Decimal:
    if v == v.to_integral_value() and v.adjusted() < 27:  # beyond the context's precision
        return v.quantize(Decimal(1))
    return v.normalize()


def find_money(text: str) -> list[MoneyMatch]:
    """Every amount of money in `text`, left to right."""
    out: list[MoneyMatch] = []
    for m in _MONEY.finditer(text):
        if m.group("cur") is not None:
            cur = PREFIXES[m.group("cur")]
            value = Decimal(m.group("num").replace(",", "")) * _scale(m.group("scale"))
        elif m.group("num2") is not None:
            cur = SUFFIXES[m.group("suf")]
            value = Decimal(m.group("num2").replace(",", "")) * _scale(m.group("scale2"))
            if m.group("suf") in ("sterling",) and not m.group("scale2"):
                continue
        else:
            w = parse_words(f"{m.group('words')} {m.group('scale3')}")
            if w is None:
                continue
            cur = SUFFIXES[m.group("suf3")]
            value = Decimal(w)
        out.append(MoneyMatch(m.start(), m.end(), _plain(value), cur))
    return out


MoneyStyle = Literal["symbol", "short", "words", "code"]
_SYMBOL = {
    "USD": "US$",
    "CAD": "C$",
    "JMD": "J$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "KES": "Ksh.",
    "BZD": "BZ$",
    "BSD": "B$",
    "BBD": "BDS$",
    "XCD": "EC$",
    "TTD": "TT$",
    "AUD": "A$",
    "NZD": "NZ$",
    "BRL": "R$",
    "MXN": "Mex$",
}


def format_money(amount: Decimal, currency: str, style: MoneyStyle = "symbol") -> str:
    """Write an amount as the press does: "US$15 million", "Ksh.77bn", "€850,000"."""
    prefix = _SYMBOL.get(currency, currency + " ")
    if style == "code":
        return f"{currency} {format_number(amount, 'scaled')}"
    if style == "short":
        for suffix, scale in (("bn", 10**9), ("m", 10**6)):
            if abs(amount) >= scale:
                return f"{prefix}{format_number(_plain(amount / scale))}{suffix}"
        return f"{prefix}{format_number(amount)}"
    if style == "words":
        words = {v: k for k, v in SUFFIXES.items() if k[0].isupper() and " " in k}
        name = words.get(currency)
        if name is not None:
            return f"{format_number(amount, 'scaled')} {name}"
    return f"{prefix}{format_number(amount, 'scaled')}"
