"""Main-content detection: which part of an HTML page is the article body.

Readability-style scoring, arranged so that every pass over the whole page
runs in C (lexbor selectors, ``text()``) and Python only loops over paragraphs,
over the elements that have a class, id or hiding flag (to test those names),
and over the nodes inside the chosen container:

1. drop elements that never hold article text (scripts, navigation, form
   controls) and elements whose class/id names boilerplate (share bars,
   comments, related links, newsletter promos, cookie banners);
2. score every paragraph-like element by its length and commas and credit
   the score to its parent and grandparent; the best-scored container,
   discounted by its link density, holds the article;
3. walk that container (plus siblings and same-class elements that scored
   well: stories cut by ad slots) in document order, turning block elements
   into paragraphs and h2-h6 into subheadings, and drop lines that read like
   boilerplate.

docs/extraction.md explains each rule and the numbers behind it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsledger.extract.dates import looks_like_date_line

# Elements that never carry article prose.  <rt>/<rp> are ruby annotations
# (the reading of a Japanese or Chinese word printed above it): kept, they
# split every annotated word of the sentence.
DROP_TAGS = [
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "button", "select", "textarea", "input", "nav", "aside", "footer", "dialog", "menu",
    "video", "audio", "map", "head", "rt", "rp",
]
_DROP_SELECTOR = ", ".join(DROP_TAGS)

# class/id words that name page furniture rather than the story.
_BOILERPLATE_WORDS = (
    "comment", "share", "social", "related", "newsletter", "promo", "cookie", "consent",
    "subscribe", "signup", "sign-up", "sidebar", "breadcrumb", "advert", "sponsor", "popup",
    "modal", "outbrain", "taboola", "recommend", "byline", "author-bio", "tags", "toolbar",
    "masthead", "footer", "header", "navigation", "menu", "disqus", "most-popular",
    "mostpopular", "trending", "read-more", "readmore", "paywall", "banner", "skip-link",
    "caption", "gallery", "slideshow", "carousel", "credit", "author-box", "about-author", "author-info",
    # "share" with its e dropped: the token test below allows endings after a
    # whole word only ("shares", "shared"), and "sharing" bars are share bars.
    "sharing",
)
# Until extract/18 ids were tried on only the words common as ids (each word
# cost a tree pass per selector then; furniture_candidates now tests every
# class and id string in one pass): an author box named by its id
# ("...-author-box-wrap") stayed in the body.  On half A of the snippet set
# 227 elements have an id naming one of the class-only words and no class or
# id the old lists named; one holds a kept boilerplate snippet, none a found
# wanted one; on the news set none of 95 such elements is in the body.
_BOILERPLATE_ID_WORDS = tuple(sorted({"nav", *_BOILERPLATE_WORDS}))
_BOILERPLATE_SELECTOR = ", ".join(
    [f'[class*="{w}" i]' for w in _BOILERPLATE_WORDS] + [f'[id*="{w}" i]' for w in _BOILERPLATE_ID_WORDS]
) + ', [aria-hidden="true"], [hidden], [role="navigation"], [role="complementary"], [role="banner"]'
_NEVER_DROP = frozenset({"html", "body", "article", "main"})
_Trie = dict[str, "_Trie"]


def _trie_pattern(words: tuple[str, ...] | list[str]) -> str:
    """The alternation of ``words`` factored by common prefix: the same regex, faster.

    Python's re tries a flat alternation's words one by one at every position
    (5 us per class string); the factored form rejects most positions on the
    first character (1 us).  Alternatives keep the words' sorted order (a word
    before the longer words it starts: "" sorts first), so for sorted words the
    engine tries the same words in the same order and every match is the one
    the flat alternation finds (tests/test_extract_speed_paths.py).
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(child) if ch else "" for ch, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


# The selector matches substrings ("header" in "ratgeber-header-module" is fine,
# but "comment" in "commentary", "share" in "shareholder" are not furniture);
# a match is confirmed only when the word stands as a token of a class or id
# (camelCase split: "relatedPosts"), with a plural or verb ending at most.
_FURNITURE_WORDS = sorted(set(_BOILERPLATE_WORDS + _BOILERPLATE_ID_WORDS))
_FURNITURE_TOKEN_RE = re.compile(
    r"(?<![a-z])" + _trie_pattern(_FURNITURE_WORDS) + r"(?:s|es|ed|ing|ings|ations?|isements?|ising|ship)?(?![a-z])"
)
_CAMEL_RE = re.compile(r"([a-z0-9])([A-Z])")


# A <header> (or an element named "...-header") holding a <p> of at least this
# many characters, under 30% link text, is the story's header (title, lead,
# byline), not the page's (logo, menu, tagline): it is kept, marked with
# LEAD_ATTR, and its lead joins the body when it sits within HEADER_LEVELS of
# the chosen container.  Chosen on half A of the snippet set (50, 80 and 120
# scored alike there; the strictest was taken), confirmed on half B and the
# news set (docs/extraction.md).
LEAD_MIN_CHARS = 120
LEAD_ATTR = "data-newsledger-lead"


