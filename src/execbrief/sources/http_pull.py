"""Asking an outside API for JSON over HTTP: timeouts, rate limits (429 + Retry-After) and
failures turned into messages. httpx is imported by the caller's command, never at start-up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from execbrief.errors import InputError, OutsideSystemError

if TYPE_CHECKING:
    import httpx

MAX_RETRIES = 4
MAX_WAIT_SECONDS = 60.0


def retry_after(header: str | None, attempt: int, now: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); else back off."""
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(header).timestamp() - now)
            except (TypeError, ValueError, IndexError):
                pass
    return float(2**attempt)


def get_json(
    client: httpx.Client,
    url: str,
    *,
    source: str,
    token_name: str | None = None,
    params: Mapping[str, Any] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    import httpx

    for attempt in range(MAX_RETRIES + 1):
        try:
            response = client.get(url, params=params)
        except httpx.TimeoutException:
            raise OutsideSystemError(
                f"{source}: {url} did not answer in time; try again, or raise --timeout"
            ) from None
        except httpx.HTTPError as exc:
            raise OutsideSystemError(f"{source}: cannot reach {url}: {exc}") from None
        if response.status_code == 429:
            wait = retry_after(response.headers.get("retry-after"), attempt, time.time())
            if attempt == MAX_RETRIES or wait > MAX_WAIT_SECONDS:
                raise OutsideSystemError(
                    f"{source}: the API is limiting our requests (429) and asks us to wait "
                    f"{wait:.0f} s; try again later"
                )
            sleep(wait)
            continue
        if response.status_code in (401, 403):
            where = f"check {token_name}" if token_name else "check the credentials"
            raise OutsideSystemError(
                f"{source}: the API refused the request ({response.status_code}); {where}"
            )
        if response.status_code == 404:
            raise InputError.single(
                f"{source}: the API found nothing at {response.request.url.path}",
                field="--fetch",
                hint="check the ID",
            )
        if response.status_code >= 400:
            raise OutsideSystemError(
                f"{source}: the API answered {response.status_code} for {url}" + _said(response)
            )
        try:
            return response.json()
        except ValueError:
            raise OutsideSystemError(
                f"{source}: {url} answered with something that is not JSON"
            ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _said(response: httpx.Response) -> str:
    """The API's own error text, when it gives one (Prometheus: {"error": "..."})."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, dict):
        for key in ("error", "message", "errorMessage"):
            if isinstance(body.get(key), str) and body[key].strip():
                return f": {' '.join(body[key].split())[:200]}"
    return ""
