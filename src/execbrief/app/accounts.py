"""Accounts of the web workspace: `execbrief user add`, logging in (with throttling) and
sessions. Passwords are hashed with argon2; a session cookie and a share token are random
and kept only as their sha256, so a copy of the database opens nothing.

Every rule here (how many failures, for how long, when a session ends) reads and writes
the store, never a process's memory: several `serve` processes share them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from execbrief.errors import InputError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from execbrief.store.workspace import Session, Workspace

ROLES = ("editor", "viewer")
MAX_FAILURES = 5  # failed logins allowed per user name, and per address, in the window
FAILURE_WINDOW = timedelta(minutes=15)
SESSION_LENGTH = timedelta(hours=12)
MAX_PASSWORD = 1024  # argon2 hashes anything, but a megabyte password is an attack
NAME_LIMIT = 200


class LoginRefused(Exception):
    """Wrong user name or password."""


class TooManyFailures(Exception):
    """Too many failed logins lately, for this name or from this address."""


@dataclass(frozen=True)
class LoggedIn:
    token: str  # goes in the cookie; the store keeps only its hash
    csrf_token: str
    user: str
    role: str
    expires_at: datetime


def token_hash(token: str) -> str:
    """The sha256 of a random token: what the store keeps of a cookie or a share link."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def workspace_at(db: str | None) -> Workspace:
    from execbrief.app.followup import open_store_at
    from execbrief.store.workspace import Workspace

    return Workspace(open_store_at(db))


def check_user_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > NAME_LIMIT or any(c.isspace() or ord(c) < 32 for c in name):
        raise InputError.single(
            f"'{name}' cannot be a user name",
            field="NAME",
            hint="use letters, digits, dots or dashes, no spaces, at most 200 characters",
        )
    return cleaned


def check_password(password: str) -> str:
    password = password.rstrip("\r\n")  # what `echo` or a here-string adds
    if not password:
        raise InputError.single(
            "the password is empty",
            field="--password-stdin",
            hint="pipe the password in, e.g. printf '%s' \"$PASSWORD\" | execbrief user add NAME "
            "--password-stdin",
        )
    if len(password) > MAX_PASSWORD:
        raise InputError.single(
            f"the password is longer than {MAX_PASSWORD} characters", field="--password-stdin"
        )
    return password


def add_user(workspace: Workspace, name: str, password: str, role: str, now: datetime) -> str:
    """A new account; InputError for a bad name, role or empty password, or a taken name."""
    name = check_user_name(name)
    if role not in ROLES:
        raise InputError.single(
            f"no role '{role}'", field="--role", hint="use editor (reads and writes) or viewer"
        )
    workspace.add_user(name, hash_password(check_password(password)), role, now)
    return name


def add_user_at(db: str | None, name: str, password: str, role: str) -> str:
    """`execbrief user add`: the account in the store at `db`."""
    from execbrief.app.clock import parse_now

    return add_user(workspace_at(db), name, password, role, parse_now(None))


def user_list(db: str | None) -> list[tuple[str, str]]:
    """`execbrief user list`: each account's name and role."""
    return workspace_at(db).users()


# A hash to check against when the user does not exist, so that a wrong name takes as long
# as a wrong password and the answer's time does not tell which names exist.
_NOBODY: list[str] = []


def _nobody_hash() -> str:
    if not _NOBODY:
        _NOBODY.append(hash_password(secrets.token_urlsafe(16)))
    return _NOBODY[0]


def log_in(workspace: Workspace, name: str, password: str, address: str, now: datetime) -> LoggedIn:
    """A new session for `name`; LoginRefused for a wrong name or password, and
    TooManyFailures once MAX_FAILURES failed within FAILURE_WINDOW for the name or from
    the address (checked first, so guessing on goes nowhere even with the right one)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    name = name[:NAME_LIMIT]
    address = address[:64]
    by_name, by_address = workspace.failures_since(name, address, now - FAILURE_WINDOW)
    if by_name >= MAX_FAILURES or by_address >= MAX_FAILURES:
        raise TooManyFailures
    user = workspace.user(name)
    hasher = _hasher()
    good = False
    try:
        good = bool(hasher.verify(user.password_hash if user else _nobody_hash(), password))
    except (VerificationError, InvalidHashError):
        good = False
    if user is None or not good or len(password) > MAX_PASSWORD:
        workspace.add_failure(name, address, now, forget_before=now - 2 * FAILURE_WINDOW)
        raise LoginRefused
    if hasher.check_needs_rehash(user.password_hash):
        workspace.set_password_hash(user.name, hasher.hash(password))
    workspace.clear_failures(user.name)
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = now + SESSION_LENGTH
    workspace.add_session(token_hash(token), user.name, csrf, now, expires)
    return LoggedIn(token, csrf, user.name, user.role, expires)


def session_for(workspace: Workspace, token: str | None, now: datetime) -> Session | None:
    if not token or len(token) > 200:
        return None
    return workspace.session(token_hash(token), now)


def log_out(workspace: Workspace, token: str | None) -> None:
    if token:
        workspace.end_session(token_hash(token))
