"""`/-/search`: the web search page. Ranked by relevance when there is a query (newest first one
click away), each result with the CLI's snippet around the matched forms, drawn with <mark>.

The rows, their order and the notes are `archiver.storage.search_results`'s, as in `archiver
search`; the snippet is `body_snippet`'s, the same words as the CLI's with other marks. A query the
language refuses, or filters that contradict each other, get the CLI's one-line explanation.
archiver.serve.datasette_read registers the route; the view is read in Datasette's thread.
"""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup, escape

from archiver.errors import UsageError
from archiver.export.markup import LANG_NAMES
from archiver.search.snippets import body_snippet, highlight, likely_match
from archiver.serve.links import SEARCH_PATH, article_link
from archiver.storage import get_article, search_results

PAGE_SIZE = 20
MARKS = ("\x02", "\x03")  # never in crawled text (control characters are not kept): <mark>, </mark>
FIELDS = ("q", "lang", "since", "until", "category", "order", "full_rank")
EXAMPLES = ("шілде", "Астана -экспо", '"Ұлттық құрылтай"', "title:Тоқаев", "инвест*")


def marked(snippet: str) -> Markup:
    """The snippet as HTML: its text escaped, its marks <mark> elements."""
    return Markup(str(escape(snippet)).replace(MARKS[0], "<mark>").replace(MARKS[1], "</mark>"))


def search_view(conn, args: dict) -> dict:
    """What the page shows for the query string `args` (values: str or None)."""
    chosen = {name: (args.get(name) or "").strip() for name in FIELDS}
    chosen["order"] = chosen["order"] if chosen["order"] == "date" else "relevance"
    view = {"chosen": chosen, "rows": [], "total": 0, "notes": [], "error": None, "more": None}
    try:
        offset = max(0, int(args.get("offset") or 0))
    except ValueError:
        offset = 0
    if not chosen["q"]:
        return view
    try:
        found = search_results(conn, chosen["q"], lang=chosen["lang"] or None,
                               since=chosen["since"] or None, until=chosen["until"] or None,
                               category=chosen["category"] or None, order=chosen["order"],
                               limit=PAGE_SIZE, offset=offset, full_rank=bool(chosen["full_rank"]))
    except UsageError as exc:
        view["error"] = str(exc)
        return view
    first = likely_match(chosen["q"])
    for row in found.rows:
        article = get_article(conn, row["url"]) or {}
        snippet = body_snippet(article.get("body") or "", chosen["q"], first, mark=MARKS)
        title = row["title"] or "(untitled)"
        view["rows"].append({**row, "snippet": marked(snippet), "link": article_link(row["url"]),
                             "title": marked(highlight(title, chosen["q"], 5 * len(title.split()) + 5,
                                                       mark=MARKS)),
                             "lang_name": LANG_NAMES.get(row["lang"], row["lang"])})
    view.update(total=found.total, notes=found.notes, offset=offset)
    if offset + PAGE_SIZE < found.total:
        view["more"] = link(chosen, offset=offset + PAGE_SIZE)
    if offset:
        view["back"] = link(chosen, offset=max(0, offset - PAGE_SIZE))
    return view


def link(chosen: dict, **changes) -> str:
    """This page's address for the chosen fields with `changes` (empty values left out)."""
    params = {**chosen, **changes}
    if params.get("order") == "relevance":
        params["order"] = ""
    return SEARCH_PATH + "?" + urlencode({k: v for k, v in params.items() if v})


