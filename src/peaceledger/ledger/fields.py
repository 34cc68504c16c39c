"""Parsing of single fields from files, forms and API bodies, with messages that name the field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from ..domain.dates import FuzzyDate, parse_fuzzy_date
from ..errors import InputError, Problem

E = TypeVar("E", bound=StrEnum)

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class FieldErrors:
    """Collects problems of one row so that every bad field is reported, not just the first."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def add(self, field: str, problem: str) -> None:
        self.problems.append(Problem(f"{self.where}: {field}", problem))

    def decimal(self, field: str, text: str) -> Decimal | None:
        text = text.strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if _GROUPED.match(text):
            text = text.replace(",", "")
        if not _PLAIN.match(text):
            self.add(field, f"not a number: {text!r}")
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.add(field, f"not a number: {text!r}")
            return None
        if not value.is_finite():
            self.add(field, f"not a finite number: {text!r}")
            return None
        return value

    def integer(self, field: str, text: str) -> int | None:
        value = self.decimal(field, text)
        if value is None:
            return None
        if value != value.to_integral_value():
            self.add(field, f"expected a whole number, got {text!r}")
            return None
        return int(value)

    def enum(self, field: str, enum: type[E], text: str, default: E | None = None) -> E | None:
        text = text.strip()
        if not text:
            return default
        try:
            return enum(text)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            self.add(field, f"{text!r} is not one of: {allowed}")
            return None

    def date(self, field: str, text: str) -> FuzzyDate | None:
        text = text.strip()
        if not text:
            return None
        try:
            return parse_fuzzy_date(text)
        except InputError as exc:
            self.add(field, exc.problem)
            return None

    def boolean(self, field: str, text: str) -> bool:
        t = text.strip().lower()
        if t in ("", "0", "false", "no", "n"):
            return False
        if t in ("1", "true", "yes", "y"):
            return True
        self.add(field, f"expected true or false, got {text!r}")
        return False
