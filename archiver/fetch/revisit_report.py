"""The run report's revisit counts (issue 19): due, revisited, changed, unchanged, 304, and removals."""

from __future__ import annotations

from collections import Counter

# Outcomes of archiver.fetch.recheck.revisit, as counted by the session ("revisit/<outcome>").
OUTCOMES = ("304", "unchanged", "changed", "restored", "gone", "removed", "new", "missing", "error")


def revisit_counts(counts: Counter[str]) -> dict:
    """{} when the run revisited nothing and nothing was due."""
    got = {name: counts[f"revisit/{name}"] for name in OUTCOMES}
    due = counts["revisit/due"]
    revisited = sum(got.values()) - got["new"] - got["missing"]
    if not due and not sum(got.values()):
        return {}
    return {"due": due, "revisited": revisited, "changed": got["changed"],
            "unchanged": got["unchanged"] + got["304"], "304": got["304"], "restored": got["restored"],
            "said_gone": got["gone"], "removed": got["removed"], "errors": got["error"],
            "documents_new": got["new"], "documents_missing": got["missing"]}


def format_revisits(r: dict) -> str:
    return (f"revisits: {r['due']} due, {r['revisited']} revisited, {r['changed']} changed, "
            f"{r['unchanged']} unchanged ({r['304']} answered 304), {r['removed']} removed, "
            f"{r['restored']} restored, {r['said_gone']} said gone (not confirmed or still removed), "
            f"{r['errors']} errors" + (f"; {r['documents_new']} official pages archived"
                                       if r["documents_new"] else ""))
