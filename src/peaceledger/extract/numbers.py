"""Numbers as the press writes them: "1,000", "77 billion", "$600m", "two dozen", "a thousand".

`find_numbers` returns every number in a text with its span; `parse_number` reads one whole
number phrase; `format_number` writes one back in each style, so the two can be checked
against each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SCALE_WORDS: dict[str, int] = {
    **_SCALES,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "bn": 10**9,
    "b": 10**9,
    "k": 10**3,
    "tn": 10**12,
}
_WORD = r"(?:" + "|".join(sorted([*_UNITS, "hundred", "dozen", *_SCALES], key=len, reverse=True))
_WORD += r")"

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_AFTER = r"(?:\s?(?:million|billion|thousand|trillion|mln|mn|bn|tn)\b|(?:m|b|k)\b)"
_DIGIT_NUMBER = re.compile(
    rf"(?<![\w.,])(?P<num>{DIGITS})(?P<scale>{_SCALE_AFTER})?(?![\w])", re.IGNORECASE
)
_AND = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+"
_WORD_NUMBER = re.compile(
    rf"\b(?:(?:a|an)[\s-]+(?={_WORD}\b))?{_WORD}(?:(?:[\s-]+|{_AND}){_WORD})*\b", re.IGNORECASE
)
_FRACTION_AFTER = re.compile(
    r"^-(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|"
    r"tenths?|year|day|week|month|hour|minute)",
    re.I,
)
_VAGUE_BEFORE = re.compile(r"\b(?:few|several|many|hundreds|thousands|dozens|tens)\s+$", re.I)


@dataclass(frozen=True)
class NumberMatch:
    start: int
    end: int
    value: Decimal
    words: bool
    """Written in words ("two hundred"), not digits."""
    scaled: bool = False
    """Carries a scale word ("77 billion", "$600m")."""


def _words_value(words: list[str]) -> int | None:
    total, current, seen = 0, 0, False
    pending_a = False
    for w in words:
        if w in ("a", "an"):
            pending_a = True
            continue
        if w == "and":
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "dozen":
            current = (current or 1) * 12
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
        pending_a = False
    if not seen or pending_a:
        return None
    return total + current


def _truncate_and(tokens: list[str]) -> list[str]:
    """ "and" joins only after hundred/thousand/...: "one and two" is two numbers."""
    out: list[str] = []
    for i, t in enumerate(tokens):
        if t == "and" and (i == 0 or tokens[i - 1] not in ("hundred", *_SCALES)):
            break
        out.append(t)
    while out and out[-1] == "and":
        out.pop()
    return out


_TOKEN = re.compile(r"[a-z]+")


def parse_words(text: str) -> int | None:
    """A number written in words, or None."""
    tokens = _truncate_and(_TOKEN.findall(text.lower()))
    if not tokens:
        return None
    return _words_value(tokens)


def parse_number(text: str) -> Decimal | None:
    """The value of a whole number phrase ("1,000", "77 billion", "two dozen"), or None."""
    t = text.strip()
    m = _DIGIT_NUMBER.fullmatch(t)
    if m:
        return _digit_value(m)
    # the whole text must be one number in words
    if _WORD_NUMBER.fullmatch(t) is None:
        return None
    v = parse_words(t)
    return None if v is None else Decimal(v)


def _digit_value(m: re.Match[str]) -> Decimal | None:
    try:
        v = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only admits digits
        return None
    scale = (m.group("scale") or "").strip().lower()
    if scale:
        v *= SCALE_WORDS[scale]
    return v.normalize() if v == v.to_integral_value() else v


def _plain(v: Decimal) -> Decimal:
    """Integral values without an exponent, so `Decimal("7.7E+10")` prints as 77000000000."""
    if v == v.to_integral_value() and v.adjusted() < 27:  # beyond the context's precision
        return v.quantize(Decimal(1))
    return v.normalize()


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in `text`, digits or words, with its span, left to right."""
    out: list[NumberMatch] = []
    for m in _DIGIT_NUMBER.finditer(text):
        v = _digit_value(m)
        if v is None:
            continue
        out.append(NumberMatch(m.start(), m.end(), _plain(v), False, bool(m.group("scale"))))
    for m in _WORD_NUMBER.finditer(text):
        tokens = _truncate_and(_TOKEN.findall(m.group(0).lower()))
        w = _words_value(tokens)
        if w is None:
            continue
        end = _end_of_tokens(text, m.start(), len(tokens))
        if _FRACTION_AFTER.match(text[end:]) or _VAGUE_BEFORE.search(text[: m.start()]):
            continue
        scaled = any(t in _SCALES for t in tokens)
        out.append(NumberMatch(m.start(), end, Decimal(w), True, scaled))
    out.sort(key=lambda n: n.start)
    return out


def _end_of_tokens(text: str, start: int, n: int) -> int:
    pos = start
    for _ in range(n):
        m = _TOKEN.search(text.lower(), pos)
        if m is None:  # pragma: no cover - tokens came from this text
            break
        pos = m.end()
    return pos


# --- formatting (the inverse, for tests and for display) ----------------------------------

NumberStyle = Literal["digits", "words", "scaled"]
_UNIT_NAMES = {v: k for k, v in _UNITS.items() if v < 20 or v % 10 == 0}


def _words_below_thousand(n: int) -> list[str]:
    out: list[str] = []
    if n >= 100:
        out += [_UNIT_NAMES[n // 100], "hundred"]
        n %= 100
        if n:
            out.append("and")
    if n >= 20:
        out.append(_UNIT_NAMES[n - n % 10] + (f"-{_UNIT_NAMES[n % 10]}" if n % 10 else ""))
    elif n or not out:
        out.append(_UNIT_NAMES[n])
    return out


def number_words(n: int) -> str:
    """English words for a whole number below 10**15 ("two hundred and fifty thousand")."""
    if n < 0 or n >= 10**15:
        raise ValueError(f"cannot write {n} in words")
    if n == 0:
        return "zero"
    parts: list[str] = []
    for name, scale in sorted(_SCALES.items(), key=lambda kv: -kv[1]):
        if n >= scale:
            parts += [*_words_below_thousand(n // scale), name]
            n %= scale
    if n:
        if parts and n < 100:
            parts.append("and")
        parts += _words_below_thousand(n)
    return " ".join(parts)


def format_number(value: Decimal, style: NumberStyle = "digits") -> str:
    """Write `value` as the press would: "1,000", "two hundred", "77 billion"."""
    if style == "words":
        if value != value.to_integral_value():
            raise ValueError("only whole numbers are written in words")
        return number_words(int(value))
    if style == "scaled":
        for name, scale in sorted(_SCALES.items(), key=lambda kv: -kv[1]):
            if abs(value) >= scale:
                q = _plain(value / scale)
                return f"{format_number(q)} {name}"
    v = _plain(value)
    if v == v.to_integral_value():
        return f"{int(v):,}"
    whole, _, frac = f"{v:f}".partition(".")
    return f"{int(whole):,}.{frac}"
