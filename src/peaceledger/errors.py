"""The one exception tree of peaceledger.

::

    PeaceledgerError
    ├── InputError            bad file, URL, CLI argument, form or API body (carries `where`)
    │   ├── ParseError        the input could not be read at all (binary, truncated, not CSV)
    │   └── ValidationError   readable, but a value breaks a rule; may carry many `problems`
    ├── NotFoundError         a mission, actor, fact or source that does not exist
    ├── ConflictError         a duplicate or a version clash (optimistic locking)
    ├── StoreError            the database failed; `transient` says whether a retry may help
    └── ExtractionError       the extractor could not process a document

Services and the domain raise these; only the edges (`cli/`, `web/`) turn them into exit
codes and HTTP statuses. Every class pickles with its fields, because Dask workers send
errors back to the driver.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong with it."""

    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}" if self.where else self.problem


class PeaceledgerError(Exception):
    """Root of every error peaceledger raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (self.__class__, (self.message,))

    def __str__(self) -> str:
        return self.message


class InputError(PeaceledgerError):
    """Bad input. `where` is a file:line, a field path or an argument name."""

    def __init__(self, problem: str, where: str = "") -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where = where
        self.problem = problem

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (self.__class__, (self.problem, self.where))


class ParseError(InputError):
    """The input could not be read at all."""


class ValidationError(InputError):
    """The input was read but breaks rules; `problems` lists every one of them."""

    def __init__(
        self, problem: str, where: str = "", problems: list[Problem] | tuple[Problem, ...] = ()
    ) -> None:
        super().__init__(problem, where)
        self.problems: tuple[Problem, ...] = tuple(problems) or (Problem(where, problem),)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (self.__class__, (self.problem, self.where, self.problems))

    @classmethod
    def from_problems(cls, problems: list[Problem], what: str = "input") -> ValidationError:
        n = len(problems)
        summary = f"{n} problem{'s' if n != 1 else ''} in {what}; nothing was imported"
        return cls(summary, "", problems)


class NotFoundError(PeaceledgerError):
    """Something named by the user does not exist."""

    def __init__(self, what: str, key: str) -> None:
        super().__init__(f"{what} not found: {key}")
        self.what = what
        self.key = key

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (self.__class__, (self.what, self.key))


class ConflictError(PeaceledgerError):
    """A duplicate, or an edit based on a version that is no longer current."""


class StoreError(PeaceledgerError):
    """The database failed. `transient` marks failures worth retrying (lost connection, lock)."""

    def __init__(self, message: str, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (self.__class__, (self.message, self.transient))


class ExtractionError(PeaceledgerError):
    """The extractor could not process a document."""
