"""`execbrief import`: draft an incident file from the SRE's tools (see sources/)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from execbrief.cli_support import reports_errors
from execbrief.errors import InputError


class Source(StrEnum):
    pagerduty = "pagerduty"
    opsgenie = "opsgenie"
    alertmanager = "alertmanager"
    prometheus = "prometheus"
    statuspage = "statuspage"
    slack = "slack"


class DraftFormat(StrEnum):
    yaml = "yaml"
    json = "json"


def _only(source: Source, allowed: set[Source], option: str, given: object) -> None:
    if given not in (None, False, [], ()) and source not in allowed:
        names = ", ".join(sorted(s.value for s in allowed))
        raise InputError.single(f"{option} is for {names}, not {source.value}", field=option)


def _file_drafts(source: Source, files: list[Path], opts: dict[str, Any]) -> list[Any]:
    from execbrief.sources import alertmanager, opsgenie, pagerduty, prometheus, statuspage
    from execbrief.sources.payload import MAX_METRICS_BYTES, PayloadError, bad, read_json

    drafts = []
    for path in files:
        limit = MAX_METRICS_BYTES if source is Source.prometheus else None
        data = read_json(path, source.value, limit) if limit else read_json(path, source.value)
        try:
            if source is Source.pagerduty:
                draft = pagerduty.from_incident(data)
            elif source is Source.opsgenie:
                draft = opsgenie.from_payload(data)
            elif source is Source.alertmanager:
                draft = alertmanager.from_payload(data)
            elif source is Source.statuspage:
                draft = statuspage.from_payload(data, opts["incident"])
            else:
                draft = prometheus.from_payload(data, opts["test"], f"file {path.name}")
        except PayloadError as exc:
            raise bad(source.value, str(path), exc) from None
        drafts.append(draft)
    return drafts


def _live_draft(source: Source, opts: dict[str, Any]) -> Any:
    from execbrief.sources import live_pulls, opsgenie, pagerduty, prometheus, statuspage
    from execbrief.sources.payload import PayloadError, bad

    base = (opts["api_url"] or live_pulls.DEFAULT_URLS.get(source.value, "")).rstrip("/")
    ident, timeout = opts["fetch"], opts["timeout"]
    where = f"{base} (live)"
    try:
        if source is Source.pagerduty:
            incident, entries = live_pulls.pagerduty(ident, base, timeout)
            return pagerduty.with_log_entries(pagerduty.from_incident(incident), entries)
        if source is Source.opsgenie:
            alert, actions = live_pulls.opsgenie(ident, base, timeout)
            return opsgenie.with_log_actions(opsgenie.from_payload(alert), actions)
        if source is Source.statuspage:
            if not opts["page"]:
                raise InputError.single("statuspage: --fetch needs --page PAGE_ID", field="--page")
            data = live_pulls.statuspage(ident, opts["page"], base, timeout)
            return statuspage.from_payload(data)
        url, query = opts["url"], opts["query"]
        if not (query and opts["start"] and opts["end"] and opts["step"]):
            raise InputError.single(
                "prometheus: --url needs --query, --start, --end and --step", field="--query"
            )
        where = f"{url} query {query}"
        data = live_pulls.prometheus(url, query, opts["start"], opts["end"], opts["step"], timeout)
        return prometheus.from_payload(data, opts["test"], where)
    except PayloadError as exc:
        raise bad(source.value, where, exc) from None


def register(app: typer.Typer) -> None:
    @app.command("import")
    @reports_errors
    def import_(
        source: Annotated[Source, typer.Argument(help="Where the facts come from.")],
        files: Annotated[
            list[Path] | None,
            typer.Argument(help="Saved payloads (JSON); for slack, day files or export folders."),
        ] = None,
        fmt: Annotated[
            DraftFormat, typer.Option("--format", "-f", help="yaml (with comments) or json.")
        ] = DraftFormat.yaml,
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Write the draft here (default: print).")
        ] = None,
        merge: Annotated[
            Path | None,
            typer.Option(
                "--merge",
                help="An existing draft or incident file to merge into; "
                "values written by hand there always win.",
            ),
        ] = None,
        log_entries: Annotated[
            Path | None,
            typer.Option("--log-entries", help="pagerduty: the incident's log entries (JSON)."),
        ] = None,
        impact: Annotated[
            str | None,
            typer.Option("--impact", help="prometheus: which samples are bad, e.g. 'value < 1'."),
        ] = None,
        url: Annotated[
            str | None, typer.Option("--url", help="prometheus: ask this server (live mode).")
        ] = None,
        query: Annotated[str | None, typer.Option("--query", help="prometheus: PromQL.")] = None,
        start: Annotated[
            str | None, typer.Option("--start", help="prometheus: range start.")
        ] = None,
        end: Annotated[str | None, typer.Option("--end", help="prometheus: range end.")] = None,
        step: Annotated[str | None, typer.Option("--step", help="prometheus: e.g. 30s.")] = None,
        incident: Annotated[
            str | None,
            typer.Option("--incident", help="statuspage: which incident of a list, by id."),
        ] = None,
        pattern: Annotated[
            list[str] | None,
            typer.Option(
                "--pattern",
                help="slack: a regular expression for key messages "
                "(repeatable; replaces the defaults).",
            ),
        ] = None,
        keep_names: Annotated[
            bool, typer.Option("--keep-names", help="slack: keep people's names.")
        ] = False,
        fetch: Annotated[
            str | None,
            typer.Option(
                "--fetch",
                help="pagerduty, opsgenie, statuspage: pull this incident "
                "or alert ID live (token from the environment).",
            ),
        ] = None,
        page: Annotated[
            str | None, typer.Option("--page", help="statuspage: the page ID for --fetch.")
        ] = None,
        api_url: Annotated[
            str | None, typer.Option("--api-url", help="Another API base URL for --fetch.")
        ] = None,
        timeout: Annotated[
            float, typer.Option("--timeout", help="Seconds to wait for an API answer.", min=0.1)
        ] = 10.0,
    ) -> None:
        """Draft an incident file from PagerDuty, Opsgenie, Alertmanager, Prometheus,
        Statuspage or Slack, each value saying where it came from."""
        from execbrief.sources.import_run import run_import

        files = files or []
        _only(source, {Source.pagerduty}, "--log-entries", log_entries)
        _only(source, {Source.prometheus}, "--impact", impact)
        for name, value in (
            ("--url", url),
            ("--query", query),
            ("--start", start),
            ("--end", end),
            ("--step", step),
        ):
            _only(source, {Source.prometheus}, name, value)
        _only(source, {Source.statuspage}, "--incident", incident)
        _only(source, {Source.statuspage}, "--page", page)
        _only(source, {Source.slack}, "--pattern", pattern)
        _only(source, {Source.slack}, "--keep-names", keep_names)
        live = {Source.pagerduty, Source.opsgenie, Source.statuspage}
        _only(source, live, "--fetch", fetch)
        _only(source, live, "--api-url", api_url)
        opts: dict[str, Any] = {
            "incident": incident,
            "fetch": fetch,
            "page": page,
            "api_url": api_url,
            "timeout": timeout,
            "url": url,
            "query": query,
            "start": start,
            "end": end,
            "step": step,
            "test": None,
        }
        if source is Source.prometheus:
            if not impact:
                raise InputError.single(
                    "prometheus: say which samples are bad with --impact",
                    field="--impact",
                    hint="for example --impact 'value < 1'",
                )
            from execbrief.sources.prometheus import parse_test

            opts["test"] = parse_test(impact)
        remote = fetch is not None or url is not None
        if remote and files:
            raise InputError.single("give saved files or a live pull (--fetch/--url), not both")
        if not remote and not files:
            raise InputError.single(
                f"{source.value}: give a saved payload file"
                + (" or --fetch ID" if source in live else "")
                + (" or --url with --query" if source is Source.prometheus else ""),
            )
        if source is Source.slack:
            from execbrief.sources.slack import from_export

            drafts = [from_export(files, pattern, keep_names=keep_names)]
        elif remote:
            drafts = [_live_draft(source, opts)]
        else:
            drafts = _file_drafts(source, files, opts)
        if log_entries is not None:
            drafts = [_with_log_entries(drafts, log_entries)]
        labels = [f"{source.value} ({p.name})" for p in files] or [f"{source.value} (live)"]
        code = run_import(drafts, labels, fmt.value, out, merge)
        if code:
            raise typer.Exit(code)


def _with_log_entries(drafts: list[Any], path: Path) -> Any:
    from execbrief.core.incident import merge_all
    from execbrief.sources.pagerduty import with_log_entries
    from execbrief.sources.payload import PayloadError, bad, read_json

    data = read_json(path, "pagerduty")
    try:
        return with_log_entries(merge_all(drafts), data)
    except PayloadError as exc:
        raise bad("pagerduty", str(path), exc) from None
