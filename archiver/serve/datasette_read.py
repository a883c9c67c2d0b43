"""Datasette for readers: the hooks that make the archive readable by a journalist.

- the articles table shows a short excerpt of `body` (not the whole text in a narrow column), its
  titles and URLs lead to a reading page, long URLs wrap instead of widening the table;
- column descriptions are folded into a "What the columns mean" disclosure above the table;
- `/-/article?url=...` reads like the HTML bundle's article: title, date line, category,
  paragraphs, the same article in other languages, captures, earlier versions and "cite as";
- `/-/changes` and `/-/diff` (archiver.serve.changes_page): the site's changes, and two versions
  side by side.

`hooks()` returns the hook functions; archiver.serve.datasette registers them with its plugin.
"""

from __future__ import annotations

import re
from archiver.export.bundle import paragraphs
from archiver.export.markup import LANG_NAMES, SANS, SERIF, SITE_NAME, display_time
from archiver.read.history import article_key
from archiver.errors import UsageError
from archiver.serve.links import (ARTICLE_PATH, CHANGES_PATH, DIFF_PATH, SEARCH_PATH, article_link,
                                  diff_link)

CSS_PATH = "/-/archive-reader.css"
EXCERPT_CHARS = 150

CSS = f"""
:root {{ --archive-serif: {SERIF}; --archive-sans: {SANS}; }}
body {{ font-family: var(--archive-sans); }}
""" + """
.rows-and-columns td { overflow-wrap: anywhere; max-width: 36em; }
.rows-and-columns td.col-url, .rows-and-columns td.col-fetch_url { word-break: break-all;
  min-width: 10em; }
.rows-and-columns td.col-body { min-width: 14em; max-width: 32em; }
.rows-and-columns td.col-title { min-width: 10em; max-width: 28em; }
.rows-and-columns td.col-body .excerpt { color: #333; }
body.table-articles .rows-and-columns :is(th, td):not(.col-lang, .col-title, .col-published,
  .col-category, .col-body, .col-version) { display: none; }
body.table-articles .rows-and-columns td { line-height: 1.35; }
body.table-articles td.col-title { font-weight: 600; }
body.table-articles :is(td.col-title a, td.col-body .excerpt, td.col-category) {
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden; }
body.table-articles td.col-category { -webkit-line-clamp: 2; max-width: 12em; }
body.table-articles :is(td.col-published, td.col-lang) { white-space: nowrap; }
body.table-articles .suggested-facets { display: none; }
body.table-articles .facet-info { width: auto; min-width: 10em; max-width: 22em; }
body.table-articles .facet-info li { word-break: normal; overflow-wrap: anywhere; }
pre#sql-query, pre.wrapped-sql { white-space: pre-wrap; overflow-wrap: anywhere; }
details.column-descriptions-fold { margin: 0.5em 0 1em; }
details.column-descriptions-fold summary { cursor: pointer; color: #276890; }
article.archive-article { max-width: 42rem; font: 1.05rem/1.6 var(--archive-serif); }
article.archive-article h1 { font-size: 1.6rem; line-height: 1.3; }
.archive-meta, .archive-aside { font: .9rem/1.4 var(--archive-sans); color: #444; max-width: 42rem; }
.archive-aside table { border-collapse: collapse; }
.archive-aside td, .archive-aside th { padding: 2px 8px 2px 0; text-align: left;
  vertical-align: top; }
.archive-cite { border-top: 1px solid #ccc; padding-top: .8rem; overflow-wrap: anywhere; }
"""

# Wraps Datasette's list of column descriptions in a closed <details>.
FOLD_SCRIPT = """
document.querySelectorAll("dl.column-descriptions").forEach(function (dl) {
  var fold = document.createElement("details");
  fold.className = "column-descriptions-fold";
  var summary = document.createElement("summary");
  summary.textContent = "What the columns mean (" + dl.querySelectorAll("dt").length + ")";
  if (document.body.classList.contains("table-articles")) {
    summary.textContent += ": this page shows the reading columns; every column is in the " +
      "JSON and CSV, and on each row's page";
  }
  dl.replaceWith(fold);
  fold.append(summary, dl);
});
"""

TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ a.title or "(untitled)" }}{% endblock %}
{% block content %}
<p class="archive-meta"><a href="{{ table_url }}">All articles</a></p>
<article class="archive-article" lang="{{ a.lang }}">
<h1>{{ a.title or "(untitled)" }}</h1>
<p class="archive-meta">{% if a.published %}<time datetime="{{ a.published }}">{{ a.date_raw or a.published }}</time>{% else %}{{ a.date_raw or "undated" }}{% endif %}
{% if a.category %} · <span class="category">{{ a.category }}</span>{% endif %} · {{ lang_name }}
· <a href="{{ a.url }}" rel="noreferrer noopener">on akorda.kz</a></p>
{% for paragraph in paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}
</article>
<div class="archive-aside">
{% if translations %}<h2>In other languages</h2><ul class="translations">
{% for t in translations %}<li lang="{{ t.lang }}"><a href="{{ t.link }}">{{ t.title or t.url }}</a> ({{ t.lang }})</li>
{% endfor %}</ul>{% endif %}
<h2>Captures</h2>
{% if captures %}<table class="captures"><tr><th>Fetched (UTC)</th><th>Record</th><th>HTTP</th><th>WARC file</th></tr>
{% for c in captures %}<tr><td>{{ c.when }}</td><td>{{ c.record_type }}</td><td>{{ c.status }}</td><td>{{ c.warc_file }}</td></tr>
{% endfor %}</table>{% else %}<p>No raw capture is indexed for this article.</p>{% endif %}
<h2>Versions</h2>
<table class="versions"><tr><th>Version</th><th>First seen (UTC)</th><th>Title</th></tr>
{% for v in versions %}<tr><td>v{{ v.version }}</td><td>{{ v.when }}</td><td>{{ v.title }}{% if v.diff %} · <a class="compare" href="{{ v.diff }}">what changed</a>{% endif %}</td></tr>
{% endfor %}</table>
<h2>Cite as</h2>
<p class="archive-cite">“{{ a.title or "(untitled)" }}”. {{ site_name }}, {{ a.published or a.date_raw or "undated" }}. {{ a.url }}. Captured {{ captured }}.</p>
</div>
{% endblock %}
"""


def excerpt(body: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(body.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _database(datasette) -> str:
    return next(name for name in datasette.databases if not name.startswith("_"))


def hooks() -> dict:
    """The Datasette hook functions, by hook name (undecorated: the caller marks them)."""
    from datasette.utils.asgi import Response
    from markupsafe import Markup, escape

    def render_cell(value, column, table, database, datasette):
        if table != "articles" or not isinstance(value, str):
            return None
        if column == "body":
            return Markup(f'<span class="excerpt">{escape(excerpt(value))}</span>')
        return None

    def cell_link(row, value, column, table):
        if table == "articles" and column in ("title", "url") and value:
            url = row["url"] if "url" in row.keys() else None
            if url:
                return Markup(f'<a href="{escape(article_link(url))}">{escape(value)}</a>')
        return None

    def render_cell_hook(row, value, column, table, database, datasette):
        return cell_link(row, value, column, table) or render_cell(value, column, table,
                                                                   database, datasette)

    async def article_page(datasette, request):
        url = request.args.get("url", "")
        if not url.strip():
            return Response.html(await _message(datasette, request, "Which article? Give its "
                                                "URL: /-/article?url=https://www.akorda.kz/..."),
                                 status=400)
        db = datasette.get_database(_database(datasette))
        from archiver.storage.reading import article_view

        view = await db.execute_fn(lambda conn: article_view(conn, article_key(url)))
        if view is None:
            return Response.html(await _message(datasette, request,
                                                f"No article {article_key(url)} in the archive."),
                                 status=404)
        return Response.html(await _render(datasette, request, view))

    async def stylesheet(request):
        from archiver.serve.changes_page import CSS as CHANGES_CSS
        from archiver.serve.pages import CSS as PAGES_CSS
        from archiver.serve.search_page import CSS as SEARCH_CSS

        return Response(CSS + CHANGES_CSS + PAGES_CSS + SEARCH_CSS,
                        content_type="text/css; charset=utf-8")

    async def changes_page(datasette, request):
        from archiver.serve import changes_page as page

        name = _database(datasette)
        args = {key: request.args.get(key) for key in ("kind", "significance", "lang", "since")}
        try:
            view = await datasette.get_database(name).execute_fn(lambda conn: page.changes_view(conn, args))
        except UsageError as exc:
            return Response.html(await _message(datasette, request, str(exc)), status=400)
        return Response.html(await page.render_changes(datasette, request, view, name, CHANGES_PATH))

    async def diff_page(datasette, request):
        from archiver.serve import changes_page as page

        name = _database(datasette)
        args = {key: request.args.get(key) for key in ("change", "url", "a", "b")}
        try:
            view = await datasette.get_database(name).execute_fn(lambda conn: page.diff_view(conn, name, args))
        except UsageError as exc:
            status = 404 if str(exc).startswith("no ") or " has no version " in str(exc) else 400
            return Response.html(await _message(datasette, request, str(exc)), status=status)
        return Response.html(await page.render_diff(datasette, request, view))

    async def search_page(datasette, request):
        from archiver.serve import search_page as page

        args = {key: request.args.get(key) for key in (*page.FIELDS, "offset")}
        name = _database(datasette)
        view = await datasette.get_database(name).execute_fn(lambda conn: page.search_view(conn, args))
        html = await page.render(datasette, request, view, datasette.urls.table(name, "articles"))
        return Response.html(html, status=400 if view["error"] else 200)

    def register_routes():
        return [(rf"^{re.escape(ARTICLE_PATH)}$", article_page),
                (rf"^{re.escape(SEARCH_PATH)}$", search_page),
                (rf"^{re.escape(CHANGES_PATH)}$", changes_page),
                (rf"^{re.escape(DIFF_PATH)}$", diff_page),
                (rf"^{re.escape(CSS_PATH)}$", stylesheet)]

    def extra_css_urls():
        return [CSS_PATH]

    def extra_body_script(view_name):
        from archiver.serve.pages import DATABASE_SCRIPT, TABLE_SCRIPT

        return {"table": FOLD_SCRIPT + TABLE_SCRIPT, "database": DATABASE_SCRIPT}.get(view_name, "")

    def prepare_jinja2_environment(env):
        from archiver.serve.pages import prepare

        prepare(env)

    return {"render_cell": render_cell_hook, "register_routes": register_routes,
            "extra_css_urls": extra_css_urls, "extra_body_script": extra_body_script,
            "prepare_jinja2_environment": prepare_jinja2_environment}


MESSAGE = """{% extends "base.html" %}
{% block title %}Not found{% endblock %}
{% block content %}<p class="archive-meta"><a href="{{ table_url }}">All articles</a></p>
<p>{{ message }}</p>{% endblock %}
"""


async def _message(datasette, request, message: str) -> str:
    """A short page in Datasette's frame (the message is escaped by the template)."""
    template = datasette.jinja_env.from_string(MESSAGE)
    table_url = datasette.urls.table(_database(datasette), "articles")
    return await datasette.render_template(template, {"message": message,
                                                      "table_url": table_url}, request=request)


async def _render(datasette, request, view: dict) -> str:
    article = view["article"]
    newest = next((c for c in view["captures"] if c["record_type"] == "response"), None)
    context = {
        "a": article,
        "lang_name": LANG_NAMES.get(article["lang"], article["lang"]),
        "paragraphs": paragraphs(article["body"]),
        "translations": [{**t, "link": article_link(t["url"])} for t in view["translations"]],
        "captures": [{**c, "when": display_time(c["fetched_at"])} for c in view["captures"]],
        "versions": [{**v, "when": display_time(v["changed_at"]),
                      "diff": diff_link(article["url"], previous["version"], v["version"]) if previous else None}
                     for previous, v in zip([None] + view["versions"], view["versions"])],
        "site_name": SITE_NAME,
        "table_url": datasette.urls.table(_database(datasette), "articles"),
        "captured": display_time(newest["fetched_at"] if newest else article["last_changed"]),
    }
    template = datasette.jinja_env.from_string(TEMPLATE)
    return await datasette.render_template(template, context, request=request)
