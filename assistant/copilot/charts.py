"""Charts of an answer's table, as Vega-Lite v5 specs with the data inline.

A spec is data, never code: the console draws the bar/line subset itself, and any
Vega-Lite renderer can draw it too. Bars for a breakdown by category, a line for a
breakdown by day, week or month; a second breakdown becomes the colour. No chart for one
row, for lists of rows, or when the measure is not a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

__all__ = ["TIME_DIMENSIONS", "VEGA_LITE_SCHEMA", "chart_for"]

VEGA_LITE_SCHEMA: Final = "https://vega.github.io/schema/vega-lite/v5.json"
TIME_DIMENSIONS: Final = frozenset({"day", "week", "month"})
_TIME_UNITS: Final = {"day": "yearmonthdate", "week": "yearmonthdate", "month": "yearmonth"}
MAX_CHART_ROWS: Final = 60
"""More bars than this are no longer readable; the table shows them all."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def chart_for(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    dims: Sequence[str],
    *,
    title: str,
    measure_title: str,
) -> dict[str, Any] | None:
    """The chart of a breakdown table (``dims`` columns first, the measure last)."""
    if not dims or len(rows) < 2 or len(columns) != len(dims) + 1:
        return None
    measure = columns[-1]
    if not all(_is_number(row[-1]) or row[-1] is None for row in rows):
        return None
    if not any(_is_number(row[-1]) for row in rows):
        return None
    values = [{column: row[i] for i, column in enumerate(columns)} for row in rows[:MAX_CHART_ROWS]]
    first = dims[0]
    time_dim = next((d for d in dims if d in TIME_DIMENSIONS), None)
    y = {"field": measure, "type": "quantitative", "title": measure_title}
    encoding: dict[str, Any]
    if time_dim is not None:
        other = next((d for d in dims if d != time_dim), None)
        encoding = {
            "x": {
                "field": time_dim,
                "type": "temporal",
                "timeUnit": _TIME_UNITS[time_dim],
                "title": time_dim,
            },
            "y": y,
        }
        if other is not None:
            encoding["color"] = {"field": other, "type": "nominal", "title": other}
        mark: dict[str, Any] = {"type": "line", "point": True}
    else:
        encoding = {
            "x": {"field": first, "type": "nominal", "sort": "-y", "title": first},
            "y": y,
        }
        if len(dims) > 1:
            encoding["color"] = {"field": dims[1], "type": "nominal", "title": dims[1]}
        mark = {"type": "bar"}
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "data": {"values": values},
        "mark": mark,
        "encoding": encoding,
    }
