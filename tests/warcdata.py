"""Build small fictional WARC, feed and JSONL files for the scale tests."""

from __future__ import annotations

import gzip

PAGE = (
    "<html><head><title>Ferry {n} resumes at Port Kelso</title></head><body><article>"
    "<h1>Ferry {n} resumes at Port Kelso</h1>"
    "<p>Ferry crossings to Mire Island resumed on day {n} after three days of cancellations, the harbour "
    "board said in a statement on its website.</p>"
    "<p>\u201cThe swell has dropped and the ramps are safe again,\u201d harbour master Ana Ruru told reporters "
    "on day {n}.</p>"
    "<p>About {people} passengers had been stranded on the island since Tuesday, according to the operator, "
    "Kelso Straits Ferries.</p></article></body></html>"
)


def page(n: int) -> bytes:
    return PAGE.format(n=n, people=f"{1000 + n:,}").encode()


def record(
    uri: str,
    body: bytes,
    *,
    ctype: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    length: int | None = None,
    rtype: str = "response",
) -> bytes:
    if rtype == "response":
        block = (
            f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
            "Last-Modified: Tue, 01 Apr 2025 10:00:00 GMT\r\n\r\n"
        ).encode() + body
        wctype = "application/http; msgtype=response"
    else:
        block, wctype = body, ctype
    n = len(block) if length is None else length
    head = (
        f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-04-01T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{abs(hash(uri)) % 10**12:012d}>\r\n"
        f"Content-Type: {wctype}\r\nContent-Length: {n}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def pages(start: int, stop: int) -> list[bytes]:
    return [record(f"https://kelso-tide.example/story/{i}", page(i)) for i in range(start, stop)]


def gz_each(records: list[bytes]) -> bytes:
    return b"".join(gzip.compress(r) for r in records)
