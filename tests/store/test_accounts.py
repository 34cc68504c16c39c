"""Accounts, tokens, sessions and the audit hook in the store, on SQLite and PostgreSQL
(issue 7)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from peaceledger.accounts import (
    add_user,
    authenticate,
    create_token,
    principal_for_session,
    principal_for_token,
    start_session,
)
from peaceledger.accounts.passwords import hash_password, verify_password
from peaceledger.domain.accounts import Role
from peaceledger.errors import ConflictError, InputError
from peaceledger.ledger.audit import fact_audit, revert_fact
from peaceledger.store.sql.store import SqlStore

from .test_store import a_fact, a_source

PASSWORD = "correct horse battery"


def test_passwords_are_argon2_and_checked() -> None:
    h = hash_password(PASSWORD)
    assert h.startswith("$argon2id$") and PASSWORD not in h
    assert verify_password(h, PASSWORD) and not verify_password(h, PASSWORD + "!")
    assert not verify_password(None, PASSWORD)
    with pytest.raises(InputError):
        hash_password("short")


def test_users_tokens_and_sessions(store: SqlStore) -> None:
    alice = add_user(store, "alice", PASSWORD, Role.EDITOR, by="test")
    with pytest.raises(ConflictError):
        add_user(store, "alice", PASSWORD, Role.ADMIN, by="test")
    with pytest.raises(InputError):
        add_user(store, "../root", PASSWORD, Role.ADMIN, by="test")
    assert authenticate(store, "alice", PASSWORD) == alice
    assert authenticate(store, "alice", "wrong password") is None
    assert authenticate(store, "nobody", PASSWORD) is None

    token, secret = create_token(store, "alice", "ci", Role.ADMIN, by="test")
    assert token.role is Role.EDITOR  # never more than the user holds
    assert store.list_tokens("alice")[0].token_id == token.token_id
    principal = principal_for_token(store, secret)
    assert principal is not None and principal.role is Role.EDITOR
    assert principal_for_token(store, secret + "x") is None

    cookie = start_session(store, alice)
    session = principal_for_session(store, cookie)
    assert session is not None and session.via == "session" and len(session.csrf_token) > 20
    store.update_user("alice", by="test", disabled=True)
    assert principal_for_session(store, cookie) is None  # disabling ends sessions
    assert principal_for_token(store, secret) is None
    assert authenticate(store, "alice", PASSWORD) is None
    store.update_user("alice", by="test", disabled=False)
    store.revoke_token(token.token_id, by="test")
    assert principal_for_token(store, secret) is None
    expired = start_session(store, alice, now=datetime.now(UTC) - timedelta(days=2))
    assert principal_for_session(store, expired) is None
    actions = [e.action for e in store.audit_entries("user", "alice")]
    assert actions == ["user.add", "user.disable", "user.enable"]


def test_every_fact_version_is_audited_in_its_transaction(store: SqlStore) -> None:
    store.add_source(a_source())
    store.add_fact(replace(a_fact("F1"), recorded_by="cli:alice"))
    store.add_facts([a_fact("F2"), a_fact("F3")])
    f1 = store.get_fact("F1")
    assert f1 is not None
    store.add_fact_version(
        replace(f1, value=Decimal(401), version=2, recorded_by="web:bob", change_note="typo"),
        1,
    )
    entries = fact_audit(store, "F1")
    assert [(e.action, e.actor) for e in entries] == [("create", "cli:alice"), ("edit", "web:bob")]
    assert entries[1].before is not None and entries[1].after is not None
    assert set(entries[1].changed_fields()) == {"value"} and entries[1].note == "typo"
    # a failed write leaves no audit entry behind
    with pytest.raises(ConflictError):
        store.add_fact_version(replace(f1, version=2, change_note="stale"), 1)
    assert len(store.audit_entries("fact", "F1")) == 2
    with pytest.raises(ConflictError), store.transaction():
        store.add_fact(a_fact("F4"))
        store.add_fact(a_fact("F4"))
    assert store.audit_entries("fact", "F4") == []
    assert store.table_counts()["fact_versions"] == len(store.audit_entries("fact"))


def test_revert_is_a_new_recorded_version(store: SqlStore) -> None:
    store.add_source(a_source())
    store.add_fact(a_fact("F1"))
    f1 = store.get_fact("F1")
    assert f1 is not None
    store.add_fact_version(replace(f1, value=Decimal(999), version=2, change_note="wrong"), 1)
    after = revert_fact(store, "F1", 1, by="web:admin", note="undo")
    assert after.version == 3 and after.value == f1.value
    assert [v.version for v in store.fact_history("F1")] == [1, 2, 3]  # nothing deleted
    last = fact_audit(store, "F1")[-1]
    assert last.action == "revert" and last.note == "revert to v1 by admin web:admin: undo"
    with pytest.raises(ConflictError):
        revert_fact(store, "F1", 2, by="web:admin", expected_version=2)


def test_concurrent_edits_one_wins_the_other_gets_a_conflict(store: SqlStore) -> None:
    store.add_source(a_source())
    store.add_fact(a_fact("F1"))
    f1 = store.get_fact("F1")
    assert f1 is not None
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def edit(value: int) -> None:
        barrier.wait()
        try:
            store.add_fact_version(
                replace(f1, value=Decimal(value), version=2, change_note=str(value)), 1
            )
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=edit, args=(v,)) for v in (10, 20, 30, 40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["ok"]
    assert [v.version for v in store.fact_history("F1")] == [1, 2]
    assert len(store.audit_entries("fact", "F1")) == 2
