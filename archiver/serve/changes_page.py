"""Datasette pages for changes (issue 19): `/-/changes`, the site's changes newest first with filters
for kind, significance and language, and `/-/diff`, two versions of a page side by side with the
deleted and inserted words marked, both captures linked and a "cite as" line for each version.

`/-/diff?url=U&a=1&b=2` compares any two versions (default: the last two); `/-/diff?change=ID` shows
one change, with the same change in the page's verified translations. archiver.serve.datasette_read
registers the routes; the views are read in Datasette's thread (`views`) and rendered here.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from archiver.errors import UsageError
from archiver.export.markup import SITE_NAME, display_time
from archiver.read.changes import side_by_side, words_html
from archiver.read.history import article_key
from archiver.serve.feed import capture_label
from archiver.serve.links import article_link, capture_link, changes_link, diff_link
from archiver.storage import history
from archiver.storage.changes import (KINDS, SIGNIFICANCE, capture_record, get_change, list_changes,
                                      same_change_elsewhere, version_text)

PAGE_ROWS = 200  # changes shown on one page, newest first
LANGS = ("kk", "ru", "en")

CSS = """
.archive-changes { border-collapse: collapse; font: .95rem/1.4 var(--archive-sans); width: 100%; }
.archive-changes th, .archive-changes td { padding: 6px 10px 6px 0; text-align: left; vertical-align: top;
  border-bottom: 1px solid #e3e3e3; }
.archive-changes td.when { white-space: nowrap; color: #555; }
.archive-changes td.what { overflow-wrap: anywhere; }
.archive-changes td.what .page-title { font-weight: 600; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font: .8rem/1.5 var(--archive-sans);
  background: #eee; color: #222; white-space: nowrap; }
.badge.removed { background: #f6d5d5; } .badge.restored, .badge.new { background: #d8ecd8; }
.badge.substantive { background: #ffe2a8; } .badge.typographic { background: #f1f1f1; color: #666; }
form.change-filters { font: .95rem var(--archive-sans); margin: .5rem 0 1rem; display: flex; gap: .8rem;
  flex-wrap: wrap; align-items: end; }
form.change-filters label { display: flex; flex-direction: column; gap: 2px; }
del.diff-del { background: #ffd7d5; color: #82071e; text-decoration: line-through; }
ins.diff-ins { background: #ccf5d3; color: #055d20; text-decoration: none; border-bottom: 2px solid #2da44e; }
.diff-columns { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; max-width: 80rem; }
@media (max-width: 760px) { .diff-columns { grid-template-columns: 1fr; } }
.diff-side { font: 1.02rem/1.6 var(--archive-serif); min-width: 0; overflow-wrap: anywhere; }
.diff-side h2 { font: 600 1rem/1.3 var(--archive-sans); margin: 0 0 .3rem; }
.diff-side h3 { font-size: 1.25rem; line-height: 1.3; }
.diff-legend { font: .9rem var(--archive-sans); color: #444; margin-bottom: 1.2rem; }
.change-words { font: 1rem/1.5 var(--archive-sans); }
.archive-changes { max-width: 72rem; } .archive-changes td.when { width: 9rem; }
.archive-changes td.kind { width: 13rem; }
"""

LIST_TEMPLATE = """{% extends "base.html" %}
{% block title %}Changes on akorda.kz{% endblock %}
{% block content %}
<p class="archive-meta"><a href="{{ table_url }}">All articles</a> · <a href="{{ changes_table }}">the changes table</a></p>
<h1>Changes on akorda.kz</h1>
<p class="archive-meta">What the archive saw the site change: pages new, edited, removed, restored. Newest first.
An edit is <em>typographic</em> (spacing, quote marks, dashes, letter case), <em>minor</em> (a few words) or
<em>substantive</em> (numbers, names, dates, sentences).</p>
<form class="change-filters" action="{{ path }}" method="get">
{% for name, label, options in selects %}<label>{{ label }}<select name="{{ name }}"><option value="">all</option>
{% for value in options %}<option value="{{ value }}"{% if chosen[name] == value %} selected{% endif %}>{{ value }}</option>{% endfor %}
</select></label>
{% endfor %}<label>Seen since<input type="date" name="since" value="{{ chosen.since or '' }}"></label>
<button type="submit">Show</button>{% if any_filter %} <a href="{{ path }}">clear</a>{% endif %}
</form>
<p class="archive-meta">{{ shown }}</p>
{% if rows %}<table class="archive-changes">
<tr><th>Seen (UTC)</th><th>Change</th><th>Page and words</th></tr>
{% for r in rows %}<tr class="change-row" data-kind="{{ r.kind }}" data-lang="{{ r.lang }}">
<td class="when">{{ r.when }}<br>{{ r.lang }}</td>
<td class="kind"><span class="badge {{ r.kind }}">{{ r.kind }}</span>{% if r.significance %} <span class="badge {{ r.significance }}">{{ r.significance }}</span>{% endif %}
{% if r.flags %}<br><small>{{ r.flags }}</small>{% endif %}</td>
<td class="what"><a class="page-title" href="{{ r.link }}">{{ r.title }}</a>
{% if r.words %}<br>{{ r.words }}{% endif %}{% if r.detail %}<br><small>{{ r.detail }}</small>{% endif %}</td></tr>
{% endfor %}</table>{% endif %}
{% endblock %}
"""

DIFF_TEMPLATE = """{% extends "base.html" %}
{% block title %}{% if sides|length == 2 %}{{ title }}: versions {{ a }} and {{ b }}{% else %}{{ title }}{% endif %}{% endblock %}
{% block content %}
<p class="archive-meta"><a href="{{ changes_url }}">All changes</a>{% if not document %} · <a href="{{ article_url }}">The archived page</a>{% endif %}
· <a href="{{ url }}" rel="noreferrer noopener">on akorda.kz</a></p>
<h1 lang="{{ lang }}">{{ title }}</h1>
{% if change %}<p class="archive-meta"><span class="badge {{ change.kind }}">{{ change.kind }}</span>{% if change.significance %}
<span class="badge {{ change.significance }}">{{ change.significance }}</span>{% endif %} seen {{ change_when }}{% if change.detail %} · {{ change.detail }}{% endif %}</p>{% endif %}
{% if words %}<p class="change-words">{% if flags %}{{ flags|capitalize }}: {% endif %}{{ words }}</p>{% endif %}
{% if others %}<p class="archive-meta same-change">The same change in: {% for o in others %}<a href="{{ o.link }}" lang="{{ o.lang }}">{{ o.lang }}: {{ o.title }}</a>{% if not loop.last %} · {% endif %}{% endfor %}</p>{% endif %}
{% if sides|length == 2 %}<p class="diff-legend"><del class="diff-del">deleted words</del> are marked in version {{ a }},
<ins class="diff-ins">inserted words</ins> in version {{ b }}.</p>{% endif %}
<div class="diff-columns">
{% for s in sides %}<section class="diff-side" lang="{{ lang }}" data-version="{{ s.version }}">
<h2>{{ s.heading }}</h2>
<h3>{{ s.title }}</h3>
{% if s.date_line %}<p class="archive-meta">{{ s.date_line }}</p>{% endif %}
{% for p in s.paragraphs %}<p>{{ p }}</p>
{% endfor %}
<div class="archive-meta">{% if s.capture_link %}<p>Evidence: <a class="capture" href="{{ s.capture_link }}">{{ s.capture_label }}</a></p>{% endif %}
<p class="archive-cite">Cite as: {{ s.cite }}</p></div>
</section>
{% endfor %}</div>
{% if extra_captures %}<p class="archive-meta">Evidence: {% for c in extra_captures %}<a class="capture" href="{{ c.link }}">{{ c.label }}</a>{% if not loop.last %} · {% endif %}{% endfor %}</p>{% endif %}
{% endblock %}
"""


def _words_html(change: dict) -> Markup:
    return Markup(words_html(change))


def _change_link(change: dict) -> str:
    return diff_link(None, None, None, change_id=change["id"])


def changes_view(conn, args: dict) -> dict:
    """The rows and counts of the changes page for the query string `args`."""
    chosen = {name: args.get(name) or None for name in ("kind", "significance", "lang", "since")}
    filters = dict(since=chosen["since"], kinds=chosen["kind"], significance=chosen["significance"],
                   lang=chosen["lang"])
    rows = list_changes(conn, **filters, limit=PAGE_ROWS + 1)
    return {"chosen": chosen, "rows": rows[:PAGE_ROWS], "more": len(rows) > PAGE_ROWS}


def _row(change: dict) -> dict:
    flags = ", ".join(n for n, f in (("title changed", change["title_changed"]),
                                     ("date line changed", change["date_changed"])) if f)
    return {**change, "when": display_time(change["seen_at"])[:16], "flags": flags,
            "title": change["title"] or change["url"], "link": _change_link(change), "words": _words_html(change)}


def _side(conn, db_name: str, url: str, version: int, text: dict, marked: list[str], title: Markup,
          capture_id: int | None, side: str) -> dict:
    record = capture_record(conn, capture_id) if capture_id else None
    captured = display_time(record["fetched_at"]) if record else display_time(text["captured_at"])
    cite = (f"“{text['title'] or '(untitled)'}”. {SITE_NAME}, {text['published'] or text['date_raw'] or 'undated'}."
            f" {url}. Version {version}, captured {captured}.")
    heading = f"Version {version} · first seen {display_time(text['captured_at'])}"
    return {"version": version, "heading": heading, "title": title,
            "date_line": text["date_raw"] or text["published"] or "undated",
            "paragraphs": [Markup(p) for p in marked], "cite": cite,
            "capture_link": capture_link(db_name, capture_id) if capture_id else None,
            "capture_label": capture_label(record, side, version)}


def diff_view(conn, db_name: str, args: dict) -> dict:
    """Both sides of the diff page; UsageError (a 400 or 404 page) for what cannot be shown."""
    change = None
    if args.get("change"):
        if not args["change"].isdigit() or (change := get_change(conn, int(args["change"]))) is None:
            raise UsageError(f"no change {args['change']} in the archive")
        url, a, b = change["url"], change["old_version"], change["new_version"]
    else:
        if not (args.get("url") or "").strip():
            raise UsageError("Which page? /-/diff?url=https://www.akorda.kz/...&a=1&b=2")
        url = article_key(args["url"])
        numbers = [v["version"] for v in history(conn, url)]
        if not numbers:
            raise UsageError(f"no article {url} in the archive")
        try:
            a = int(args.get("a") or (numbers[-2] if len(numbers) > 1 else numbers[-1]))
            b = int(args.get("b") or numbers[-1])
        except ValueError:
            raise UsageError("a and b are version numbers, e.g. a=1&b=2") from None
        for n in (a, b):
            if n not in numbers:
                raise UsageError(f"{url} has no version {n} (versions: {', '.join(map(str, numbers))})")
    old = version_text(conn, url, a) if a else None
    new = version_text(conn, url, b) if b else None
    captures = (change["old_capture"], change["new_capture"]) if change else (None, None)
    sides, extra = [], []
    if old and new and a != b:
        titles = side_by_side(old["title"] or "", new["title"] or "")
        bodies = side_by_side(old["body"], new["body"])
        for side, n, text, marked, title, capture in (("before", a, old, bodies[0], titles[0], captures[0]),
                                                      ("after", b, new, bodies[1], titles[1], captures[1])):
            sides.append(_side(conn, db_name, url, n, text, marked, Markup(" ".join(title)),
                               capture or text["capture_id"], side))
    else:
        text = new or old
        if text:
            version = b or a
            gone = bool(change and change["kind"] == "removed")
            # A removed page's text is its last good version, shown by the capture before the removal.
            capture = ((captures[0] if gone else captures[1] or captures[0]) if change else None) or text["capture_id"]
            marked = [str(escape(p)) for p in text["body"].split("\n\n") if p.strip()]
            side = _side(conn, db_name, url, version, text, marked, Markup(escape(text["title"] or "")),
                         capture, "before" if gone else "after")
            if gone:
                side["heading"] = f"The last archived text (version {version}, first seen {display_time(text['captured_at'])})"
            sides.append(side)
        for side, capture in zip(("before", "after"), captures):
            if capture and change:
                extra.append({"link": capture_link(db_name, capture),
                              "label": capture_label(capture_record(conn, capture), side, None)})
    others = [{**o, "link": _change_link(o)} for o in same_change_elsewhere(conn, change)] if change else []
    lang = change["lang"] if change else url.split("/")[3] if url.count("/") > 3 else ""
    title = (new or old or {}).get("title") or url
    # A change within one version (a date line corrected in place) shows its words from the change row.
    words = _words_html(change) if change and len(sides) < 2 else ""
    document = bool(change and change["page_kind"] == "document")
    for side in sides:
        side["date_line"] = "" if document and side["date_line"] == "undated" else side["date_line"]
    return {"change": change, "url": url, "a": a, "b": b, "sides": sides, "extra_captures": extra,
            "words": words, "flags": _row(change)["flags"] if change else "", "document": document,
            "others": others, "lang": {"kz": "kk"}.get(lang, lang), "title": title,
            "change_when": display_time(change["seen_at"]) if change else None}


async def render_changes(datasette, request, view: dict, database: str, path: str) -> str:
    chosen = view["chosen"]
    count = len(view["rows"])
    shown = (f"The newest {count} changes: narrow them with the filters." if view["more"]
             else f"{count} change{'s' if count != 1 else ''}." if count else "No change matches.")
    context = {
        "rows": [_row(r) for r in view["rows"]], "chosen": chosen, "shown": shown, "path": path,
        "any_filter": any(chosen.values()),
        "selects": [("kind", "Kind", KINDS), ("significance", "Significance", SIGNIFICANCE),
                    ("lang", "Language", LANGS)],
        "table_url": datasette.urls.table(database, "articles"),
        "changes_table": datasette.urls.table(database, "changes"),
    }
    template = datasette.jinja_env.from_string(LIST_TEMPLATE)
    return await datasette.render_template(template, context, request=request)


async def render_diff(datasette, request, view: dict) -> str:
    context = {**view, "changes_url": changes_link(), "article_url": article_link(view["url"])}
    template = datasette.jinja_env.from_string(DIFF_TEMPLATE)
    return await datasette.render_template(template, context, request=request)
