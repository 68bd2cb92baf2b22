"""Plain-text dump extraction: find the article among the page furniture.

A dump is one block element per line.  The steps:

1. lines that *end* an article ("Original story: URL") cut off what follows;
2. the learned line model (text_model.py) scores each line and a Viterbi pass
   keeps the article's contiguous run;
3. metadata lines near the top (repeated title, "By ..." byline, date stamp,
   photo caption with its credit in parentheses) go to metadata, not body;
4. subheadings glued to the start of a paragraph ("What happened? Before ...")
   are split off where the evidence is clear.

The heuristics for steps 1, 3 and 4 live in this module with their tests in
tests/test_extract_text.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsledger.extract.dates import looks_like_date_line, parse_date
from newsledger.extract.text_fallback import is_furniture_notice, prose_run
from newsledger.extract.text_features import page_features
from newsledger.extract.text_meta import (
    choose_title,
    join_lede,
    mend_body,
    not_a_headline,
    publisher_of,
    wire_credit,
)
from newsledger.extract.text_model import (
    LineModel,
    best_block,
    cut_at_end_head,
    drop_promos_and_credits,
    drop_repeats,
    extend_lists,
    load_model,
    smooth,
)
from newsledger.extract.urls import clean_url, find_urls, host_of
from newsledger.records import Article, Caption

# Bounds that keep one page's work linear and small.
MAX_LINES = 20_000
MAX_LINE_CHARS = 20_000
HEADER_WINDOW = 12  # metadata lines are looked for this many lines around the body's start

_ORIGINAL_RE = re.compile(
    r"^(?:original(?:ly)?\s+(?:story|article|report|published\s+(?:at|on|by))|source|read the original(?: story)?"
    r"|this (?:story|article) (?:was )?(?:originally|first) (?:appeared|published)(?: (?:on|at|in))?"
    r"|first published (?:on|at|by)|republished from)\b[^:\n]{0,60}?[:\-–]?\s*(?P<url>https?://\S+)?",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(r"^(?:by|written by|words by|reporting by)\s+(?P<who>.{2,80}?)\s*$", re.IGNORECASE)
_DOMAIN_RE = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)
_CAPTION_RE = re.compile(r"^(?P<text>.{10,400}?[.!?…]?)\s*\((?P<credit>[^()]{3,120})\)\s*$")
_CREDIT_WORDS_RE = re.compile(
    r"\b(?:photo|image|picture|via|pool|supplied|getty|reuters|ap|afp|epa|aap|file|credit|courtesy|staff|"
    r"shutterstock|istock|alamy|xinhua|sputnik|bloomberg)\b",
    re.IGNORECASE,
)
# A short question opening a paragraph, then a capitalised sentence: "What happened? Before ..."
_GLUED_QUESTION_RE = re.compile(r"^(?P<head>[A-Z][^.?!\"“”]{2,60}\?)\s+(?P<rest>[A-Z\"“].{20,})$", re.DOTALL)
_AGENCIES = frozenset(
    {"reuters", "ap", "afp", "aap", "associated press", "the associated press", "agence france-presse",
     "bloomberg", "dpa", "efe", "ansa", "xinhua", "pa", "pa media", "upi"}
)


@dataclass
class _Lines:
    text: list[str]

    def index_of_first(self, start: int, end: int, pred: object) -> int | None:
        for i in range(start, min(end, len(self.text))):
            if pred(self.text[i]):  # type: ignore[operator]
                return i
        return None


# Without a URL, a marker line must read as a label ("Source: Tasman Wire",
# "First published on 3 May 2025"), not as a sentence of the story ("Source
# code for the tool was published...", "First published on Monday, the
# report found..."): the rest after the keyword is short, has no comma and
# does not end a sentence; a bare "Source" also needs its colon or dash.
_MARKER_LABEL_WORDS = 8
_SOURCE_LABEL_RE = re.compile(r"^source\s*[:\-–—]", re.IGNORECASE)


def _original_marker(line: str) -> re.Match[str] | None:
    m = _ORIGINAL_RE.match(line)
    if not m:
        return None
    if m["url"]:
        return m
    if len(line) >= 120:
        return None
    rest = line[m.end():].strip()
    if line[:6].lower() == "source" and not (_SOURCE_LABEL_RE.match(line) or line.strip().lower() == "source"):
        return None
    if "," in rest or len(rest.split()) > _MARKER_LABEL_WORDS or rest.endswith(("!", "?")):
        return None
    if rest.endswith(".") and len(rest.split()) > 3:
        return None
    return m


def _caption(line: str) -> Caption | None:
    m = _CAPTION_RE.match(line)
    if not m:
        return None
    credit = m["credit"].strip()
    # A parenthesis at the end of a sentence is usually an aside, not a credit:
    # require a credit-like word, or a list of names ("Jane Doe, Agency").
    names_listed = ("," in credit or "/" in credit) and credit[:1].isupper()
    if not (_CREDIT_WORDS_RE.search(credit) or names_listed):
        return None
    return Caption(text=m["text"].strip(), credit=credit)


def _is_title_like(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 30 or line.endswith((".", ":", "…")):
        return False
    return not (looks_like_date_line(line) or _BYLINE_RE.match(line) or _caption(line) or _original_marker(line))


def split_glued_subheading(paragraph: str) -> tuple[str | None, str]:
    """("What happened?", "Before ...") where a short question opens the paragraph."""
    m = _GLUED_QUESTION_RE.match(paragraph)
    if not m or not 2 <= len(m["head"].split()) <= 8:
        return None, paragraph
    return m["head"].strip(), m["rest"].strip()


def extract_text(text: str | bytes, url: str | None = None, *, model: LineModel | None = None) -> Article:
    """The article in a plain-text dump; ``model`` replaces the shipped line model (cross-validation)."""
    if isinstance(text, bytes | bytearray):
        from newsledger.ingest.decode import decode

        text = decode(bytes(text))[0]
    lines = [ln.strip()[:MAX_LINE_CHARS] for ln in text.splitlines()[:MAX_LINES]]
    lines = [ln for ln in lines if ln]
    article = Article(url=url, kind="text")
    if not lines:
        article.notes.append("empty: the dump holds no text")
        return article

    # 1. "Original story: URL" ends the article; what follows is the host site's furniture.
    end = len(lines)
    for i, line in enumerate(lines):
        m = _original_marker(line)
        if m and i > 2:
            urls = find_urls(line) or (find_urls(lines[i + 1]) if i + 1 < len(lines) else [])
            if urls:
                article.original_url = clean_url(urls[0])
            end = i
            break

    # 2. Score the lines and keep the article's run.
    model = model or load_model()
    probs = [model.probability(x) for x in page_features(lines)]
    keep, method = _select(lines, probs, end, model)
    found = _assemble(lines, keep, end, url, article, method)
    if found.paragraphs:
        return found
    # No body (issue #15, extract/22).  Three fallbacks of other kinds are tried, in this order, before the
    # page is called all boilerplate; the main method's reason stays in the notes.
    why = found.notes[-1] if found.notes else "no body"
    if end < len(lines):
        # The end marker may have been a label at the top ("Source: ..." above a wiki page), not the end
        # of an article: with nothing before it, the whole page is read as if it had no marker.
        retry = _assemble(lines, _select(lines, probs, len(lines), model)[0], len(lines), url, article,
                          FALLBACK_PAST_MARKER)
        if retry.paragraphs:
            retry.notes.insert(0, f"text-lines before the end marker: {why}")
            return retry
    # The page's longest run of prose paragraphs, whatever the line model thought of them.
    prose = prose_run(lines)
    if any(prose):
        retry = _assemble(lines, prose, len(lines), url, article, FALLBACK_PROSE)
        if retry.paragraphs:
            retry.notes.insert(0, f"text-lines: {why}")
            return retry
    if any(keep):
        # Last, the run the model kept was all title, caption, byline and date (a one-line "run" read as
        # the title): its title and caption lines stay in the body, byline and date lines still leave it.
        retry = _assemble(lines, keep, end, url, article, FALLBACK_METADATA, title_in_body=True)
        if retry.paragraphs:
            retry.notes.insert(0, f"text-lines: {why}")
            return retry
    return found


# Methods recorded in ``Article.extraction_method`` when the main selection leaves no body (extract/22).
FALLBACK_METADATA = "text-fallback-metadata"
FALLBACK_PAST_MARKER = "text-fallback-past-marker"
FALLBACK_PROSE = "text-fallback-prose"


def _select(lines: list[str], probs: list[float], end: int, model: LineModel) -> tuple[list[bool], str]:
    """The lines kept as the article's run before ``end``, and the method that chose them."""
    keep = smooth(probs[:end], model.switch_penalty, model.content_bias) + [False] * (len(lines) - end)
    method = "text-lines"
    notice: list[bool] = []
    if not any(keep):
        # Fallback: the smoothing kept nothing; take the likeliest run.  A cookie notice, a sign-up prompt
        # or a legal footer is never that run's text (extract/23): on a page of menus around a cookie
        # banner the banner was the likeliest "run" and became the body.  Such lines count as p = 0 and
        # stay out, here and after the edges are mended below (which would bring a prose-shaped banner
        # next to the run back), so that page has no body and gets the "all boilerplate" note.
        notice = [is_furniture_notice(line) for line in lines]
        start, stop = best_block([0.0 if n else p for p, n in zip(probs[:end], notice[:end], strict=True)], 0.2)
        keep = [start <= i < stop and not notice[i] for i in range(len(lines))]
        method = "text-best-run"
    # Nothing after an end marker may join the body, list items included.
    keep = drop_repeats(lines, extend_lists(lines, keep, probs[:end] + [0.0] * (len(lines) - end)))
    keep = mend_body(lines, cut_at_end_head(lines, keep), end, probs)
    # A lede above the run, across a byline or a date line (extract/22).
    keep = join_lede(lines, keep, probs)
    if notice:
        keep = [k and not n for k, n in zip(keep, notice, strict=True)]
    # Promo and photo-credit lines inside the run go last, after the edges are mended (extract/19).
    return drop_promos_and_credits(lines, keep), method


