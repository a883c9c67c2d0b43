"""`archiver stats --plot`: a time axis, months without articles drawn as zero, whole-number ticks,
one panel per language or section. The test reads the figure's own data."""

from __future__ import annotations

from pathlib import Path

import pytest
from _archiver import run_archiver
from _small_archive import make_archive as small_archive

from archiver.storage import open_readonly

pytest.importorskip("matplotlib")

ARTICLES = [  # (lang, published, section)
    ("kk", "2006-01-05", "events"), ("kk", "2006-01-20", "speeches"),
    ("kk", "2006-04-02", "events"), ("ru", "2006-04-03", "events/akorda_news/press"),
    ("en", "2006-06-30", "addresses"),
]


def make_archive(path: Path, articles=ARTICLES) -> Path:
    return small_archive(path, [
        {"url": f"https://www.akorda.kz/{lang}/a-{n}", "lang": lang, "title": f"Title {n}",
         "published": published, "section": section, "body": f"Body number {n}."}
        for n, (lang, published, section) in enumerate(articles)])


def bars(ax) -> list[tuple[str, float]]:
    import matplotlib.dates as mdates

    return [(mdates.num2date(p.get_x()).strftime("%Y-%m"), p.get_height()) for p in ax.patches]


def test_every_month_is_a_bar_on_a_time_axis_and_empty_months_are_zero(tmp_path):
    import matplotlib.dates as mdates

    from archiver.read.plot import monthly_figure

    conn = open_readonly(make_archive(tmp_path / "a.db"))
    fig = monthly_figure(conn, by="lang")
    axes = fig.axes
    assert [ax.get_title(loc="left").split(":")[0] for ax in axes] == ["kk", "ru", "en"]  # the site's order
    months = ["2006-01", "2006-02", "2006-03", "2006-04", "2006-05", "2006-06"]
    assert bars(axes[0]) == list(zip(months, [2, 0, 0, 1, 0, 0]))
    assert bars(axes[1]) == list(zip(months, [0, 0, 0, 1, 0, 0]))
    assert bars(axes[2]) == list(zip(months, [0, 0, 0, 0, 0, 1]))
    assert isinstance(axes[-1].xaxis.get_major_locator(), mdates.AutoDateLocator)
    for ax in axes:
        assert all(float(t).is_integer() for t in ax.get_yticks()), ax.get_yticks()
        assert ax.get_ylim()[0] == 0


def test_the_section_view_groups_by_top_level_section(tmp_path):
    from archiver.read.plot import monthly_figure

    conn = open_readonly(make_archive(tmp_path / "a.db"))
    axes = monthly_figure(conn, by="section").axes
    titles = [ax.get_title(loc="left").split(":")[0] for ax in axes]
    assert titles == ["addresses", "events", "speeches"]
    assert [h for _, h in bars(axes[1])] == [1, 0, 0, 2, 0, 0]


def test_stats_plot_writes_a_png_and_refuses_other_suffixes(tmp_path):
    db = make_archive(tmp_path / "a.db")
    proc = run_archiver("stats", "--db", str(db), "--plot", str(tmp_path / "m.png"),
                        "--by", "section", check=True)
    assert (tmp_path / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "plot written to" in proc.stderr
    bad = run_archiver("stats", "--db", str(db), "--plot", str(tmp_path / "m.txt"))
    assert bad.returncode == 2 and "must end in .png" in bad.stderr


def test_the_demo_archive_plot_counts_every_dated_article_on_a_gap_free_month_axis(tmp_path):
    import sqlite3

    from archiver.read.plot import monthly_figure

    db = tmp_path / "demo.db"
    run_archiver("demo", "--db", str(db), "--articles", "12")
    with sqlite3.connect(db) as conn:
        dated = dict(conn.execute("SELECT lang, count(*) FROM articles WHERE published IS NOT "
                                  "NULL GROUP BY lang").fetchall())
    assert dated, "the demo archived no dated article"
    axes = monthly_figure(open_readonly(db), by="lang").axes
    for ax in axes:
        lang = ax.get_title(loc="left").split(":")[0]
        months = [m for m, _ in bars(ax)]
        heights = [h for _, h in bars(ax)]
        assert sum(heights) == dated[lang]
        assert 0 in heights, "months without articles must be drawn as zero"
        index = [int(m[:4]) * 12 + int(m[5:]) for m in months]
        assert index == list(range(index[0], index[0] + len(index))), "a month is missing"


@pytest.mark.parametrize("by", ["lang", "section"])
def test_titles_and_labels_do_not_overlap_and_say_what_a_bar_sums(tmp_path, by):
    from archiver.read.plot import monthly_figure

    # Nine sections, as on the demo archive: the old layout's title overlapped the first panel.
    sections = ["addresses", "announcements", "archive", "events/akorda_news/press",
                "executive_office/news", "legal_acts", "secretary_of_state/news",
                "security_council/events", "speeches"]
    articles = [("kk", f"20{10 + n:02d}-0{1 + n % 9}-05", section)
                for n, section in enumerate(sections)]
    conn = open_readonly(make_archive(tmp_path / "a.db", ARTICLES + articles))
    fig = monthly_figure(conn, by=by)
    assert len(fig.axes) == (9 if by == "section" else 3)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [fig._suptitle, fig._supylabel]
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label,
                  *ax.get_xticklabels(), *ax.get_yticklabels()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts
             if t.get_text() and t.get_visible()]
    for i, (text, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1:]:
            assert not box.overlaps(other_box), f"{text!r} overlaps {other!r}"
    title = fig._suptitle.get_text()
    if by == "section":
        assert "all three languages" in title and "sub-sections folded in" in title
    else:
        assert "one language" in title
    assert "Undated articles are left out" in title
