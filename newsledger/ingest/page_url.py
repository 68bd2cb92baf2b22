"""The one check of a page URL a user gives (``--url``, a ``--urls`` manifest, an upload's ``url``).

Only http(s) URLs with a host are stored as a page's URL: the same rule at every door, so a
``javascript:`` or free-text value cannot reach the store through one of them (session 11: the
upload form and the manifest stored any string the command line refused).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def check_page_url(value: str) -> str:
    """The URL to store for ``value``, or ValueError saying why it is not one.

    Bytes of the argument that are not UTF-8 (they arrive as surrogate escapes) are
    percent-encoded, which is how a URL carries bytes, so the value is kept whole.
    """
    url = re.sub("[\udc80-\udcff]", lambda m: f"%{ord(m.group()) - 0xDC00:02X}", value.strip())
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ValueError("a URL has no spaces or control characters")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as e:
        raise ValueError(f"not a URL: {e}") from e
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ValueError("only http:// and https:// URLs are accepted")
    return url