def _assemble(lines: list[str], keep: list[bool], end: int, url: str | None, base: Article,
              method: str, *, title_in_body: bool = False) -> Article:
    """A new article from ``base`` (its URL, original URL and notes) with the metadata and body of ``keep``.

    ``title_in_body``: kept lines read as the title or a caption stay in the body too (the metadata
    fallback); byline and date lines still leave it.
    """
    article = Article(url=base.url, kind=base.kind, original_url=base.original_url, notes=list(base.notes))
    if not any(keep):
        article.notes.append("all boilerplate: no line looks like article text")
        return article
    first = keep.index(True)
    last = len(keep) - 1 - keep[::-1].index(True)

    # 3. Metadata around the start of the body.
    lo, hi = max(0, first - HEADER_WINDOW), min(len(lines), first + HEADER_WINDOW)
    counts: dict[str, int] = {}
    for line in lines[: hi]:
        counts[line] = counts.get(line, 0) + 1
    title_idx = choose_title(lines, first, _is_title_like, url)
    if title_idx is None:
        title_idx = next((i for i in range(0, hi) if counts[lines[i]] >= 2 and _is_title_like(lines[i])
                          and not not_a_headline(lines[i])), None)
    if title_idx is None and _is_title_like(lines[0]) and not not_a_headline(lines[0]):
        title_idx = 0
    if title_idx is not None:
        article.title = lines[title_idx]
    meta: set[int] = set()
    host_hint = host_of(url) or host_of(article.original_url)
    for i in range(lo, hi):
        line = lines[i]
        if article.title and line == article.title:
            if not title_in_body:
                meta.add(i)
            continue
        by = _BYLINE_RE.match(line)
        if by and article.byline is None and len(line.split()) <= 10:
            article.byline = by["who"].strip()
            who = article.byline.lower()
            if _DOMAIN_RE.match(who) or who in _AGENCIES:
                article.original_publisher = article.byline
                host_hint = host_hint or (who if _DOMAIN_RE.match(who) else None)
            meta.add(i)
            continue
        if article.published is None and looks_like_date_line(line):
            meta.add(i)
            continue
        cap = _caption(line)
        # A caption sits at most two body lines into the run; title, byline and date lines the run kept
        # do not count (a model that keeps the header lines would otherwise push the caption out).
        if cap is not None and sum(1 for j in range(first, i) if keep[j] and j not in meta) <= 2:
            article.captions.append(cap)
            if not title_in_body:
                meta.add(i)
    # Dates are read once the byline and original URL have given their country hint.
    for i in sorted(meta):
        if looks_like_date_line(lines[i]) and article.published is None:
            article.published = parse_date(lines[i], tld=host_hint, page_texts=lines[:end])
    if article.original_publisher is None and article.original_url:
        article.original_publisher = host_of(article.original_url)

    # 4. The body: kept lines that are not metadata, with glued subheadings split off.
    for i in range(first, last + 1):
        if not keep[i] or i in meta or _original_marker(lines[i]):
            continue
        if _is_standalone_subheading(lines, keep, i, last):
            article.subheadings.append((len(article.paragraphs), lines[i]))
            continue
        head, rest = split_glued_subheading(lines[i])
        if head:
            article.subheadings.append((len(article.paragraphs), head))
        article.paragraphs.append(rest)
    article.publisher = article.publisher or publisher_of(url, lines)
    if article.paragraphs:
        credit = wire_credit(lines[lo:first], article.paragraphs[0], article.paragraphs[-1], lines[last + 1 : last + 4])
        article.original_publisher = credit or article.original_publisher
    if article.paragraphs:
        article.extraction_method = method
    else:
        article.notes.append("all boilerplate: the kept lines were all metadata")
    return article


def _is_standalone_subheading(lines: list[str], keep: list[bool], i: int, last: int) -> bool:
    """A short heading line between two kept prose paragraphs ("Questions over the levee")."""
    line = lines[i]
    if not (0 < i < last and keep[i - 1] and keep[i + 1]) or len(line.split()) > 10:
        return False
    if line.endswith((".", ",", ";", ":", "\"", "”", "…")) or line[:1] in "\"“'‘" or not line[:1].isupper():
        return False
    # Both neighbours are prose: a sentence-final line of some length on each side.
    return all(len(lines[j].split()) >= 8 and lines[j].rstrip("\"”’')").endswith((".", "!", "?"))
               for j in (i - 1, i + 1))