def _hyphenate(m: re.Match[str]) -> str:
    return m[1] + "-" + m[2]


def _furniture_names(attrs: dict[str, str | None]) -> tuple[bool, bool]:
    """Whether a class or id names furniture as a whole token (camelCase split),
    and whether "header" is the only furniture word it names."""
    raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    names = raw.lower()
    # Most class strings hold no capital letter, so no camelCase to split (the
    # substitution was most of this function's time); a function replacement
    # also skips re's template expansion per match.
    if names != raw:
        names = _CAMEL_RE.sub(_hyphenate, raw).lower()
    if _FURNITURE_TOKEN_RE.search(names) is None:
        return False, False
    if "header" not in names:
        return True, False
    return True, all(m.group(0).startswith("header") for m in _FURNITURE_TOKEN_RE.finditer(names))


def names_furniture(node: LexborNode) -> bool:
    """Whether the node's class or id names furniture as a whole token."""
    return _furniture_names(node.attributes)[0]


BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "tbody", "thead", "figure",
    "figcaption", "address", "center", "form", "fieldset", "hr", "body", "html", "header", "footer",
})
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# Inside the article these hold no body prose: captions go to Article.captions.
_SKIP_IN_BODY = frozenset({"figure", "figcaption", "h1", "picture", "img"})

# Text nodes longer than this are not prose (inline data, base64 blobs): skipped.
MAX_TEXT_NODE_CHARS = 100_000
# Paragraph-like elements scored per page; real articles have far fewer.
MAX_SCORED_PARAGRAPHS = 20_000

_BOILERPLATE_LINE_RE = re.compile(
    r"^(?:advert|advertisement|advertising|sponsored|comments?|read more\b.*|related\b.*|share (?:this|on)\b.*|"
    r"follow us\b.*|sign up\b.*|subscribe\b.*|click here\b.*|copyright\b.*|©.*|all rights reserved.*|"
    r"(?:story )?continues? (?:below|after)\b.*|continue reading\b.*|scroll to continue.*|"
    r"(?:also read|see also|more from|recommended|watch|listen)\s*:.*|"
    r"(?:filed under|posted in|tags|tagged|categories|category)\s*:.*|"
    # "Advertisement" in the languages of the sites newsledger meets most.
    r"anzeige|werbung|publicidad|publicité|publicite|pubblicità|publicidade|iklan|реклама|広告|광고|إعلان)$",
    re.IGNORECASE,
)
# Promos that sit inside the story text rather than in a named box.
_PROMO_RE = re.compile(
    r"\b(?:subscribe|sign up|signup)\b.{0,80}\bnewsletters?\b|\bnewsletters?\b.{0,80}\b(?:subscribe|sign up)\b|"
    r"\bin your inbox\b|\bsubject to copyright\b|\breproduced without\b.{0,40}\bpermission\b",
    re.IGNORECASE,
)
# Every alternative of _PROMO_RE holds one of these: a line without any is no
# promo.  Tested on lowered ASCII text only, where re's case-blind matching is
# plain lower-casing; other text goes straight to the regex ("ſ" matches "s"
# there).  The search below cost as much as all other line tests together.
_PROMO_LITERALS = ("newsletter", "in your inbox", "subject to copyright", "reproduced without")


def _is_promo(text: str) -> bool:
    if text.isascii():
        low = text.lower()
        if not any(w in low for w in _PROMO_LITERALS):
            return False
    return _PROMO_RE.search(text) is not None


# CMS shortcodes that leaked into the text: [button link="..."] ... [/button].
# Only tags with attributes or closing tags: "[sic]" and "[the council]" are
# editorial brackets inside quotes.
_SHORTCODE_RE = re.compile(r"\[/[a-z_][\w-]*\]|\[[a-z_][\w-]*\s[^\]]{0,300}=[^\]]{0,300}\]", re.IGNORECASE)
# Long digit runs alone on a line are asset or tracking ids, not prose.
_ID_LINE_RE = re.compile(r"^\d{8,}$")


@dataclass(slots=True)
class Body:
    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Name from a "Jane Roe · 1 March 2025" line found in the container.
    byline: str | None = None
    # Characters of the paragraphs that came from standfirst headings.
    standfirst_chars: int = 0


