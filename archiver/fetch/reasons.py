"""Why a request failed, as a short slug (stats `archive/dropped/<reason>`, the failures table) and a
detail line: Scrapy's download errors and the refusals of archiver.fetch.middlewares."""

from __future__ import annotations

from OpenSSL import SSL
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TxTimeoutError

ROBOTS = "robots"  # a page robots.txt forbids (archiver.fetch.robots)
# IgnoreRequest messages -> reason (the first match wins)
IGNORED = (("robots", ROBOTS), ("offsite", "offsite-redirect"), ("redirect loop", "redirect-loop"),
           ("max redirections", "too-many-redirects"), ("maxsize", "too-large"))

# Exception class names (Twisted's and Scrapy's wrappers of them) -> reason: the site cannot be reached
CONNECTION = (("ConnectionRefused", "connection-refused"), ("DNSLookup", "dns-error"),
              ("CannotResolveHost", "dns-error"), ("NoRoute", "no-route"))
UNREACHABLE = frozenset({"connection-refused", "dns-error", "no-route", "timeout"})
TLS = "tls-error"  # the TLS handshake failed (archiver.fetch.refusal)


def tls_failure(exc: BaseException) -> str | None:
    """What OpenSSL said of a failed TLS handshake, or None when `exc` is not one. Scrapy wraps it:
    DownloadFailedError from twisted's ResponseNeverReceived([Failure(OpenSSL.SSL.Error)])."""
    seen: BaseException | None = exc
    while seen is not None:
        errors = [seen] + [r.value for r in getattr(seen, "reasons", ()) or ()
                           if hasattr(r, "value")]
        for error in errors:
            if isinstance(error, SSL.Error):
                lines = error.args[0] if error.args else None
                if isinstance(lines, list) and lines and all(isinstance(x, tuple) for x in lines):
                    return "; ".join(str(x[-1]) for x in lines)
                return str(error) or type(error).__name__
        seen = seen.__cause__ or seen.__context__
    return None


def failure_reason(failure) -> tuple[str, str]:
    """A short reason slug and a detail line for a download failure."""
    exc = failure.value
    detail = str(exc)[:300]
    if isinstance(exc, HttpError):
        return f"http-{exc.response.status}", detail
    if isinstance(exc, IgnoreRequest):
        lowered = detail.lower()
        return next((reason for marker, reason in IGNORED if marker in lowered), "ignored"), detail
    tls = tls_failure(exc)
    if tls is not None:
        return TLS, tls
    name = type(exc).__name__
    if isinstance(exc, TxTimeoutError) or "Timeout" in name:
        return "timeout", detail
    for marker, reason in CONNECTION:
        if marker in name:
            return reason, detail
    if "Cancelled" in name and "size" in detail.lower() or "maxsize" in detail.lower():
        return "too-large", detail
    return name.lower(), detail
