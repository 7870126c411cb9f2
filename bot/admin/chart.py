"""The /stats picture: payments per day on top, per service below, as PNG bytes.

matplotlib is imported inside the function: the import takes a while and only /stats needs it.
A `Figure` of its own (no pyplot) keeps no global state, so rendering in a worker thread is safe.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from bot.admin.reports import DayTotal, ServiceTotal
from bot.payments.amounts import format_sum

TOP_SERVICES = 10
MAX_DAY_TICKS = 15
MAX_NAME = 32
DAY_COLOR = "#2a9d8f"
SERVICE_COLOR = "#e76f51"


@dataclass(frozen=True)
class ChartLabels:
    """Panel titles, already translated."""

    per_day: str
    per_service: str


def render_stats_chart(
    days: Sequence[DayTotal], services: Sequence[ServiceTotal], labels: ChartLabels
) -> bytes:
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    shown = list(services[:TOP_SERVICES])
    figure = Figure(figsize=(10, 5 + 0.45 * len(shown)), dpi=100, layout="constrained")
    day_axes, service_axes = figure.subplots(2, 1, height_ratios=[3, max(1.5, 0.45 * len(shown))])
    money = FuncFormatter(lambda value, _: format_sum(int(value)))

    positions = list(range(len(days)))
    bars = day_axes.bar(positions, [day.amount for day in days], color=DAY_COLOR)
    if len(days) <= 31:  # the count of payments above each bar, while there is room for it
        day_axes.bar_label(bars, labels=[str(day.count or "") for day in days], fontsize=8)
    stride = max(1, -(-len(days) // MAX_DAY_TICKS))
    day_axes.set_xticks(positions[::stride], [_day_label(days, day) for day in days[::stride]])
    day_axes.tick_params(axis="x", labelrotation=45)
    day_axes.yaxis.set_major_formatter(money)
    day_axes.set_title(labels.per_day)

    # Biggest on top: barh draws the first item at the bottom.
    ordered = shown[::-1]
    rows = list(range(len(ordered)))
    bars = service_axes.barh(rows, [item.amount for item in ordered], color=SERVICE_COLOR)
    service_axes.bar_label(
        bars, labels=[f"{format_sum(item.amount)} ({item.count})" for item in ordered], fontsize=8
    )
    service_axes.set_yticks(rows, [_short(item.name) for item in ordered])
    service_axes.xaxis.set_major_formatter(money)
    service_axes.margins(x=0.2)  # room for the labels right of the bars
    service_axes.set_title(labels.per_service)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _day_label(days: Sequence[DayTotal], day: DayTotal) -> str:
    one_year = days[0].day.year == days[-1].day.year
    return day.day.strftime("%m-%d" if one_year else "%Y-%m-%d")


def _short(name: str) -> str:
    short = name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"
    # matplotlib reads $...$ as a formula: a Paylov service name must be drawn as it is.
    return short.replace("$", r"\$")
