"""Page furniture inside paragraphs, blanked before parsing so it never becomes a speaker or a content.

Extraction keeps a wire dateline as the start of the first paragraph
("SEOUL, South Korea (AP) — The spy agency said ...") because it is part of
the article as published; and scrapers glue ad slots into paragraphs
("John Kirby Article continues after this advertisement said ...").  Parsed
as they are, the dateline becomes a speaker ("SEOUL, South Korea (AP") and the
ad slot part of a name.  ``mask`` replaces them with spaces: the text keeps
its length, so every offset into it is still an offset into the article.

The wire names are those of extract/text_meta.py's credits (issue #16's pages
and the dev dumps); the ad phrases are the slots seen in the dev dumps and the
issue's pages.
"""

from __future__ import annotations

import re

_WIRES = (r"AP|AFP|Reuters|dpa(?:-AFX)?|AAP|UPI|PTI|ANI|IANS|Yonhap|Xinhua|EFE|ANSA|Kyodo|Bernama|TASS|Ukrinform"
          r"|MENAFN\s*[-–—]\s*[^()]{2,60}")
# "SEOUL, South Korea (AP) " (a place in capitals), or "Kyiv (AFP) -" / "(dpa-AFX) " (then a dash or nothing
# before it): "The mayor (AP) said" is not a dateline.
_PLACE = r"[A-Z][\w.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,40})?\s*"
_CAPS_PLACE = r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,40})?\s*"
_DATELINE_RE = re.compile(
    rf"^\s*(?:(?:{_CAPS_PLACE})?\((?:{_WIRES})\)\s*[-–—:]?|{_PLACE}\((?:{_WIRES})\)\s*[-–—:])\s*"
)
_AD_RE = re.compile(
    r"\b(?:article|story) continues (?:after|below)(?: this)? (?:advertisement|ad)\b"
    r"|\b(?:continue reading|story continues) below\b|\bADVERTISEMENT\b|\bSponsored content\b",
    re.IGNORECASE,
)
# Words that end a place's name: "Kursk Oblast" is where something happened, never who said it.
PLACE_HEADS = frozenset({"oblast", "krai", "province", "region", "district", "county", "prefecture", "raion",
                         "governorate", "canton", "municipality"})


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def mask(text: str) -> str:
    """``text`` with a leading wire dateline and glued ad slots replaced by spaces (same length)."""
    out = _DATELINE_RE.sub(_blank, text, count=1)
    if "dvert" in out or "ontinue" in out or "ponsored" in out:
        out = _AD_RE.sub(_blank, out)
    return out


def is_place_name(name: str) -> bool:
    """"Kursk Oblast", not "officials in Kursk Oblast": a proper name ending in a place word."""
    words = name.split()
    return (len(words) >= 2 and words[-1].lower().strip(".,") in PLACE_HEADS
            and all(w[:1].isupper() for w in words))
