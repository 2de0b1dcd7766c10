"""`execbrief import`: draft an incident file from the SRE's tools, from saved payloads or
a live pull, merge the drafts (and an existing file), and write the result.

The readers of each tool's format are in sources/; this module picks and runs them, checks
that the options given suit the source, and writes the draft without overwriting anyone's
work. It returns what it made; the caller says it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from execbrief.errors import InputError, InputProblem, Place

if TYPE_CHECKING:
    from execbrief.core.incident import Draft
    from execbrief.sources.payload import PayloadError


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


LIVE = frozenset({Source.pagerduty, Source.opsgenie, Source.statuspage})


@dataclass(frozen=True)
class ImportOptions:
    """The options of `execbrief import`; each is for some sources only (see `check`)."""

    log_entries: Path | None = None  # pagerduty
    impact: str | None = None  # prometheus: which samples are bad
    url: str | None = None  # prometheus, live
    query: str | None = None
    start: str | None = None
    end: str | None = None
    step: str | None = None
    incident: str | None = None  # statuspage: which incident of a list
    pattern: list[str] = field(default_factory=list)  # slack
    keep_names: bool = False  # slack
    fetch: str | None = None  # pagerduty, opsgenie, statuspage: live
    page: str | None = None  # statuspage, live
    api_url: str | None = None  # live
    timeout: float = 10.0  # live


# The sources each option is for, by the option's name on the command line.
OPTION_SOURCES: dict[str, tuple[str, frozenset[Source]]] = {
    "log_entries": ("--log-entries", frozenset({Source.pagerduty})),
    "impact": ("--impact", frozenset({Source.prometheus})),
    "url": ("--url", frozenset({Source.prometheus})),
    "query": ("--query", frozenset({Source.prometheus})),
    "start": ("--start", frozenset({Source.prometheus})),
    "end": ("--end", frozenset({Source.prometheus})),
    "step": ("--step", frozenset({Source.prometheus})),
    "incident": ("--incident", frozenset({Source.statuspage})),
    "page": ("--page", frozenset({Source.statuspage})),
    "pattern": ("--pattern", frozenset({Source.slack})),
    "keep_names": ("--keep-names", frozenset({Source.slack})),
    "fetch": ("--fetch", LIVE),
    "api_url": ("--api-url", LIVE),
}


@dataclass(frozen=True)
class Imported:
    """The draft made: its text when it was not written (no --out), what the engineer
    should know, and whether `execbrief brief` will accept it as it is."""

    text: str | None
    written: Path | None
    conflicts: list[str]
    still_needed: dict[str, str]
    problems: list[str]

    @property
    def complete(self) -> bool:
        return not (self.still_needed or self.problems)


def import_drafts(source: Source, files: list[Path], options: ImportOptions) -> list[Draft]:
    """Read the drafts `source` gives: from saved payload files, or pulled live.
    InputError for options that do not suit the source, or a payload that cannot be read."""
    _check_options(source, options)
    test = None
    if source is Source.prometheus:
        if not options.impact:
            raise InputError.single(
                "prometheus: say which samples are bad with --impact",
                field="--impact",
                hint="for example --impact 'value < 1'",
            )
        from execbrief.sources.prometheus import parse_test

        test = parse_test(options.impact)
    remote = options.fetch is not None or options.url is not None
    if remote and files:
        raise InputError.single("give saved files or a live pull (--fetch/--url), not both")
    if not remote and not files:
        raise InputError.single(
            f"{source.value}: give a saved payload file"
            + (" or --fetch ID" if source in LIVE else "")
            + (" or --url with --query" if source is Source.prometheus else ""),
        )
    if source is Source.slack:
        from execbrief.sources.slack import from_export

        drafts = [from_export(files, options.pattern or None, keep_names=options.keep_names)]
    elif remote:
        drafts = [_live_draft(source, options, test)]
    else:
        drafts = _file_drafts(source, files, options, test)
    if options.log_entries is not None:
        drafts = [_with_log_entries(drafts, options.log_entries)]
    return drafts


def _check_options(source: Source, options: ImportOptions) -> None:
    for name, (option, allowed) in OPTION_SOURCES.items():
        given = getattr(options, name)
        if given not in (None, False, [], ()) and source not in allowed:
            names = ", ".join(sorted(s.value for s in allowed))
            raise InputError.single(f"{option} is for {names}, not {source.value}", field=option)


def _file_drafts(
    source: Source, files: list[Path], options: ImportOptions, test: Any
) -> list[Draft]:
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
                draft = statuspage.from_payload(data, options.incident)
            else:
                draft = prometheus.from_payload(data, test, f"file {path.name}")
        except PayloadError as exc:
            raise bad(source.value, str(path), exc) from None
        except OverflowError:  # a time plus a duration past year 9999 (opsgenie's ackTime)
            raise bad(source.value, str(path), _out_of_range()) from None
        drafts.append(draft)
    return drafts


def _out_of_range() -> PayloadError:
    from execbrief.sources.payload import PayloadError

    return PayloadError(
        "a time in the payload, or a time plus a duration, lies past the year 9999",
        hint="check the times in the payload; execbrief works with the years 1970 to 2200",
    )


def _live_draft(source: Source, options: ImportOptions, test: Any) -> Draft:
    from execbrief.sources import live_pulls, opsgenie, pagerduty, prometheus, statuspage
    from execbrief.sources.payload import PayloadError, bad

    base = (options.api_url or live_pulls.DEFAULT_URLS.get(source.value, "")).rstrip("/")
    ident, timeout = options.fetch or "", options.timeout
    where = f"{base} (live)"
    try:
        if source is Source.pagerduty:
            incident, entries = live_pulls.pagerduty(ident, base, timeout)
            return pagerduty.with_log_entries(pagerduty.from_incident(incident), entries)
        if source is Source.opsgenie:
            alert, actions = live_pulls.opsgenie(ident, base, timeout)
            return opsgenie.with_log_actions(opsgenie.from_payload(alert), actions)
        if source is Source.statuspage:
            if not options.page:
                raise InputError.single("statuspage: --fetch needs --page PAGE_ID", field="--page")
            data = live_pulls.statuspage(ident, options.page, base, timeout)
            return statuspage.from_payload(data)
        url, query = options.url or "", options.query
        if not (query and options.start and options.end and options.step):
            raise InputError.single(
                "prometheus: --url needs --query, --start, --end and --step", field="--query"
            )
        where = f"{url} query {query}"
        data = live_pulls.prometheus(url, query, options.start, options.end, options.step, timeout)
        return prometheus.from_payload(data, test, where)
    except PayloadError as exc:
        raise bad(source.value, where, exc) from None


def _with_log_entries(drafts: list[Draft], path: Path) -> Draft:
    from execbrief.core.incident import merge_all
    from execbrief.sources.pagerduty import with_log_entries
    from execbrief.sources.payload import PayloadError, bad, read_json

    data = read_json(path, "pagerduty")
    try:
        return with_log_entries(merge_all(drafts), data)
    except PayloadError as exc:
        raise bad("pagerduty", str(path), exc) from None


def write_draft(
    drafts: list[Draft],
    labels: list[str],
    fmt: DraftFormat,
    out: Path | None,
    existing: Path | None,
    *,
    force: bool = False,
) -> Imported:
    """Merge the drafts (into `existing`, whose hand-written values win), compose the
    incident file in `fmt`, and write it to `out` (never over another file, except
    `existing` itself); without `out` the text is returned to be shown.

    Drafts that cannot be about one incident (times far apart, services that differ) are
    refused with what differs, unless `force`; then the draft's notes say it."""
    from execbrief.core.incident import differences, merge_all, with_note
    from execbrief.sources.draft_file import compose, read_existing, to_json, to_yaml

    labelled = _labelled(drafts, labels)
    base = kept = None
    if existing is not None:
        earlier, base, kept = read_existing(existing)
        labelled.insert(0, (f"{existing.name} (--merge)", earlier))
        labels = [f"{existing.name} (merged into)", *labels]
    differ = differences(labelled)
    if differ and not force:
        raise InputError(
            [
                InputProblem(
                    Place(str(existing), field="--merge")
                    if existing is not None
                    else Place(field="FILES"),
                    f"these are not one incident: {why}",
                    "check that the files are about the same incident; --force merges them anyway",
                )
                for why in differ
            ]
        )
    imported = merge_all([draft for _, draft in labelled])
    for why in differ:
        imported = with_note(imported, f"merged with --force although {why}")
    composed = compose(imported, base, kept)
    text = to_json(composed) if fmt is DraftFormat.json else to_yaml(composed, labels)
    if out is not None:
        _write(out, text, replacing=existing)
    return Imported(
        text=text if out is None else None,
        written=out,
        conflicts=list(composed.conflicts),
        still_needed=dict(composed.still_needed),
        problems=list(composed.problems),
    )


def _labelled(drafts: list[Draft], labels: list[str]) -> list[tuple[str, Draft]]:
    if len(labels) == len(drafts):
        return list(zip(labels, drafts, strict=True))
    if len(drafts) == 1:  # several files read as one (slack), or one with its log entries
        return [(", ".join(labels) or "the import", drafts[0])]
    return [(f"source {i}", draft) for i, draft in enumerate(drafts, 1)]


def _write(out: Path, text: str, replacing: Path | None) -> None:
    from execbrief.app.files import write_atomic, write_new

    try:
        if replacing is not None and out.resolve() == replacing.resolve():
            write_atomic(out, text)  # the merge read it: updating it in place loses nothing
        else:
            write_new(out, text)
    except FileExistsError:
        raise InputError.single(
            "the file already exists; execbrief never overwrites your work",
            file=str(out),
            field="--out",
            hint="pick another name, or merge into it with --merge FILE --out FILE",
        ) from None
    except OSError as exc:
        raise InputError.single(f"cannot write: {exc.strerror}", file=str(out)) from None
