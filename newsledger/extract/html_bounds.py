"""Bounds on what reaches the HTML parser, so no page can take unbounded time.

lexbor parses in linear time except for nesting: each new element checks the
stack of open elements, so N nested tags cost O(N^2) (100,000 nested divs
take over 30 s; 5,000 take about 0.07 s).  Real pages nest a few dozen deep.
Two bounds, both applied before parsing:

* :data:`MAX_HTML_CHARS` -- longer inputs are cut to that length; the story
  sits well inside the first megabytes of every real page, past that is
  inline data (the 91 dev pages are all under 1.5 MB).
* :data:`MAX_DEPTH` -- opening tags deeper than this are dropped together
  with as many closing tags; their text is kept.  The exact scan is a
  Python loop over every tag, too slow to run on every page, so cheap
  upper bounds decide whether it runs at all: the number of ``<`` in the
  page, then :func:`depth_bound` (C-speed ``str.count`` over 16 KB chunks).
  On the 91 dev pages the bounds stay under 1,100 and the scan never runs.
"""

from __future__ import annotations

import re

MAX_HTML_CHARS = 16_000_000
MAX_DEPTH = 3_000

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")
# Elements that never take children, and ones the parser closes implicitly
# when a sibling opens (an unclosed <p> or <li> does not nest).
_FLAT = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "!doctype",
})


_CHUNK = 16_384


def depth_bound(html: str) -> int:
    """An upper bound on tag nesting depth, from counts of ``<`` and ``</``.

    Every ``<`` is taken for an opening tag (void elements, comments and
    stray ``<`` only loosen the bound).  Inside a chunk depth can rise by at
    most the chunk's opening tags; across it, it moves by opens - closes.
    """
    net = best = 0
    for start in range(0, len(html), _CHUNK):
        lt = html.count("<", start, start + _CHUNK)
        closes = html.count("</", start, start + _CHUNK)
        best = max(best, net + lt - closes)
        net = max(0, net + lt - 2 * closes)
    return best


def _max_depth(html: str) -> int:
    depth = deepest = 0
    for m in _TAG_RE.finditer(html):
        if m[2].lower() in _FLAT or m[3]:
            continue
        if m[1]:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
    return deepest


def flatten_deep_nesting(html: str, max_depth: int = MAX_DEPTH) -> tuple[str, bool]:
    """``html`` with tags nested past ``max_depth`` removed; whether any were."""
    # Every tag starts with "<", so a page with no more "<" than the cap cannot nest past it: one
    # C-speed count, half the cost of depth_bound's two (87 of the 91 dev pages stop here).
    if html.count("<") <= max_depth or depth_bound(html) <= max_depth or _max_depth(html) <= max_depth:
        return html, False
    out: list[str] = []
    last = depth = dropped = 0
    for m in _TAG_RE.finditer(html):
        if m[2].lower() in _FLAT or m[3]:
            continue
        drop = False
        if m[1]:
            if dropped:
                dropped -= 1
                drop = True
            else:
                depth = max(0, depth - 1)
        elif depth >= max_depth:
            dropped += 1
            drop = True
        else:
            depth += 1
        if drop:
            out.append(html[last : m.start()])
            last = m.end()
    out.append(html[last:])
    return "".join(out), True


def few_tags(data: bytes, max_depth: int = MAX_DEPTH) -> bool:
    """:func:`flatten_deep_nesting`'s first test on the page's UTF-8 bytes: no more ``<`` than the cap.

    The count is the same as in the str ("<" is one byte in UTF-8 and never part of another
    character) and faster to take than in a str of wide characters (extract_html has the bytes
    anyway: the parser reads UTF-8).
    """
    return data.count(b"<") <= max_depth


def bound_html(html: str) -> tuple[str, list[str]]:
    """The input cut to the size and depth bounds, and notes saying what was cut."""
    notes: list[str] = []
    if len(html) > MAX_HTML_CHARS:
        notes.append(f"cut: input cut to the first {MAX_HTML_CHARS} of {len(html)} characters")
        html = html[:MAX_HTML_CHARS]
    html, flattened = flatten_deep_nesting(html)
    if flattened:
        notes.append(f"cut: tags nested deeper than {MAX_DEPTH} levels dropped")
    return html, notes
