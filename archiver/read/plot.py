"""Articles per month, drawn to an image (matplotlib is the optional `plot` extra).

One panel per language (or per top-level section), all on one time axis: every month from the
first dated article to the last is a bar, months without articles are bars of height zero (not
left out), and the count axis has whole-number ticks only. No line joins two months, so a gap
in the archive reads as a gap, and one group's numbers never hide another's.
"""

from __future__ import annotations

import sqlite3
import textwrap
from datetime import date

from archiver.errors import ArchiverError
from archiver.storage import monthly_counts

TITLES = {"lang": "language", "section": "section"}
SITE_ORDER = ("kk", "ru", "en")
# What one bar sums, said under the figure's title.
SUMS = {
    "lang": "Each bar: the articles of one language published that month. Undated articles "
            "are left out.",
    "section": "Each bar: the articles of all three languages (kk, ru, en) published that month "
               "in the section, its sub-sections folded in (events/akorda_news counts as events). "
               "Undated articles are left out.",
}


def month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM from first to last, both included."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_series(conn: sqlite3.Connection, by: str = "lang") -> dict[str, list[tuple[str, int]]]:
    """{group: [(YYYY-MM, articles), ...]} over one shared, gap-free run of months."""
    counts: dict[str, dict[str, int]] = {}
    for month, group, count in monthly_counts(conn, by=by):
        if len(month) == 7 and month[4] == "-":  # a malformed date cannot go on a time axis
            counts.setdefault(group, {})[month] = count
    months = sorted({m for per in counts.values() for m in per})
    if not months:
        return {}
    every = month_range(months[0], months[-1])
    def rank(group: str) -> tuple[int, str]:  # languages as the site lists them (kk, ru, en)
        known = by == "lang" and group in SITE_ORDER
        return (SITE_ORDER.index(group), "") if known else (len(SITE_ORDER), group)

    return {group: [(m, counts[group].get(m, 0)) for m in every] for group in sorted(counts, key=rank)}


def monthly_figure(conn: sqlite3.Connection, by: str = "lang"):
    """The matplotlib Figure: one bar panel per group, shared time axis, integer count ticks."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise ArchiverError("plotting needs matplotlib: pip install 'akorda-archiver[plot]'") \
            from None
    series = monthly_series(conn, by=by)
    if not series:
        raise ArchiverError("no dated articles to plot")
    # Constrained layout places the figure's title, the panel titles and the shared labels
    # apart; tight_layout ignored the title, which overlapped the first panel's.
    fig, axes = plt.subplots(len(series), 1, sharex=True, squeeze=False, dpi=100,
                             figsize=(12, 1.6 + 1.9 * len(series)), layout="constrained")
    for ax, (group, points) in zip(axes[:, 0], series.items()):
        days = [date(int(m[:4]), int(m[5:7]), 1) for m, _ in points]
        values = [n for _, n in points]
        ax.bar(days, values, width=27, align="edge", color="#33658a", label=group)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=2))
        ax.set_ylim(0, max(values) * 1.1 or 1)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        empty = sum(1 for v in values if v == 0)
        ax.set_title(f"{group}: {sum(values)} articles; {empty} of {len(values)} months have "
                     "none", loc="left", fontsize=10)
    bottom = axes[-1, 0]
    locator = mdates.AutoDateLocator(minticks=4, maxticks=14)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    first = points[0][0]
    last = points[-1][0]
    note = textwrap.fill(f"{SUMS[by]} Months without articles show as zero; each panel has "
                         "its own scale.", width=140)
    fig.suptitle(f"akorda.kz articles per month by {TITLES[by]}, {first} to {last}\n{note}",
                 fontsize=10, linespacing=1.5)
    fig.supylabel("articles per month", fontsize=9)
    return fig


def plot_monthly(conn: sqlite3.Connection, path: str, by: str = "lang") -> None:
    """Draw articles per month (panels by language or section) to `path` (.png, .svg, .pdf)."""
    import matplotlib.pyplot as plt

    fig = monthly_figure(conn, by=by)
    try:
        fig.savefig(path)
    finally:
        plt.close(fig)
