"""The web workspace from the command line: `serve` starts it, `user add` makes an
account. FastAPI and uvicorn are imported inside `serve`, so other commands start fast."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from execbrief.cli.support import DbOption, Group, command, note, show


def register(app: typer.Typer) -> None:
    @command(app)
    def serve(
        host: Annotated[
            str, typer.Option("--host", help="The address to listen on.")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
        db: DbOption = None,
        secure_cookies: Annotated[
            bool,
            typer.Option(
                "--secure-cookies",
                help="Mark cookies Secure even for plain HTTP requests (behind a proxy "
                "that ends TLS without saying so). Requests over HTTPS get them anyway.",
            ),
        ] = False,
    ) -> None:
        """Start the web workspace: the editor with a live check, the ledger and the
        CEO's share links, on the same store as the command line."""
        from execbrief.web.app import serve as run

        run(host, port, db, secure_cookies=secure_cookies, say=note)

    users = typer.Typer(
        cls=Group,
        help="Accounts of the web workspace.",
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
    )
    app.add_typer(users, name="user")

    @command(users, "add")
    def add(
        name: Annotated[str, typer.Argument(metavar="NAME", help="The user name to log in with.")],
        role: Annotated[
            str, typer.Option("--role", help="editor (reads and writes) or viewer (reads).")
        ] = "editor",
        password_stdin: Annotated[
            bool,
            typer.Option(
                "--password-stdin",
                help="Read the password from standard input (required: a password on the "
                "command line would show in the process list and the shell's history).",
            ),
        ] = False,
        db: DbOption = None,
    ) -> None:
        """Add a user of the web workspace; the password is read from stdin and stored
        hashed (argon2)."""
        from execbrief.app.accounts import add_user_at
        from execbrief.errors import InputError

        if not password_stdin:
            raise InputError.single(
                "give the password on standard input with --password-stdin",
                field="--password-stdin",
                hint="printf '%s' \"$PASSWORD\" | execbrief user add NAME --password-stdin",
            )
        password = sys.stdin.read(4096)
        made = add_user_at(db, name, password, role)
        note(f"added {role} '{made}'")

    @command(users, "list")
    def list_users(db: DbOption = None) -> None:
        """List the users of the web workspace and their roles, one per line (nothing
        when there is none yet)."""
        from execbrief.app.accounts import user_list

        show("".join(f"{name} {role}\n" for name, role in user_list(db)))
