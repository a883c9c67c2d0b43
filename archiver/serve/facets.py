"""Datasette facets that fit the archive (imported only where Datasette is installed).

`CategoryFacet` (`{"lang_category": "category"}` in metadata): the category facet of one language.
The site names its categories in each of its three languages, so a facet over every article
mixes Kazakh, Russian and English labels of the same categories (66 on the demo archive, more
than a screen). This one shows nothing until a language is chosen (`lang=kk`), then that
language's categories; a chosen category keeps it shown, so that it can be unselected.
"""

from __future__ import annotations

from datasette.facets import ColumnFacet

SHOWN_WITH = ("lang", "lang__exact", "category", "category__exact")


class CategoryFacet(ColumnFacet):
    type = "lang_category"

    async def suggest(self):
        return []

    async def facet_results(self):
        if not any(self.request.args.get(name) for name in SHOWN_WITH):
            return [], []
        results, timed_out = await super().facet_results()
        for result in results:
            result["type"] = "column"  # headed by the column's name alone, as a plain facet
        return results, timed_out