def remove_boilerplate(tree: LexborHTMLParser, *, by_name: bool = True) -> None:
    """Delete furniture in place (no Python walk over the whole tree).

    ``by_name=False`` deletes only the tags that never hold prose, not the
    elements whose class or id names furniture (the relaxed second pass).
    """
    # Elements holding a <blockquote> now.  From here on nodes are only removed,
    # never added, so an element outside this set holds none when the loop
    # below asks, and the selector (a parse and a subtree walk per call, a
    # twentieth of extract_html's time) runs only for elements inside it.
    quoted = _mark_story_headers(tree)
    # One selector pass instead of strip_tags's one tree walk per tag; unlinking
    # each match (as strip_tags does) leaves the same tree: a match inside an
    # already unlinked one is only moved within the detached part.
    for node in tree.css(_DROP_SELECTOR):
        node.decompose(recursive=False)
    body = tree.body
    if body is None or not by_name:
        return
    # The page's text length is needed only when a match gets that far; the
    # loop first changes the tree (decompose) right after that test, so the
    # length taken then is the length before the loop.
    total = -1
    matches = furniture_candidates(body)
    furniture_by_names: dict[tuple[str | None, str | None], tuple[bool, bool]] = {}
    # Reverse document order: descendants go before their ancestors, so no node
    # is touched after an ancestor of it has been destroyed.
    for node in reversed(matches):
        tag = node.tag or ""
        if tag in _NEVER_DROP:
            continue
        attrs = node.attributes
        if LEAD_ATTR in attrs:
            continue
        # Repeated furniture ("share-button" twenty times) is named once per page.
        names_key = (attrs.get("class"), attrs.get("id"))
        answer = furniture_by_names.get(names_key)
        if answer is None:
            answer = furniture_by_names[names_key] = _furniture_names(attrs)
        named, header_only = answer
        flagged = _flagged(attrs)
        if not named and not flagged:
            continue
        # Named furniture only by the word "header" ("article-header",
        # "entry__header") and holding a lead: the story's header.
        if header_only and not flagged and _story_lead(node):
            node.attrs[LEAD_ATTR] = "1"
            continue
        # A wrapper named after furniture ("theiaStickySidebar") can still hold
        # the story; a container with a large share of the page text stays.
        if total < 0:
            total = len(body.text(deep=True))
        if len(node.text(deep=True)) > 0.3 * total:
            continue
        # Embedded posts quoted in the story ("social-media-embed") are content.
        if node.mem_id in quoted and node.css_first("blockquote") is not None:
            continue
        node.decompose()


# The same test as _BOILERPLATE_SELECTOR, done in Python on the few elements
# that have a class, id or flag at all.  lexbor matched its 67 case-blind
# substring selectors against every element (a fifth of extract_html's time);
# one cheap selector and a regex per distinct class/id string takes about 40%
# less.  "i" in a selector folds ASCII letters only, hence lowering ASCII
# strings as str and any other as UTF-8 bytes (tests/test_extract_speed_paths.py
# holds the two to the same answer).


_CLASS_WORDS_RE = re.compile(_trie_pattern(_BOILERPLATE_WORDS))
_ID_WORDS_RE = re.compile(_trie_pattern(_BOILERPLATE_ID_WORDS))
_CLASS_WORDS_BYTES_RE = re.compile(_trie_pattern(_BOILERPLATE_WORDS).encode())
_ID_WORDS_BYTES_RE = re.compile(_trie_pattern(_BOILERPLATE_ID_WORDS).encode())
# ":is()" makes one selector of the five, so lexbor lists each element once,
# in document order, and no Python de-duplication is needed.
_NAMED_OR_FLAGGED = ":is([class], [id], [aria-hidden], [hidden], [role])"
_FLAG_ROLES = frozenset({"navigation", "complementary", "banner"})


