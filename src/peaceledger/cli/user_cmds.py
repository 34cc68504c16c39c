"""`peaceledger user add | list | disable | enable | set-role | password | token ...` (issue 7).

The CLI is trusted: whoever can run it holds the database URL and could change any row, so it
does not log in; it acts as the local user (`Settings.user`) and is recorded as such. It is how
the first admin is made (`peaceledger user add NAME --role admin`) and how tokens are issued.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any, cast

import typer
from rich.table import Table

from ..accounts import add_user, create_token, revoke_token, set_disabled, set_password, set_role
from ..accounts.service import parse_role
from ..domain.accounts import Role
from ..errors import InputError
from ..store.base import TrustedStore
from . import render
from .main import err_console, state
from .options import Format, FormatOpt

user_app = typer.Typer(
    help="Accounts for the web app: users with a role (viewer, editor, admin) and API tokens.",
    no_args_is_help=True,
)
token_app = typer.Typer(
    help="API tokens: shown once, stored hashed, revocable, scoped to a role.",
    no_args_is_help=True,
)
user_app.add_typer(token_app, name="token")

UserArg = Annotated[str, typer.Argument(help="The user name.")]
PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
]


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")


def _store(ctx: typer.Context) -> TrustedStore:
    """The ledger with its accounts: `SqlStore` implements both protocols."""
    return cast(TrustedStore, state(ctx).store())


def _by(ctx: typer.Context) -> str:
    return state(ctx).settings.user


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InputError("no password on standard input", "--password-stdin")
        return line
    if not sys.stdin.isatty():
        raise InputError(
            "give the password with --password-stdin (no terminal to ask)", "--password-stdin"
        )
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    username: UserArg,
    role: Annotated[str, typer.Option("--role", help="viewer, editor or admin.")] = "viewer",
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a user. With no users yet, make an admin first: it bootstraps the web app."""
    parsed = parse_role(role)
    user = add_user(_store(ctx), username, _password(password_stdin), parsed, by=_by(ctx))
    render.console.print(f"Added {user.username} ({user.role.value}).")


@user_app.command("list")
def user_list(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    """Users, their roles and whether they are disabled."""
    users = _store(ctx).list_users()
    rows: list[dict[str, Any]] = [
        {
            "username": u.username,
            "role": u.role.value,
            "disabled": u.disabled,
            "created_at": u.created_at.isoformat() if u.created_at else None,
            "created_by": u.created_by,
        }
        for u in users
    ]
    if fmt is Format.JSON:
        render.print_json({"users": rows})
    elif fmt is Format.CSV:
        render.print_csv(rows, ["username", "role", "disabled", "created_at", "created_by"])
    else:
        t = Table(title=f"{len(rows)} user(s)", title_justify="left")
        for col in ("User", "Role", "State", "Created", "By"):
            t.add_column(col)
        for r in rows:
            state_ = "disabled" if r["disabled"] else "active"
            t.add_row(r["username"], r["role"], state_, r["created_at"] or "", r["created_by"])
        render.console.print(t)


@user_app.command("disable")
def user_disable(ctx: typer.Context, username: UserArg) -> None:
    """Disable a user: their sessions end and their tokens stop working. Nothing is deleted."""
    set_disabled(_store(ctx), username, True, by=_by(ctx))
    render.console.print(f"Disabled {username}.")


@user_app.command("enable")
def user_enable(ctx: typer.Context, username: UserArg) -> None:
    """Enable a disabled user again."""
    set_disabled(_store(ctx), username, False, by=_by(ctx))
    render.console.print(f"Enabled {username}.")


@user_app.command("set-role")
def user_set_role(
    ctx: typer.Context,
    username: UserArg,
    role: Annotated[str, typer.Argument(help="viewer, editor or admin.")],
) -> None:
    """Change a user's role; their tokens never exceed it."""
    user = set_role(_store(ctx), username, parse_role(role, "ROLE"), by=_by(ctx))
    render.console.print(f"{user.username} is now {user.role.value}.")


@user_app.command("password")
def user_password(
    ctx: typer.Context, username: UserArg, password_stdin: PasswordStdin = False
) -> None:
    """Set a new password for a user."""
    set_password(_store(ctx), username, _password(password_stdin), by=_by(ctx))
    render.console.print(f"Changed the password of {username}.")


@token_app.command("add")
def token_add(
    ctx: typer.Context,
    username: UserArg,
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
    role: Annotated[
        str | None,
        typer.Option("--role", help="At most this role (default: the user's; never more)."),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Issue an API token. It is printed once and only its hash is kept: copy it now."""
    parsed: Role | None = parse_role(role) if role else None
    token, secret = create_token(_store(ctx), username, name, parsed, by=_by(ctx))
    if fmt is Format.JSON:
        render.print_json({"id": token.token_id, "role": token.role.value, "token": secret})
        return
    err_console.print(
        f"Token {token.token_id} for {token.username} ({token.role.value}); it is shown only "
        "once. Send it as 'Authorization: Bearer <token>'."
    )
    typer.echo(secret)


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    username: Annotated[str | None, typer.Argument(help="Only this user's tokens.")] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Tokens (never their secrets): owner, role, and whether revoked."""
    tokens = _store(ctx).list_tokens(username)
    rows: list[dict[str, Any]] = [
        {
            "id": t.token_id,
            "username": t.username,
            "name": t.name,
            "role": t.role.value,
            "created_at": t.created_at.isoformat() if t.created_at else None,
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t in tokens
    ]
    if fmt is Format.JSON:
        render.print_json({"tokens": rows})
        return
    if fmt is Format.CSV:
        render.print_csv(rows, ["id", "username", "name", "role", "created_at", "revoked_at"])
        return
    t = Table(title=f"{len(rows)} token(s)", title_justify="left")
    for col in ("Id", "User", "Name", "Role", "Created", "Revoked"):
        t.add_column(col)
    for r in rows:
        t.add_row(
            str(r["id"]), r["username"], r["name"], r["role"], r["created_at"] or "",
            r["revoked_at"] or "",
        )  # fmt: skip
    render.console.print(t)


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context, token_id: Annotated[int, typer.Argument(help="The token's id.")]
) -> None:
    """Revoke a token: it stops working at once."""
    token = revoke_token(_store(ctx), token_id, by=_by(ctx))
    render.console.print(f"Revoked token {token.token_id} of {token.username}.")
