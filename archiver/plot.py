"""Articles per month by language, drawn to a PNG (matplotlib is the optional `plot` extra)."""

from __future__ import annotations

import sqlite3

from .errors import ArchiverError
from .storage import monthly_counts


def plot_monthly(conn: sqlite3.Connection, path: str) -> None:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ArchiverError("plotting needs matplotlib: pip install 'akorda-archiver[plot]'") \
            from None
    series: dict[str, dict[str, int]] = {}
    for month, lang, count in monthly_counts(conn):
        series.setdefault(lang, {})[month] = count
    months = sorted({m for per in series.values() for m in per})
    fig, ax = plt.subplots(figsize=(12, 4), dpi=100)
    for lang in sorted(series):
        ax.plot(range(len(months)), [series[lang].get(m, 0) for m in months], label=lang)
    step = max(1, len(months) // 12)
    ax.set_xticks(range(0, len(months), step), months[::step], rotation=45, ha="right")
    ax.set_ylabel("articles")
    ax.set_title("akorda.kz articles per month")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