def _ascii_lower(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass").lower()


def _names_words(text: str, words: re.Pattern[str], words_bytes: re.Pattern[bytes]) -> bool:
    """Whether ``text`` holds one of the words, ASCII letters folded as a CSS "i" selector does."""
    if text.isascii():
        return words.search(text.lower()) is not None
    return words_bytes.search(_ascii_lower(text)) is not None


def furniture_candidates(root: LexborNode) -> list[LexborNode]:
    """The elements under ``root`` that ``_BOILERPLATE_SELECTOR`` matches, in document order.

    lexbor lists an element once per selector of the list it matches; here it
    comes once (a repeat changed nothing in remove_boilerplate: a kept element
    is kept again, a removed one is already empty and detached).
    """
    out: list[LexborNode] = []
    by_names: dict[tuple[str | None, str | None], bool] = {}
    for node in root.css(_NAMED_OR_FLAGGED):
        attrs = node.attributes
        klass, ident = attrs.get("class"), attrs.get("id")
        named = by_names.get((klass, ident))
        if named is None:
            named = by_names[(klass, ident)] = bool(
                (klass and _names_words(klass, _CLASS_WORDS_RE, _CLASS_WORDS_BYTES_RE))
                or (ident and _names_words(ident, _ID_WORDS_RE, _ID_WORDS_BYTES_RE))
            )
        # _flagged, inlined: this loop runs for every element with a class.
        if named or attrs.get("aria-hidden") == "true" or "hidden" in attrs or attrs.get("role") in _FLAG_ROLES:
            out.append(node)
    return out


def _story_lead(node: LexborNode) -> bool:
    """Whether a header holds a lead paragraph: a <p> of prose, not a tagline or link list."""
    for p in node.css("p"):
        text = p.text(deep=True).strip()
        if len(text) >= LEAD_MIN_CHARS and _link_density(p) < 0.3:
            return True
    return False


def _mark_story_headers(tree: LexborHTMLParser) -> set[int]:
    """Story headers (title, lead, byline) stay, marked; page headers (logo, menu) go.

    Returns the mem_ids of the elements that hold a <blockquote>, taken in the
    same selector pass (remove_boilerplate's use of them says why).
    """
    headers: list[LexborNode] = []
    quoted: set[int] = set()
    for node in tree.css(":is(header, blockquote)"):
        if node.tag == "header":
            headers.append(node)
            continue
        cur = node.parent
        while cur is not None and cur.mem_id not in quoted:
            quoted.add(cur.mem_id)
            cur = cur.parent
    for node in reversed(headers):
        if _story_lead(node):
            node.attrs[LEAD_ATTR] = "1"
        else:
            node.decompose()
    return quoted


def _flagged(attrs: dict[str, str | None]) -> bool:
    """Matched by aria-hidden, hidden or a navigation role rather than a name."""
    return (
        attrs.get("aria-hidden") == "true" or "hidden" in attrs
        or attrs.get("role") in ("navigation", "complementary", "banner")
    )


@dataclass(slots=True)
class Scores:
    score: dict[int, float] = field(default_factory=dict)
    node: dict[int, LexborNode] = field(default_factory=dict)
    # Index of the first paragraph credited to the node: its document order.
    first: dict[int, int] = field(default_factory=dict)
    # Paragraphs credited as direct children.
    count: dict[int, int] = field(default_factory=dict)
    # Document order of every element the scorer visited (p, div, td, ...).
    order: dict[int, int] = field(default_factory=dict)
    # Characters of all scored paragraphs: the page's prose, for the picker.
    prose_chars: int = 0

    def credit(self, node: LexborNode | None, score: float, order: int) -> None:
        for weight in (1.0, 0.5, 1 / 6):
            if node is None or node.tag in ("html", "-document", None):
                return
            key = node.mem_id
            if key not in self.node:
                self.node[key] = node
                self.score[key] = 0.0
                self.first[key] = order
                self.count[key] = 0
            self.score[key] += score * weight
            if weight == 1.0:
                self.count[key] += 1
            node = node.parent


_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_COMMAS_RE = re.compile(r"[,、，،]")


def _paragraph_score(text: str) -> float:
    n = len(text.strip())
    if not text.isascii():
        # One CJK character carries about as much as a short English word.
        n += 2 * len(_CJK_RE.findall(text))
    if n < 25:
        return 0.0
    return 1.0 + len(_COMMAS_RE.findall(text)) + min(n // 100, 3)


_PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote"})

# A container whose class or id names the story ("entry-content", "article-body", "post") gets this much more
# score, once for its class and once for its id.  The words are readability's "positive" list (Arc90, 2009, as
# readability.js and readability-lxml keep it; matched as substrings, its convention), not chosen here; only
# the weight was: in grouped 5-fold CV by site on half A of the snippet set among 2, 3, 5, 7, 10, 15 and 25,
# with the news set within 0.003 as guard (5 in four folds, 2 in one: held out 0.9309 against 0.9293 without;
# news 0.9890 -> 0.9888), then half B once: 0.9063 -> 0.9107 (docs/extraction.md, "Session 11";
# scripts/choose_class_weight.py).  Readability's negative words changed nothing on half A: the furniture
# names already delete those elements.
CLASS_PRIOR_WEIGHT = 5.0
_STORY_NAME_RE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", re.IGNORECASE
)


def _class_prior(node: LexborNode) -> int:
    """How many of a node's class and id name the story (0, 1 or 2)."""
    attrs = node.attributes
    return sum(1 for name in ("class", "id") if (value := attrs.get(name)) and _STORY_NAME_RE.search(value))


def _score_candidates(root: LexborNode) -> Scores:
    scores = Scores()
    for i, el in enumerate(root.css("p, pre, blockquote, div, section, article, td, main")):
        if i >= MAX_SCORED_PARAGRAPHS:
            break
        scores.order[el.mem_id] = i
        if el.tag in _PARAGRAPH_TAGS:
            text = el.text(deep=True)
            score = _paragraph_score(text)
            if score:
                scores.prose_chars += len(text)
                scores.credit(el.parent, score, i)
        else:
            # Prose written straight into a div (text and <br>, no <p>) makes
            # the div its own paragraph and container.
            score = _paragraph_score(el.text(deep=False))
            if score:
                scores.credit(el, score, i)
    for key, node in scores.node.items():
        prior = _class_prior(node)
        if prior:
            scores.score[key] += CLASS_PRIOR_WEIGHT * prior
    return scores


def _link_density(node: LexborNode) -> float:
    total = len(node.text(deep=True))
    if not total:
        return 1.0
    links = sum(len(a.text(deep=True)) for a in node.css("a"))
    return min(1.0, links / total)


def _is_inside(node: LexborNode, keys: set[int]) -> bool:
    cur = node.parent
    while cur is not None:
        if cur.mem_id in keys:
            return True
        cur = cur.parent
    return False


def _table_of(node: LexborNode) -> int | None:
    """mem_id of the nearest enclosing <table> (a few levels up at most)."""
    cur = node.parent
    for _ in range(4):
        if cur is None:
            return None
        if cur.tag == "table":
            return cur.mem_id
        cur = cur.parent
    return None


LEAD_LEVELS = 2
# Chosen on half A of the snippet set among 2, 3 and 4.
HEADER_LEVELS = 4


def _lead_scopes(best: LexborNode, levels: int = LEAD_LEVELS) -> list[LexborNode]:
    out: list[LexborNode] = []
    cur = best.parent
    for _ in range(levels):
        if cur is None or cur.tag in ("body", "html"):
            break
        out.append(cur)
        cur = cur.parent
    return out


def _doc_order(node: LexborNode, sc: Scores, best_key: int) -> int:
    """Order key for a paragraph beside the container: before or after it."""
    best = sc.node[best_key]
    cur = node.prev
    while cur is not None:
        if cur.mem_id == best.mem_id or _is_inside(best, {cur.mem_id}):
            return sc.first[best_key] + 1
        cur = cur.prev
    return sc.first[best_key] - 1


_STORY_SCOPES = frozenset({"article", "main"})
STORY_SCOPE_LEVELS = 12
INTRO_LEVELS = 4


def _enclosing(node: LexborNode, tags: frozenset[str], levels: int) -> LexborNode | None:
    """The nearest ancestor with one of ``tags``, at most ``levels`` up."""
    cur = node.parent
    for _ in range(levels):
        if cur is None or cur.tag in ("body", "html"):
            return None
        if cur.tag in tags:
            return cur
        cur = cur.parent
    return None


def _signature(node: LexborNode | None) -> tuple[str, str] | None:
    """Tag and first class of a node (the base class; modifiers follow it)."""
    if node is None:
        return None
    classes = (node.attributes.get("class") or "").split()
    return node.tag or "", classes[0] if classes else ""


# A heading of at least this many characters before the container, inside
# its story scope, is the story's standfirst (a lead sentence set as <h2>, an
# "excerpt" or "subheadline" heading above the text), not a section title:
# it joins the body as a paragraph.  Chosen in grouped 5-fold CV by site on
# half A of the snippet set among 60, 80, 100, 120 and 150 characters, with
# and without a sentence end (80 without, in four folds of five); the news set
# guarded (docs/extraction.md, "Sixth session").
STANDFIRST_MIN_CHARS = 80
STANDFIRST_ATTR = "data-newsledger-standfirst"


def _standfirsts(scope: LexborNode, best: LexborNode, sc: Scores, title: str = "") -> list[LexborNode]:
    """Long headings before ``best`` inside ``scope``, in document order.

    Each gets the document order of the last scored element before it, so
    the pieces sort where the page has them.  A heading holding the page's
    ``title`` (or held by it) is the headline again, not a standfirst.
    """
    out: list[LexborNode] = []
    last = -1
    for node in scope.traverse():
        if node.mem_id == best.mem_id:
            break
        order = sc.order.get(node.mem_id)
        if order is not None:
            last = order
        if node.tag not in HEADING_TAGS:
            continue
        text = " ".join(node.text(deep=True).split())
        if len(text) < STANDFIRST_MIN_CHARS or _link_density(node) >= 0.3:
            continue
        if title and (title in text or text in title):
            continue
        sc.order[node.mem_id] = last
        out.append(node)
    return out


Picker = Callable[["Scores", list[int], dict[int, float]], int]


def find_container(root: LexborNode, pick: Picker | None = None, title: str = "") -> list[LexborNode]:
    """The container(s) holding the article in document order; [] if none stands out.

    ``pick`` chooses the winner among the candidates (keys ordered best first
    by the discounted score, the scores by key); by default the first."""
    sc = _score_candidates(root)
    if not sc.score:
        return []
    ranked = sorted(sc.score, key=sc.score.__getitem__, reverse=True)[:5]
    final = {k: sc.score[k] * (1.0 - _link_density(sc.node[k])) for k in ranked}
    # Ties go to the container with more paragraphs: a photo with a long
    # caption can score as much as a short story.
    ranking = sorted(ranked, key=lambda k: (final[k], sc.count[k]), reverse=True)
    best_key = ranking[0] if pick is None else pick(sc, ranking, final)
    best = sc.node[best_key]
    if final[best_key] < 3.0:
        return []
    chosen = [best_key]
    # Ad slots, pull quotes and paywall splits cut one story into several
    # containers: siblings of the best one, or elements of its tag and class.
    threshold = max(3.0, 0.1 * final[best_key])
    parent_key = best.parent.mem_id if best.parent is not None else None
    klass = best.attributes.get("class")
    parent_sig = _signature(best.parent)
    # Table layouts put one paragraph in each row's cell: cells of the
    # winner's own table are pieces of the story as siblings are.
    table_key = _table_of(best) if best.tag == "td" else None
    for key, score in sc.score.items():
        if key == best_key or score < threshold:
            continue
        node = sc.node[key]
        # A sibling piece of the story holds its paragraphs directly; one that
        # only holds them deeper down is a block of cards.
        sibling = sc.count[key] >= 1 and node.parent is not None and node.parent.mem_id == parent_key
        if table_key is not None and node.tag == "td" and sc.count[key] >= 1:
            sibling = sibling or _table_of(node) == table_key
        # Away from the winner, a look-alike of its tag and class with a
        # paragraph of its own is another piece of the story (forum posts,
        # one <div class="section-text"> per paragraph); a teaser card with a
        # photo and a one-line summary is not (the check below).  One
        # paragraph instead of two: on half A of the snippet set +9 wanted
        # snippets and 1 lost, on half B +5 and 3 more boilerplate ones; the
        # news set did not move.
        same_kind = (
            klass is not None and node.tag == best.tag and node.attributes.get("class") == klass
            and (sc.count[key] >= 2 or (sc.count[key] == 1 and _signature(node.parent) == parent_sig))
        )
        if sc.count[key] == 1 and node.css_first("img, picture") is not None:
            continue  # a photo and its caption
        if (sibling or same_kind) and _link_density(node) < 0.3:
            chosen.append(key)
    def join(child: LexborNode) -> None:
        if child.mem_id in sc.node:
            return
        if _paragraph_score(child.text(deep=True)) and _link_density(child) < 0.3:
            sc.node[child.mem_id] = child
            order = sc.order.get(child.mem_id)
            sc.first[child.mem_id] = order if order is not None else _doc_order(child, sc, best_key)
            chosen.append(child.mem_id)

    # A lead or closing paragraph written straight into the container's parent
    # (``<p class="intro">`` beside the story's ``<div>``) is part of the story.
    for up in _lead_scopes(best):
        for child in up.iter():
            if child.tag in _PARAGRAPH_TAGS:
                join(child)
    # Prose before the container inside its own <article> or <main> (a
    # standfirst in another wrapper, an intro set apart from the body) is the
    # story's opening; what follows the container there is more often a bio,
    # a "Source:" line or a promo.  Without an <article>/<main>, the scope is
    # the container's ancestor INTRO_LEVELS up, and a paragraph beside a
    # photo there is its caption, not an intro.  Chosen on half A of the
    # snippet set (docs/extraction.md).
    scope = _enclosing(best, _STORY_SCOPES, STORY_SCOPE_LEVELS)
    semantic = scope is not None
    if scope is None:
        ups = _lead_scopes(best, INTRO_LEVELS)
        scope = ups[-1] if ups else None
    if scope is not None:
        start = sc.first[best_key]
        for child in scope.css("p, blockquote"):
            order = sc.order.get(child.mem_id)
            if order is None or order >= start:
                continue
            if not semantic and child.parent is not None and child.parent.css_first("img, picture") is not None:
                continue
            join(child)
        # A long heading there is the story's standfirst (marked: emitted as
        # a paragraph, and not counted when html.py asks whether the body is
        # long enough to trust, so the fallbacks run exactly as before).
        for child in _standfirsts(scope, best, sc, title):
            sc.node[child.mem_id] = child
            sc.first[child.mem_id] = sc.order[child.mem_id]
            child.attrs[STANDFIRST_ATTR] = "1"
            chosen.append(child.mem_id)
    # So is the lead inside the story's own header (kept and marked by
    # remove_boilerplate), which sits further from the body text.
    for up in _lead_scopes(best, HEADER_LEVELS):
        for header in up.css(f"[{LEAD_ATTR}]"):
            for child in header.css("p"):
                join(child)
    if len(chosen) > 1:
        keys = set(chosen)
        # Nested picks would be emitted twice: keep the outermost.
        chosen = [k for k in chosen if not _is_inside(sc.node[k], keys)]
        chosen.sort(key=sc.first.__getitem__)
    return [sc.node[k] for k in chosen]


_BOLD_TAGS = frozenset({"strong", "b"})


def _block_of(node: LexborNode, stop: int) -> tuple[LexborNode | None, bool, bool, bool]:
    """Nearest block ancestor of a text node; whether it sits in a link; in bold; whether skipped."""
    in_link = in_bold = False
    cur = node.parent
    while cur is not None:
        tag = cur.tag
        if tag == "a":
            in_link = True
        elif tag in _BOLD_TAGS:
            in_bold = True
        elif tag in _SKIP_IN_BODY:
            return None, in_link, in_bold, True
        elif tag in BLOCK_TAGS:
            return cur, in_link, in_bold, False
        if cur.mem_id == stop:
            return cur, in_link, in_bold, False
        cur = cur.parent
    return None, in_link, in_bold, False


@dataclass(slots=True)
class _Block:
    key: int
    tag: str
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    # Characters outside <strong>/<b>: 0 means the whole block is bold.
    plain_chars: int = 0


def _blocks(container: LexborNode, dropped: list[int] | None = None) -> list[_Block]:
    """The container's text blocks; lengths of text runs left out for size go into ``dropped``."""
    blocks: list[_Block] = []
    cur: _Block | None = None
    stop = container.mem_id
    for node in container.traverse(include_text=True):
        tag = node.tag
        if tag == "br":
            if cur is not None:
                cur.parts.append("\n")
            continue
        if tag != "-text":
            continue
        raw = node.text_content or ""
        if len(raw) > MAX_TEXT_NODE_CHARS and dropped is not None:
            dropped.append(len(raw))
        if len(raw) > MAX_TEXT_NODE_CHARS or not raw.strip():
            if cur is not None and raw and not raw.strip():
                cur.parts.append(" ")
            continue
        block, in_link, in_bold, skipped = _block_of(node, stop)
        if skipped or block is None:
            continue
        key = block.mem_id
        if cur is None or cur.key != key:
            cur = _Block(key=key, tag=block.tag or "")
            blocks.append(cur)
        # A line break in the source is a space on screen (only <br> and <pre>
        # break lines): a hard-wrapped <p> is one paragraph, not one per source
        # line (51 of the 564 pages of both sets were split so).
        if cur.tag != "pre" and ("\n" in raw or "\r" in raw):
            raw = raw.replace("\r", " ").replace("\n", " ")
        cur.parts.append(raw)
        if in_link:
            cur.link_chars += len(raw.strip())
        if not in_bold:
            cur.plain_chars += len(raw.strip())
    return blocks


def _join_parts(parts: list[str]) -> str:
    """Concatenate a block's text nodes.

    Where an inline element puts Latin letters right against CJK script
    (``ソフト<a>KeePass</a>の``) a space goes in between, as typeset Japanese
    and Chinese usually show it; otherwise the two scripts read as one word.
    """
    out: list[str] = []
    prev = ""
    for part in parts:
        if prev and part and _mixed_boundary(prev[-1], part[0]):
            out.append(" ")
        out.append(part)
        if part:
            prev = part
    return "".join(out)


def _mixed_boundary(a: str, b: str) -> bool:
    a_cjk, b_cjk = _CJK_RE.match(a) is not None, _CJK_RE.match(b) is not None
    return (a_cjk and b.isascii() and b.isalnum()) or (b_cjk and a.isascii() and a.isalnum())


# A time-zone abbreviation after a stamp ("8:54 am PT", "14:05 CET"): the date
# reader does not know these, so the stamp is tried again without it.
_TZ_TAIL_RE = re.compile(r"\s+(?:[A-Z]{2,5}|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d\d)?)$")


def is_boilerplate_line(text: str) -> bool:
    if looks_like_date_line(text):
        return True
    if len(text) < 60 and (bare := _TZ_TAIL_RE.sub("", text)) != text and looks_like_date_line(bare):
        return True
    if _ID_LINE_RE.match(text):
        return True
    # "Harbour at dusk, photos © Venn Studio, 2018": a credit line, not prose.
    if "©" in text and len(text) < 150:
        return True
    if len(text) < 250 and _is_promo(text):
        return True
    return len(text) < 120 and _BOILERPLATE_LINE_RE.match(text) is not None


# A paragraph set entirely in bold is a subheading when it is short, one
# line, starts with a letter, holds no digits and does not end like a sentence
# ("Questions over the levee"), and the blocks either side are not bold too
# (runs of bold lines are result tables or name lists); a bold lead sentence
# or a bold quote ends with punctuation and stays a paragraph.
MAX_BOLD_HEADING_CHARS = 70
_SENTENCE_END = (".", "!", "?", ":", ";", ",", '"', "”", "’", "'", ")", "…")


def _all_bold(block: _Block | None) -> bool:
    return block is not None and block.plain_chars == 0


def _is_bold_heading(block: _Block, joined: str, text: str, prev: _Block | None, nxt: _Block | None) -> bool:
    return (
        block.tag == "p" and block.plain_chars == 0 and "\n" not in joined.strip()
        and len(text) <= MAX_BOLD_HEADING_CHARS and len(text.split()) >= 2
        and text[0].isalpha() and not any(c.isdigit() for c in text)
        and not text.endswith(_SENTENCE_END) and not _all_bold(prev) and not _all_bold(nxt)
    )


# Byline-and-date lines ("Jane Roe · 1 March 2025", "By Jane Roe | 03/01/2025"):
# parts split by a separator; one is a name, one a date stamp, the rest a date,
# a read time or "Updated ...".
MAX_BYLINE_LINE_CHARS = 120
_BYLINE_SEP_RE = re.compile(r"\s+[·|•—–]\s+|\s*[·|•]\s*")
# Every match of _BYLINE_SEP_RE holds one of these.
_BYLINE_SEP_CHARS = "·|•—–"
_BY_PREFIX_RE = re.compile(r"^(?:by|written by|words by|words)\s*:?\s+", re.IGNORECASE)
_READ_TIME_RE = re.compile(r"^\d+\s*(?:min(?:ute)?s?|m)\s*read$", re.IGNORECASE)
_NAME_WORD_RE = re.compile(r"^(?:[A-Z\u00c0-\u024f][\w'\u2019.-]*|and|&|de|da|del|der|van|von|le|la|al|bin|ibn)$")


def _name_part(part: str) -> str | None:
    """The name in "By Jane Roe" / "Jane Roe and Ali Khan", or None."""
    name = _BY_PREFIX_RE.sub("", part).strip()
    words = name.split()
    if not 1 <= len(words) <= 8 or any(ch.isdigit() for ch in name):
        return None
    if not all(_NAME_WORD_RE.match(w.rstrip(",")) for w in words):
        return None
    return name if words[0][:1].isupper() else None


def byline_line_name(text: str) -> str | None:
    """The byline's name when ``text`` is a short "name · date" line, else None."""
    if len(text) > MAX_BYLINE_LINE_CHARS:
        return None
    # No separator character, no split (most lines): skip the regex.
    if not any(c in text for c in _BYLINE_SEP_CHARS):
        return None
    parts = [p for p in _BYLINE_SEP_RE.split(text) if p.strip()]
    if len(parts) < 2:
        return None
    name: str | None = None
    dated = False
    for part in parts:
        part = part.strip()
        if looks_like_date_line(part):
            dated = True
        elif _READ_TIME_RE.match(part):
            continue
        elif name is None and (found := _name_part(part)) is not None:
            name = found
        else:
            return None
    return name if dated else None


def extract_body(tree: LexborHTMLParser, *, by_name: bool = True, pick: Picker | None = None,
                 title: str | None = None) -> Body:
    out = Body()
    root = tree.body
    if root is None:
        out.notes.append("no <body>")
        root = tree.root
        if root is None:
            return out
    remove_boilerplate(tree, by_name=by_name)
    containers = find_container(root, pick, " ".join((title or "").split()))
    if not containers:
        out.notes.append("no article body found: page looks like all boilerplate")
        return out
    dropped: list[int] = []
    for container in containers:
        standfirst = STANDFIRST_ATTR in container.attributes
        blocks = _blocks(container, dropped)
        for i, block in enumerate(blocks):
            joined = _join_parts(block.parts)
            # Link share is judged over the whole element: one <br>-separated
            # line of a link list is as much a link as the rest.
            mostly_links = block.link_chars >= 0.6 * max(1, len(joined.strip()))
            for piece in joined.split("\n"):
                # Runs of whitespace to one space, ends trimmed: str.split() splits
                # on exactly the characters r"\s" matches (tests/test_extract_speed_paths.py),
                # at a fraction of a regex substitution's cost.
                text = " ".join(piece.split())
                if "[" in text:
                    text = " ".join(_SHORTCODE_RE.sub(" ", text).split())
                if not text or mostly_links or is_boilerplate_line(text):
                    continue
                name = byline_line_name(text)
                if name is not None:
                    out.byline = out.byline or name
                    continue
                prev = blocks[i - 1] if i else None
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                if _is_bold_heading(block, joined, text, prev, nxt):
                    out.subheadings.append((len(out.paragraphs), text))
                    continue
                if block.tag in HEADING_TAGS and not standfirst:
                    if len(text) < 200:
                        out.subheadings.append((len(out.paragraphs), text))
                    continue
                if standfirst:
                    out.standfirst_chars += len(text)
                out.paragraphs.append(text)
    if dropped:
        # Said, never silent (issue #14): a run of text this long is not prose a reader sees.
        out.notes.append(f"cut: {len(dropped)} text run(s) longer than {MAX_TEXT_NODE_CHARS} characters"
                         f" left out (longest {max(dropped)})")
    # Headings after the last paragraph title what follows the story
    # ("More from Science", "Join the conversation").
    while out.subheadings and out.subheadings[-1][0] >= len(out.paragraphs):
        out.subheadings.pop()
    if not out.paragraphs:
        out.notes.append("no article body found: page looks like all boilerplate")
        out.subheadings.clear()
    return out
