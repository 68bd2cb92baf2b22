"""Figure captions, with the photo credit split off where the page marks it."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from newsledger.records import Caption

# Elements inside a caption that hold the credit, not the description.
_CREDIT_SELECTOR = (
    '[class*="credit" i], [class*="copyright" i], [class*="photographer" i], [class*="source" i], '
    '[itemprop="copyrightHolder"], [itemprop="creator"], [itemprop="author"]'
)
# "... Photo: Jane Roe/Agency" or "Picture credit - X" at the end of the caption.
_LABELLED_CREDIT_RE = re.compile(
    r"(?:^|\s|[.(\[])(?:photos?|images?|pictures?|pic|credit|photograph|foto|source|video)"
    r"(?:\s+credit)?\s*(?::|-|–|by\b)\s*(?P<credit>[^:]{2,100}?)[)\]]?\s*$",
    re.IGNORECASE,
)
# "... at the launch. (Jane Roe/Agency)" or "[File: Agency]": a short trailing parenthesis.
_TRAILING_PAREN_RE = re.compile(r"\s*(?:\((?P<paren>[^()]{2,60})\)|\[(?P<square>[^\[\]]{2,60})\])\s*$")
# Labels that screen readers get and sighted readers do not ("Image caption ...").
_LABEL_RE = re.compile(r"^(?:image caption|media caption|caption|photo caption)\s*[:\-]?\s+", re.IGNORECASE)
MAX_CAPTIONS = 200
# <figcaption>, and WordPress's classic caption markup (the [caption] shortcode
# renders ``div.wp-caption`` > img + ``p.wp-caption-text``), which themes and
# exports still carry on many news sites.
CAPTION_SELECTOR = "figcaption, .wp-caption-text"


def _tidy_credit(credit: str) -> str | None:
    credit = credit.strip().strip("()[]").strip().rstrip(".").strip()
    credit = re.sub(r"^(?:photos?|images?|credit|file)\s*[:\-]\s*", "", credit, flags=re.IGNORECASE)
    return credit or None


def _split_credit(text: str) -> tuple[str, str | None]:
    m = _LABELLED_CREDIT_RE.search(text)
    if m and m.start("credit") > 0:
        head = text[: m.start()].strip().rstrip("([|-–—").strip()
        return head, _tidy_credit(m["credit"])
    m = _TRAILING_PAREN_RE.search(text)
    inner = (m["paren"] or m["square"]) if m else None
    # A parenthesis ending a sentence is an aside, not a credit.
    if m and inner and not inner.rstrip().endswith((".", "!", "?")):
        return text[: m.start()].strip(), _tidy_credit(inner)
    return text, None


def extract_captions(tree: LexborHTMLParser) -> list[Caption]:
    """Captions in document order; must run before boilerplate removal."""
    out: list[Caption] = []
    seen: set[str] = set()
    for fc in tree.css(CAPTION_SELECTOR)[:MAX_CAPTIONS]:
        credit: str | None = None
        full = _LABEL_RE.sub("", " ".join(fc.text(deep=True, separator=" ").split()))
        credit_node = fc.css_first(_CREDIT_SELECTOR)
        marked = " ".join(credit_node.text(deep=True, separator=" ").split()) if credit_node is not None else ""
        idx = full.rfind(marked) if marked else -1
        if marked and idx >= 0 and len(marked) < len(full):
            text = " ".join((full[:idx] + full[idx + len(marked):]).split())
            inner = _LABELLED_CREDIT_RE.match(marked)
            credit = _tidy_credit(inner["credit"] if inner and inner.start("credit") > 0 else marked)
        elif marked == full and marked and credit_node is not fc and len(marked) < 80 and "." not in marked[:-1]:
            # The caption is only a credit ("Getty Images").
            text, credit = "", _tidy_credit(marked)
        else:
            # No marked credit, or the "credit" element wraps the whole caption.
            text, credit = _split_credit(full)
        if not text and not credit:
            continue
        key = f"{text}\x00{credit}"
        if key in seen:
            continue
        seen.add(key)
        out.append(Caption(text=text, credit=credit or None))
    return out
