"""`peaceledger user ...`, `history`, `revert` and `retract` in a subprocess (issue 7)."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import run_cli

PASSWORD = "correct horse battery\n"


def _json(done: object) -> dict:  # type: ignore[type-arg]
    assert getattr(done, "returncode", 1) == 0, getattr(done, "stderr", "")
    return json.loads(done.stdout)  # type: ignore[attr-defined,no-any-return]


def test_users_roles_and_tokens(cli_db: str) -> None:
    done = run_cli(
        "user",
        "add",
        "alice",
        "--role",
        "admin",
        "--password-stdin",
        db=cli_db,
        input_text=PASSWORD,
    )
    assert done.returncode == 0 and "alice (admin)" in done.stdout, done.stderr
    again = run_cli("user", "add", "alice", "--password-stdin", db=cli_db, input_text=PASSWORD)
    assert again.returncode == 1 and "already exists" in again.stderr
    short = run_cli("user", "add", "bob", "--password-stdin", db=cli_db, input_text="short\n")
    assert short.returncode == 2 and "password" in short.stderr
    bad_role = run_cli(
        "user", "add", "bob", "--role", "king", "--password-stdin", db=cli_db, input_text=PASSWORD
    )
    assert bad_role.returncode == 2 and "role" in bad_role.stderr
    assert (
        run_cli(
            "user",
            "add",
            "bob",
            "--role",
            "editor",
            "--password-stdin",
            db=cli_db,
            input_text=PASSWORD,
        ).returncode
        == 0
    )
    assert run_cli("user", "set-role", "bob", "viewer", db=cli_db).returncode == 0
    assert run_cli("user", "disable", "bob", db=cli_db).returncode == 0
    users = {
        u["username"]: u for u in _json(run_cli("user", "list", "-f", "json", db=cli_db))["users"]
    }
    assert users["bob"]["role"] == "viewer" and users["bob"]["disabled"] is True
    assert users["alice"]["role"] == "admin" and users["alice"]["created_by"].startswith("cli:")

    token = _json(
        run_cli(
            "user",
            "token",
            "add",
            "alice",
            "--name",
            "ci",
            "--role",
            "editor",
            "-f",
            "json",
            db=cli_db,
        )
    )
    assert token["token"].startswith("plt_") and token["role"] == "editor"
    listed = _json(run_cli("user", "token", "list", "-f", "json", db=cli_db))["tokens"]
    assert [t["id"] for t in listed] == [token["id"]] and token["token"] not in json.dumps(listed)
    assert run_cli("user", "token", "revoke", str(token["id"]), db=cli_db).returncode == 0
    listed = _json(run_cli("user", "token", "list", "alice", "-f", "json", db=cli_db))["tokens"]
    assert listed[0]["revoked_at"] is not None

    # secrets never reach the database: the password as an argon2 hash, the token as sha256
    with sqlite3.connect(cli_db.removeprefix("sqlite:///")) as conn:
        hashes = [r[0] for r in conn.execute("select password_hash from users")]
        stored = [r[0] for r in conn.execute("select token_sha256 from api_tokens")]
        actions = [
            r[0]
            for r in conn.execute(
                "select action from audit_log where object_kind in ('user','token') order by id"
            )
        ]
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert stored and token["token"] not in stored[0] and len(stored[0]) == 64
    assert actions == [
        "user.add",
        "user.add",
        "user.role",
        "user.disable",
        "token.add",
        "token.revoke",
    ]


def test_history_revert_and_retract(ledger_db: str) -> None:
    assert (
        run_cli(
            "review", "edit", "MSS-001", "--set", "value=999", "--note", "typo", db=ledger_db
        ).returncode
        == 0
    )
    assert run_cli("retract", "MSS-001", "--note", "withdrawn", db=ledger_db).returncode == 0
    stale = run_cli(
        "revert", "MSS-001", "--to-version", "1", "--expected-version", "2", db=ledger_db
    )
    assert stale.returncode == 1 and "someone changed it" in stale.stderr
    done = run_cli(
        "revert", "MSS-001", "--to-version", "1", "--note", "retraction was wrong", db=ledger_db
    )
    assert done.returncode == 0 and "version 4" in done.stdout, done.stderr
    entries = _json(run_cli("history", "MSS-001", "-f", "json", db=ledger_db))["entries"]
    assert [e["action"] for e in entries] == ["import", "edit", "retract", "revert"]
    assert entries[1]["changes"]["value"] == {"before": "1000", "after": "999"}
    assert entries[2]["changes"]["status"] == {"before": "accepted", "after": "retracted"}
    assert entries[3]["changes"]["value"] == {"before": "999", "after": "1000"}
    assert all(e["actor"].startswith("cli:") for e in entries[1:])
    table = run_cli("history", "MSS-001", db=ledger_db)
    assert table.returncode == 0 and "revert" in table.stdout
    missing = run_cli("history", "NOPE-1", db=ledger_db)
    assert missing.returncode == 2 and "NOPE-1" in missing.stderr
    shown = _json(run_cli("show", "MSS-001", "-f", "json", db=ledger_db))
    assert len(shown["history"]) == 4  # nothing was deleted: every version is still there
