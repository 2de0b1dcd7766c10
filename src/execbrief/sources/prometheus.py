"""Prometheus: a query_range answer (a matrix) and an impact test on the sample value.

`--impact 'value < 1'` marks bad samples. From them: the impact window (the first bad
sample is `started`; the first sample after the last bad one is `mitigated`, unknown when
the data ends still bad), the share of series affected, and a summary of the series.
Numbers are worked out with numpy on whole arrays (a million samples in well under a
second); NaN samples are never bad, because an absent value is not evidence of impact.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from execbrief.core.incident import Draft, DraftEvent, Fact
from execbrief.errors import InputError
from execbrief.sources.payload import PayloadError, as_list, as_map

if TYPE_CHECKING:
    import numpy as np

LATEST_SECONDS = 253402300799  # 9999-12-31T23:59:59Z, the last time Python can show
_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_TEST = re.compile(
    r"^\s*value\s*(<=|>=|==|!=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$"
)


@dataclass(frozen=True)
class ImpactTest:
    op: str
    threshold: float

    def __str__(self) -> str:
        return f"value {self.op} {self.threshold:g}"


def parse_test(expression: str) -> ImpactTest:
    match = _TEST.match(expression)
    if not match:
        raise InputError.single(
            f"prometheus: cannot read the impact test '{expression}'",
            field="--impact",
            hint="write it as 'value < 1' with one of <, <=, >, >=, ==, != and a number",
        )
    return ImpactTest(match.group(1), float(match.group(2)))


@dataclass(frozen=True)
class Matrix:
    labels: list[Mapping[str, str]]
    counts: np.ndarray
    times: np.ndarray
    values: np.ndarray


def read_matrix(data: Any) -> Matrix:
    import numpy as np

    top = as_map(data, "the payload")
    if "data" not in top and top.get("status") != "error":
        raise PayloadError(
            "not a Prometheus query answer (no 'status' and 'data')",
            hint="save the JSON answer of /api/v1/query_range, or use --url and --query",
        )
    if top.get("status") == "error":
        raise PayloadError(f"the query failed: {top.get('error') or top.get('errorType')}")
    body = as_map(top.get("data"), "data")
    kind = body.get("resultType")
    if kind != "matrix":
        raise PayloadError(
            f"resultType is '{kind}', not 'matrix'",
            field="data.resultType",
            hint="use a range query (/api/v1/query_range), not an instant query",
        )
    result = as_list(body.get("result"), "data.result")
    labels: list[Mapping[str, str]] = []
    series: list[list[Any]] = []
    for i, item in enumerate(result):
        item = as_map(item, f"data.result[{i}]")
        metric = item.get("metric")
        labels.append(metric if isinstance(metric, Mapping) else {})
        series.append(as_list(item.get("values"), f"data.result[{i}].values"))
    counts = np.fromiter((len(s) for s in series), dtype=np.int64, count=len(series))
    total = int(counts.sum())
    try:
        pairs = [p for s in series for p in s]
        times = np.fromiter((p[0] for p in pairs), dtype=np.float64, count=total)
        values = np.array([p[1] for p in pairs], dtype=np.float64)
    except (TypeError, ValueError, IndexError, KeyError):
        raise PayloadError(
            'a sample is not a [time, "value"] pair',
            field="data.result[].values",
        ) from None
    if times.size and not ((times > 0) & (times < LATEST_SECONDS)).all():
        raise PayloadError(
            "a sample time is not a Unix time in seconds", field="data.result[].values"
        )
    return Matrix(labels, counts, times, values)


def _when(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _series_name(labels: Mapping[str, str]) -> str:
    name = labels.get("__name__", "")
    rest = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()) if k != "__name__")
    return f"{name}{{{rest}}}" if rest else (name or "{}")


@dataclass(frozen=True)
class Summary:
    series: int
    samples: int
    bad_samples: int
    affected: int
    first_bad: float | None
    last_bad: float | None
    recovered: float | None
    worst: list[tuple[str, int, float, float]]  # name, bad samples, min and max bad value
    missing: int = 0  # NaN samples


def summarise(matrix: Matrix, test: ImpactTest, top: int = 5) -> Summary:
    import numpy as np

    n = len(matrix.labels)
    bad = _OPS[test.op](matrix.values, test.threshold) & ~np.isnan(matrix.values)
    owner = np.repeat(np.arange(n), matrix.counts)
    bad_per_series = np.bincount(owner[bad], minlength=n)
    bad_times = matrix.times[bad]
    first = float(bad_times.min()) if bad_times.size else None
    last = float(bad_times.max()) if bad_times.size else None
    recovered = None
    if last is not None:
        later = matrix.times[matrix.times > last]
        recovered = float(later.min()) if later.size else None
    # The range of the bad values only: "values from 0 to 1" when every bad one is 0
    # would say impact that was not there.
    low = np.full(n, np.inf)
    high = np.full(n, -np.inf)
    filled = matrix.counts > 0
    if filled.any():  # samples are stored series by series, so each series is one slice
        starts = (np.cumsum(matrix.counts) - matrix.counts)[filled]
        low[filled] = np.minimum.reduceat(np.where(bad, matrix.values, np.inf), starts)
        high[filled] = np.maximum.reduceat(np.where(bad, matrix.values, -np.inf), starts)
    order = np.argsort(-bad_per_series, kind="stable")[:top]
    worst = [
        (_series_name(matrix.labels[i]), int(bad_per_series[i]), float(low[i]), float(high[i]))
        for i in order
        if bad_per_series[i] > 0
    ]
    return Summary(
        n,
        int(matrix.values.size),
        int(bad.sum()),
        int((bad_per_series > 0).sum()),
        first,
        last,
        recovered,
        worst,
        int(np.isnan(matrix.values).sum()),
    )


def to_draft(summary: Summary, test: ImpactTest, where: str) -> Draft:
    src = f"prometheus {where}"
    facts: dict[str, Fact] = {}
    events: list[DraftEvent] = []
    unknown: dict[str, str] = {}
    notes = [
        f"Prometheus: {summary.affected} of {summary.series} series "
        f"({summary.affected / summary.series:.0%}) had samples where {test}; "
        f"{summary.bad_samples} of {summary.samples} samples"
        if summary.series
        else "Prometheus: the query returned no series"
    ]
    for name, count, low, high in summary.worst:
        values = f"all {low:g}" if low == high else f"from {low:g} to {high:g}"
        notes.append(f"  {name}: {count} bad samples, {values}")
    if summary.missing:
        notes.append(
            f"Prometheus: {summary.missing} sample{'s' if summary.missing > 1 else ''} had no "
            "number (NaN) and could not be read as good or bad"
        )
    unknown["title"] = "a metric does not say what broke in business words"
    if summary.first_bad is None:
        unknown["timeline.started"] = f"no sample matched {test} in the range"
        return Draft(facts, (), tuple(notes), unknown)
    first = _when(summary.first_bad)
    facts["timeline.started"] = Fact(first, f"{src}: first sample where {test}")
    events.append(
        DraftEvent(
            first,
            f"Monitoring first showed impact "
            f"({summary.affected} of {summary.series} series affected)",
            f"{src}: first bad sample",
        )
    )
    if summary.recovered is not None:
        back = _when(summary.recovered)
        facts["timeline.mitigated"] = Fact(back, f"{src}: first sample after the last where {test}")
        events.append(
            DraftEvent(back, "Monitoring showed every series back to normal", f"{src}: recovery")
        )
    else:
        unknown["timeline.mitigated"] = f"the data ends while samples still match {test}"
    return Draft(facts, tuple(events), tuple(notes), unknown)


def from_payload(data: Any, test: ImpactTest, where: str) -> Draft:
    return to_draft(summarise(read_matrix(data), test), test, where)
