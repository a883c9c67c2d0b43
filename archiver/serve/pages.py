"""Datasette's own pages, made to lead a reader in: templates that extend Datasette's.

- the index (`/`) opens with a search box (the search page, archiver.serve.search_page) and
  large links to the articles, the changes and the counts per month, above Datasette's list;
- the database page's SQL box starts with a query worth running, not `select * from aliases`
  (the first table by name);
- a canned query's page title (the browser tab) is its title in words, not its SQL.

`prepare(env)` puts the templates before Datasette's own; each extends `default:<name>`.
"""

from __future__ import annotations

from archiver.serve.links import CHANGES_PATH, SEARCH_PATH

INDEX = """{% extends "default:index.html" %}
{% block description_source_license %}{{ super() }}
{% set db = databases[0].name if databases else "" %}
<div class="archive-start">
<form class="archive-search" action="SEARCH_PATH" method="get" role="search">
<label for="archive-q">Search the articles</label>
<span class="archive-search-row"><input id="archive-q" name="q" type="search"
  placeholder="шілде, Астана, Құрылтай, parliament …"><button type="submit">Search</button></span>
<small>Kazakh and Russian word endings are found too: шілде finds шілдесінде.</small>
</form>
{% if db %}<ul class="archive-ways">
<li><a href="{{ urls.table(db, 'articles') }}">Browse the articles</a> newest first, by language,
  category and year</li>
<li><a href="{{ urls.query(db, 'articles_per_month') }}">Articles per month</a> in each language</li>
<li><a href="CHANGES_PATH">What changed on the site</a>: articles edited, removed, restored</li>
<li><a href="{{ urls.database(db) }}">Every table, and SQL</a></li>
</ul>{% endif %}
</div>
<h2 class="archive-tables">The database</h2>
{% endblock %}
""".replace("SEARCH_PATH", SEARCH_PATH).replace("CHANGES_PATH", CHANGES_PATH)

QUERY = """{% extends "default:query.html" %}
{% block title %}{% if canned_query %}{{ metadata.title or canned_query }}: {{ database }}{%
  else %}SQL query: {{ database }}{% endif %}{% endblock %}
"""

TEMPLATES = {"index.html": INDEX, "query.html": QUERY}

# The SQL box of the database page, before CodeMirror reads it (at window load).
FIRST_SQL = ("select published, lang, title, category\\nfrom articles\\n"
             "order by published desc\\nlimit 20")
DATABASE_SCRIPT = """
var box = document.querySelector("textarea#sql-editor");
if (box && /^select \\* from /.test(box.value)) { box.value = "FIRST_SQL"; }
""".replace("FIRST_SQL", FIRST_SQL)

# The articles table's search box filters the table; beside it, the way to the search page with
# the same words (ranked, matches shown in context).
TABLE_SCRIPT = """
(function () {
  var box = document.querySelector("body.table-articles input#_search");
  if (!box) { return; }
  var link = document.createElement("a");
  link.className = "archive-to-search";
  link.textContent = "Search page: ranked, the matched words shown";
  var go = function () {
    link.href = "SEARCH_PATH" + (box.value.trim() ? "?q=" + encodeURIComponent(box.value) : "");
  };
  go();
  box.addEventListener("input", go);
  box.parentNode.appendChild(link);
})();
""".replace("SEARCH_PATH", SEARCH_PATH)

CSS = """
a.archive-to-search { margin-left: .8rem; white-space: nowrap; }
.archive-start { margin: 1.2rem 0 2rem; max-width: 46rem; }
form.archive-search label { display: block; width: auto; font-size: 1.3rem; font-weight: 600; margin-bottom: .4rem; }
.archive-search-row { display: flex; gap: .5rem; }
.archive-search-row input { flex: 1; font-size: 1.15rem; padding: .45rem .6rem; }
.archive-search-row button { font-size: 1.1rem; padding: .4rem 1.1rem; }
form.archive-search small { color: #555; }
ul.archive-ways { list-style: none; padding: 0; margin: 1.2rem 0 0; }
ul.archive-ways li { margin: .45rem 0; color: #444; }
ul.archive-ways a { font-size: 1.15rem; font-weight: 600; }
h2.archive-tables { font-size: 1.1rem; color: #555; border-top: 1px solid #ddd; padding-top: 1rem; }
"""


def prepare(env) -> None:
    """Datasette's `prepare_jinja2_environment`: these templates first, then Datasette's."""
    from jinja2 import ChoiceLoader, DictLoader

    env.loader = ChoiceLoader([DictLoader(TEMPLATES), env.loader])