TEMPLATE = """{% extends "base.html" %}
{% block title %}{% if chosen.q %}Search: {{ chosen.q }}{% else %}Search the articles{% endif %}{% endblock %}
{% block content %}
<p class="archive-meta"><a href="{{ table_url }}">All articles</a></p>
<h1>Search the articles</h1>
<form class="archive-search web-search" action="{{ path }}" method="get" role="search">
<span class="archive-search-row"><input id="search-q" name="q" type="search" value="{{ chosen.q }}"
  aria-label="Search words" placeholder="шілде, Астана, Құрылтай …" autofocus>
<button type="submit">Search</button></span>
<span class="search-filters"><label>Language <select name="lang"><option value="">all</option>
{% for code, name in langs %}<option value="{{ code }}"{% if chosen.lang == code %} selected{% endif %}>{{ name }}</option>{% endfor %}
</select></label>
<label>From <input name="since" value="{{ chosen.since }}" placeholder="YYYY" size="10"></label>
<label>through <input name="until" value="{{ chosen.until }}" placeholder="YYYY" size="10"></label>
{% if chosen.category %}<input type="hidden" name="category" value="{{ chosen.category }}">{% endif %}
{% if chosen.order == "date" %}<input type="hidden" name="order" value="date">{% endif %}</span>
</form>
{% if error %}<p class="search-error">{{ error }}</p>
{% elif chosen.q %}
<p class="search-summary">{% if total %}{{ "{:,}".format(total) }} {% if total == 1 %}article matches{% else %}articles match{% endif %}:
{% if chosen.order == "date" %}<strong>newest first</strong> · <a href="{{ by_relevance }}">best match first</a>
{% else %}<strong>best match first</strong> · <a href="{{ by_date }}">newest first</a>{% endif %}
{% else %}No article matches.{% endif %}</p>
{% for note in notes %}<p class="search-note">{{ note }}</p>{% endfor %}
<ol class="search-results" start="{{ offset + 1 }}">
{% for r in rows %}<li lang="{{ r.lang }}"><a class="search-title" href="{{ r.link }}">{{ r.title }}</a>
<div class="search-meta">{{ r.published or "undated" }} · {{ r.lang_name }}{% if r.category %} · {{ r.category }}{% endif %}</div>
<p class="search-snippet">{{ r.snippet }}</p></li>
{% endfor %}</ol>
{% if back or more %}<p class="search-pages">{% if back %}<a href="{{ back }}">← previous {{ page_size }}</a>{% endif %}
{% if more %} <a href="{{ more }}">next {{ page_size }} →</a>{% endif %}</p>{% endif %}
{% else %}<p class="archive-meta">Words are found in any form (шілде finds шілдесінде); "quotes" find a phrase as typed;
-word leaves a word out; title: searches the headlines; word* finds words that start so. For example:
{% for example in examples %}<a href="{{ example.link }}">{{ example.q }}</a>{% if not loop.last %}, {% endif %}{% endfor %}.</p>
{% endif %}
{% endblock %}
"""

CSS = """
form.web-search { max-width: 46rem; margin-bottom: 1rem; }
.search-filters { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: .6rem; }
form.web-search .search-filters label { display: inline; width: auto; font-weight: normal;
  font-size: .95rem; color: #333; }
.search-summary, .search-note, .search-error { max-width: 46rem; }
.search-note { color: #7a4b00; } .search-error { color: #a00; font-weight: 600; }
ol.search-results { max-width: 46rem; padding-left: 1.6rem; }
ol.search-results li { margin: 0 0 1.1rem; }
a.search-title { font-size: 1.1rem; font-weight: 600; }
.search-meta { font-size: .85rem; color: #555; margin: .1rem 0 .2rem; }
.search-snippet { margin: 0; font-family: var(--archive-serif); line-height: 1.5; }
:is(.search-snippet, .search-title) mark { background: #ffe58a; color: inherit; padding: 0 1px; }
"""


async def render(datasette, request, view: dict, table_url: str) -> str:
    chosen = view["chosen"]
    context = {
        **view, "path": SEARCH_PATH, "table_url": table_url, "page_size": PAGE_SIZE,
        "langs": list(LANG_NAMES.items()),
        "by_date": link(chosen, order="date", offset=""),
        "by_relevance": link(chosen, order="relevance", offset=""),
        "examples": [{"q": q, "link": link({"q": q})} for q in EXAMPLES],
        "offset": view.get("offset", 0), "back": view.get("back"),
    }
    template = datasette.jinja_env.from_string(TEMPLATE)
    return await datasette.render_template(template, context, request=request)
