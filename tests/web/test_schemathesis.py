"""schemathesis against the app's own OpenAPI document (issue 7): generated requests to every
`/api/v1` operation, through a real server on a real database (the built-in ledger, SQLite),
with an admin token. Zero server errors (5xx), and every response matches the documented
status codes, content types and schemas.

Bounded for CI: a few dozen examples per operation. The writes it generates land in a
throwaway copy of the ledger; URLs it generates are refused (private addresses) or fail fast.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from peaceledger.accounts import add_user, create_token
from peaceledger.config import Settings
from peaceledger.domain.accounts import Role
from peaceledger.ledger.builtin import load_builtin
from peaceledger.store.sql.store import SqlStore
from peaceledger.web import create_app

from .live import serving

pytestmark = pytest.mark.slow
EXAMPLES = 40
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def live_api(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    tmp = tmp_path_factory.mktemp("schemathesis")
    shutil.copy(sqlite_template, tmp / "ledger.db")
    store = SqlStore(f"sqlite:///{tmp / 'ledger.db'}")
    load_builtin(store)
    add_user(store, "fuzzer", "correct horse battery", Role.ADMIN, by="test")
    _, secret = create_token(store, "fuzzer", "schemathesis", None, by="test")
    settings_ = Settings(db_url=store.url, data_dir=tmp, user="test:web")
    with serving(create_app(settings_, store)) as url:
        yield url, secret
    store.close()


def test_api_conforms_to_its_openapi_document(live_api: tuple[str, str]) -> None:
    """Every operation in turn (schemathesis's pytest plugin does not run on this pytest, so
    the operations are driven here with Hypothesis directly); all failures are reported."""
    url, secret = live_api
    schema = schemathesis.openapi.from_url(f"{url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {secret}"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,  # the same cases on every run: CI stays reproducible
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=url, headers=headers, checks=CHECKS, timeout=30)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collected: one report names all
            failures.append(f"{operation.label}: {exc}"[:2000])
    assert operations >= 12
    assert not failures, "\n\n".join(failures)
