"""Security headers for every HTML page, in one ``after_request`` hook; the names of treatygraph's own
response headers, and those a cross-origin script may read.

The pages use no inline scripts or styles and no external assets, so the policy can be strict:
``default-src 'self'`` with ``data:`` images only. ``X-Content-Type-Options: nosniff`` goes on every
response (a browser must never guess an RDF or JSON body to be HTML).
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'"
#: ``true`` on an answer that was cut at the result-row cap (issue 6: never a silent truncation).
TRUNCATED_HEADER = "Treatygraph-Result-Truncated"
#: The cap (``result_row_cap``) that applied to a SELECT, CONSTRUCT or DESCRIBE answer.
ROW_CAP_HEADER = "Treatygraph-Row-Cap"
#: Response headers that cross-origin scripts may read (``Access-Control-Expose-Headers``).
EXPOSED_HEADERS = ("Retry-After", "Content-Type", "ETag", "X-Cache", TRUNCATED_HEADER, ROW_CAP_HEADER)
HTML_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
}


def as_cap(setting: int | str | None) -> int | None:
    """A cap setting (``result_row_cap``, ``resource_triple_cap``) as a row cap: 0 or unset is none."""
    return int(setting or 0) or None


def row_cap_headers(row_cap: int | None, truncated: bool) -> dict[str, str]:
    """The result-row cap headers of an answer (README "Operating"): the cap that applied, and whether
    the answer was cut at it."""
    headers = {ROW_CAP_HEADER: str(row_cap)} if row_cap is not None else {}
    if truncated:
        headers[TRUNCATED_HEADER] = "true"
    return headers


def security_headers(mimetype: str | None) -> dict[str, str]:
    """The security headers of a response of this media type: ``nosniff`` always, the rest on HTML."""
    headers = {"X-Content-Type-Options": "nosniff"}
    if mimetype in ("text/html", "application/xhtml+xml"):
        headers.update(HTML_HEADERS)
    return headers


def add_security_headers(response: Response) -> Response:
    """Add the security headers (see :func:`security_headers`) that the response does not set itself."""
    for name, value in security_headers(response.mimetype).items():
        response.headers.setdefault(name, value)
    return response


def register_security_headers(app: Flask) -> None:
    """Install the hook on the app (it runs for every response, blueprints and errors included)."""
    app.after_request(add_security_headers)


__all__ = [
    "CONTENT_SECURITY_POLICY",
    "EXPOSED_HEADERS",
    "HTML_HEADERS",
    "ROW_CAP_HEADER",
    "TRUNCATED_HEADER",
    "add_security_headers",
    "as_cap",
    "register_security_headers",
    "row_cap_headers",
    "security_headers",
]
