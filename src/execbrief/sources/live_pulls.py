"""Live pulls from PagerDuty, Opsgenie and Statuspage, with tokens from the environment.

Each returns the same payload shapes the file importers read, so a live pull and a saved
file give the same draft. Pagination: PagerDuty log entries (offset/limit/more) and
Opsgenie alert logs (paging.next) are followed to the end, up to MAX_PAGES pages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from execbrief.errors import InputError, OutsideSystemError
from execbrief.sources.http_pull import get_json
from execbrief.sources.payload import as_list, as_map

MAX_PAGES = 50
TOKENS = {
    "pagerduty": "PAGERDUTY_TOKEN",
    "opsgenie": "OPSGENIE_API_KEY",
    "statuspage": "STATUSPAGE_API_KEY",
}
DEFAULT_URLS = {
    "pagerduty": "https://api.pagerduty.com",
    "opsgenie": "https://api.opsgenie.com",
    "statuspage": "https://api.statuspage.io",
}


def token(source: str) -> str:
    name = TOKENS[source]
    value = os.environ.get(name, "").strip()
    if not value:
        raise InputError.single(
            f"{source}: --fetch needs an API token in the environment variable {name}",
            field="--fetch",
            hint=f"export {name}=... (a read-only token is enough)",
        )
    return value


def _client(source: str, headers: dict[str, str], timeout: float) -> Any:
    import httpx

    return httpx.Client(headers=headers, timeout=httpx.Timeout(timeout), follow_redirects=True)


def pagerduty(
    ident: str, base: str, timeout: float, sleep: Callable[[float], None] | None = None
) -> tuple[Any, Any]:
    headers = {
        "Authorization": f"Token token={token('pagerduty')}",
        "Accept": "application/vnd.pagerduty+json;version=2",
    }
    extra: dict[str, Any] = {"sleep": sleep} if sleep else {}
    with _client("pagerduty", headers, timeout) as client:
        incident = get_json(
            client,
            f"{base}/incidents/{quote(ident)}",
            source="pagerduty",
            token_name=TOKENS["pagerduty"],
            **extra,
        )
        entries: list[Any] = []
        offset = 0
        for _ in range(MAX_PAGES):
            page = as_map(
                get_json(
                    client,
                    f"{base}/incidents/{quote(ident)}/log_entries",
                    source="pagerduty",
                    token_name=TOKENS["pagerduty"],
                    params={"limit": 100, "offset": offset, "is_overview": "true"},
                    **extra,
                ),
                "log entries page",
            )
            batch = as_list(page.get("log_entries"), "log_entries")
            entries.extend(batch)
            if not page.get("more") or not batch:
                break
            offset += len(batch)
        else:
            raise OutsideSystemError(f"pagerduty: more than {MAX_PAGES} pages of log entries")
    return incident, {"log_entries": entries}


_OPSGENIE_LOGS = (
    (re.compile(r"\backnowledged\b", re.I), "acknowledged"),
    (re.compile(r"\bescalat", re.I), "escalated"),
    (re.compile(r"\bclosed\b", re.I), "closed"),
)


def opsgenie(
    ident: str, base: str, timeout: float, sleep: Callable[[float], None] | None = None
) -> tuple[Any, list[tuple[str, str]]]:
    """The alert, and (createdAt, action) for its acknowledge/escalate/close log lines.
    Log lines name people ("acknowledged by ..."): only the action is kept."""
    headers = {"Authorization": f"GenieKey {token('opsgenie')}"}
    kind = "tiny" if ident.isdigit() else "id"  # the short number people quote, or the ID
    extra: dict[str, Any] = {"sleep": sleep} if sleep else {}
    actions: list[tuple[str, str]] = []
    with _client("opsgenie", headers, timeout) as client:
        alert = get_json(
            client,
            f"{base}/v2/alerts/{quote(ident)}",
            source="opsgenie",
            token_name=TOKENS["opsgenie"],
            params={"identifierType": kind},
            **extra,
        )
        url: str | None = f"{base}/v2/alerts/{quote(ident)}/logs"
        params: dict[str, Any] | None = {"limit": 100, "order": "asc", "identifierType": kind}
        for _ in range(MAX_PAGES):
            if url is None:
                break
            page = as_map(
                get_json(
                    client,
                    url,
                    source="opsgenie",
                    token_name=TOKENS["opsgenie"],
                    params=params,
                    **extra,
                ),
                "alert logs page",
            )
            for line in as_list(page.get("data") or [], "data"):
                if isinstance(line, dict) and isinstance(line.get("log"), str):
                    for pattern, action in _OPSGENIE_LOGS:
                        if pattern.search(line["log"]):
                            actions.append((str(line.get("createdAt")), action))
                            break
            paging = page.get("paging")
            url = paging.get("next") if isinstance(paging, dict) else None
            params = None  # the next link carries its own query
        else:
            raise OutsideSystemError(f"opsgenie: more than {MAX_PAGES} pages of alert logs")
    return alert, actions


def statuspage(
    ident: str,
    page_id: str,
    base: str,
    timeout: float,
    sleep: Callable[[float], None] | None = None,
) -> Any:
    headers = {"Authorization": f"OAuth {token('statuspage')}"}
    extra: dict[str, Any] = {"sleep": sleep} if sleep else {}
    with _client("statuspage", headers, timeout) as client:
        return get_json(
            client,
            f"{base}/v1/pages/{quote(page_id)}/incidents/{quote(ident)}",
            source="statuspage",
            token_name=TOKENS["statuspage"],
            **extra,
        )


def prometheus(
    url: str,
    query: str,
    start: str,
    end: str,
    step: str,
    timeout: float,
    sleep: Callable[[float], None] | None = None,
) -> Any:
    extra: dict[str, Any] = {"sleep": sleep} if sleep else {}
    with _client("prometheus", {"Accept": "application/json"}, timeout) as client:
        return get_json(
            client,
            f"{url.rstrip('/')}/api/v1/query_range",
            source="prometheus",
            params={"query": query, "start": start, "end": end, "step": step},
            **extra,
        )
