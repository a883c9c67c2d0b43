"""A faithful local replica of akorda.kz, generated on request and served on localhost.

    site = ReplicaSite(seed=0, articles=200)
    with serve(site) as server:          # server.url: "http://127.0.0.1:PORT"
        ...                              # crawl it; compare the archive with site.expected()

Modules: texts/phrases/paragraphs (words), generate (article text), real (the real 2018 page),
content (the model: ReplicaSite), listings (listing pages, their layouts, the sidebar), truth (ground
truth), markup (the page's main block: content column, sidebar, listing cards), chrome (the page around
it, on the structure of a real 2026 page: head, header with the never-closed div#desktop_site, section
tabs, footer), menus (the site's menu three times, and the site map), escape (entities), routes (path ->
response), hostile (decompression bomb, oversized, offsite redirect, windows-1251), server (HTTP, faults).
"""

from __future__ import annotations

from archiver.replica.content import PAGE_SIZE, PRINT_QUERY, ReplicaSite
from archiver.replica.generate import Item
from archiver.replica.hostile import HOSTILE_PATHS
from archiver.replica.real import REAL_PATH
from archiver.replica.routes import ROBOTS_TXT, Response, respond
from archiver.replica.server import (FAULT_KINDS, ReplicaServer, Request, RequestLog, choose_fault, parse_faults, run_forever,
                     serve)
from archiver.replica.texts import SECTIONS

__all__ = [
    "FAULT_KINDS", "HOSTILE_PATHS", "Item", "PAGE_SIZE", "PRINT_QUERY", "REAL_PATH", "ROBOTS_TXT",
    "ReplicaServer", "ReplicaSite", "Request", "RequestLog", "Response", "SECTIONS", "choose_fault",
    "parse_faults", "respond", "run_forever", "serve",
]
