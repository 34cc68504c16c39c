import pickle

import pytest

from peaceledger.errors import (
    ConflictError,
    ExtractionError,
    InputError,
    NotFoundError,
    ParseError,
    PeaceledgerError,
    Problem,
    StoreError,
    ValidationError,
)

ERRORS = [
    PeaceledgerError("x"),
    InputError("not a date", "facts.csv:3: date_of_fact"),
    ParseError("binary content", "a.csv"),
    ValidationError.from_problems([Problem("a.csv:2: actor", "unknown"), Problem("a.csv:3", "b")]),
    NotFoundError("mission", "NOPE"),
    ConflictError("stale"),
    StoreError("lost connection", transient=True),
    ExtractionError("boom"),
]


@pytest.mark.parametrize("exc", ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_survives_pickling(exc: PeaceledgerError) -> None:
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc) and str(back) == str(exc)
    assert back.__dict__ == exc.__dict__


def test_validation_error_lists_every_problem() -> None:
    exc = ERRORS[3]
    assert isinstance(exc, ValidationError)
    assert [str(p) for p in exc.problems] == ["a.csv:2: actor: unknown", "a.csv:3: b"]
    assert "2 problems" in str(exc) and "nothing was imported" in str(exc)
