"""Why the HTML extractor misses wanted snippets: a count per cause, on one half of the snippet set.

    nice .venv/bin/python scripts/diagnose_html_recall.py [--half A] [--max-recall 0.8] [--list]

For every page of the half whose recall (wanted snippets found / wanted) is
under ``--max-recall``, each missed wanted snippet is followed through the
extractor's steps on fresh parses of the page and given one cause, the first
step that loses it:

- ``not in page text``: not in the parsed page's text at all (written by a
  script, or split by markup the snippet does not show);
- ``script/noscript/template or <head> only``: only inside elements that
  never render (lazy-loaded text, ``<noscript>`` copies) or in ``<head>``;
- ``deleted: page <header>`` / ``deleted: never-prose tag`` / ``deleted:
  class/id name or flag``: removed as a page ``<header>`` (no lead paragraph),
  with the tags that never hold prose (nav, aside, footer, form controls ...),
  or by a furniture class/id (or aria-hidden, hidden, a navigation role);
- ``in container, filtered``: inside the chosen container(s) but dropped when
  the blocks are emitted (link share, a boilerplate-line rule, a long heading);
- ``outside container``: in the page after furniture removal but outside the
  chosen container(s); split by where it sits (``beside``: inside the
  container's story scope, its <article>/<main> or ancestor four levels up,
  the scope the scorer already reads; ``elsewhere`` further out) and, on pages
  where no wanted snippet was found at all, ``wrong block``;
- pages whose body came from a fallback (relaxed pass, resiliparse) are
  counted apart.

Each missed snippet outside the container also gets the shape of the element
holding it (the deepest element whose text holds the snippet): heading,
list item, table cell, text written straight into a <div>/<section> (no
<p>), a <p>/<blockquote>, or other; and whether it sits in an element named
like a teaser.  Half A only by default: half B is where rules are confirmed,
not looked at.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from selectolax.lexbor import LexborHTMLParser, LexborNode  # noqa: E402

from bench.extraction import Page, load_snippets  # noqa: E402
from newsledger.extract import html_body  # noqa: E402
from newsledger.extract.html import METHOD_SCORE, extract_html  # noqa: E402


def norm(text: str) -> str:
    return " ".join(text.split())


def page_text(root: LexborNode | None) -> str:
    if root is None:
        return ""
    return norm(root.text(deep=True)) + " \x00 " + norm(root.text(deep=True, separator=" "))


def deepest_holding(root: LexborNode, snippet: str) -> LexborNode | None:
    """The deepest element whose text holds the snippet (None if none does)."""
    node = root
    if snippet not in page_text(node):
        return None
    while True:
        for child in node.iter():
            if snippet in page_text(child):
                node = child
                break
        else:
            return node


def shape_of(node: LexborNode) -> str:
    tags = []
    cur: LexborNode | None = node
    for _ in range(6):
        if cur is None:
            break
        tags.append(cur.tag or "")
        cur = cur.parent
    if any(t in ("h1", "h2", "h3", "h4", "h5", "h6") for t in tags[:3]):
        return "heading"
    if any(t in ("li", "dd", "dt") for t in tags[:4]):
        return "list item"
    if any(t in ("td", "th") for t in tags[:4]):
        return "table cell"
    if any(t in ("p", "blockquote", "pre") for t in tags[:3]):
        return "paragraph"
    if node.tag in ("div", "section", "article", "main", "span", "font", "center", "b", "strong", "em", "i", "a"):
        return "text in div/span (no <p>)"
    return f"other <{node.tag}>"


_TEASER_WORDS = ("teaser", "card", "excerpt", "summary", "intro", "lead", "standfirst", "dek", "subtitle")


def teaser_named(node: LexborNode) -> bool:
    cur: LexborNode | None = node
    for _ in range(5):
        if cur is None:
            return False
        names = f"{cur.attributes.get('class') or ''} {cur.attributes.get('id') or ''}".lower()
        if any(w in names for w in _TEASER_WORDS):
            return True
        cur = cur.parent
    return False


def inside(node: LexborNode, outer: LexborNode) -> bool:
    cur: LexborNode | None = node
    while cur is not None:
        if cur.mem_id == outer.mem_id:
            return True
        cur = cur.parent
    return False


def story_scope(best: LexborNode) -> LexborNode | None:
    scope = html_body._enclosing(best, html_body._STORY_SCOPES, html_body.STORY_SCOPE_LEVELS)
    if scope is None:
        ups = html_body._lead_scopes(best, html_body.INTRO_LEVELS)
        scope = ups[-1] if ups else None
    return scope


def filter_of(container: LexborNode, snippet: str) -> str:
    """Which emit rule most likely dropped a snippet found inside the container."""
    holder = deepest_holding(container, snippet) or container
    cur: LexborNode | None = holder
    while cur is not None and cur.mem_id != container.mem_id:
        if cur.tag in ("figure", "figcaption", "h1", "picture"):
            return f"skipped as <{cur.tag}>"
        cur = cur.parent
    text = norm(holder.text(deep=True))
    if html_body._link_density(holder) >= 0.6:
        return "link share >= 60%"
    if html_body.is_boilerplate_line(text) or html_body.byline_line_name(text):
        return "boilerplate or byline line rule"
    if holder.tag in html_body.HEADING_TAGS and len(text) >= 200:
        return "heading of 200+ characters"
    return "other (spans blocks, or a part of a block)"


def classify(page: Page, snippet: str, any_found: bool) -> tuple[str, str]:
    s = norm(snippet)
    data = page.html.encode("utf-8", "ignore")
    raw = LexborHTMLParser(data)
    if s not in page_text(raw.root):
        return "not in page text", "-"
    # From here on the <body> only: a headline is also in <head>'s <title>.
    never = LexborHTMLParser(data)
    for node in never.css("script, style, noscript, template"):
        node.decompose()
    if s not in page_text(never.body):
        return "script/noscript/template or <head> only", "-"
    tagged = LexborHTMLParser(data)
    html_body._mark_story_headers(tagged)
    if s not in page_text(tagged.body):
        return "deleted: page <header>", "-"
    for node in tagged.css(html_body._DROP_SELECTOR):
        node.decompose(recursive=False)
    if s not in page_text(tagged.body):
        return "deleted: never-prose tag", "-"
    tree = LexborHTMLParser(data)
    html_body.remove_boilerplate(tree)
    root = tree.body or tree.root
    if root is None or s not in page_text(root):
        return "deleted: class/id name or flag", "-"
    containers = html_body.find_container(root)
    for c in containers:
        if s in page_text(c):
            return "in container, filtered", filter_of(c, s)
    holder = deepest_holding(root, s)
    shape = shape_of(holder) if holder is not None else "?"
    if holder is not None and teaser_named(holder):
        shape += " (teaser-named)"
    if not any_found:
        return "outside: wrong block", shape
    scope = story_scope(containers[0]) if containers else None
    if holder is not None and scope is not None and inside(holder, scope):
        return "outside: beside (story scope)", shape
    return "outside: elsewhere", shape


def issue_class(cause: str, shape: str) -> str:
    """The cause in the classes issue #15's brief names (plus the ones it does not)."""
    if cause.startswith("fallback"):
        return "page taken from a fallback (relaxed pass, resiliparse)"
    if cause == "not in page text" or cause.startswith("script"):
        return "lazy-loaded, script or <noscript> text"
    if cause.startswith("deleted"):
        return "deleted as furniture (page header, never-prose tag, class/id name)"
    if cause.startswith("in container"):
        return "dropped by a link-share or line rule inside the container"
    if cause == "outside: wrong block":
        return "wrong block chosen (no wanted snippet of the page found)"
    if shape.startswith("heading"):
        return "headings, standfirsts, teasers outside the container"
    if shape.startswith("list item"):
        return "lists outside the container"
    if shape.startswith("table cell"):
        return "tables outside the container"
    if shape.startswith("text in div"):
        return "text in <div>/<br> without <p>, outside the container"
    return "article split: paragraphs outside the chosen container"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--snippets", type=Path, default=ROOT.parent / "shared" / "data" / "extraction-snippets")
    ap.add_argument("--half", default="A")
    ap.add_argument("--max-recall", type=float, default=0.8)
    ap.add_argument("--list", action="store_true", help="print each missed snippet's page and cause")
    args = ap.parse_args(argv)
    pages = [p for p in load_snippets(args.snippets) if p.half == args.half]
    causes: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    shapes: Counter[tuple[str, str]] = Counter()
    cause_pages: dict[str, set[str]] = {}
    low = missed_all = 0
    for page in pages:
        if not page.with_:
            continue
        art = extract_html(page.html, page.url)
        body = norm(art.full_text)
        found = [norm(s) in body for s in page.with_]
        missed_all += found.count(False)
        if sum(found) / len(found) >= args.max_recall:
            continue
        low += 1
        for snippet, ok in zip(page.with_, found, strict=True):
            if ok:
                continue
            if art.extraction_method != METHOD_SCORE:
                cause, shape = f"fallback page ({art.extraction_method})", "-"
            else:
                cause, shape = classify(page, snippet, any(found))
            causes[cause] += 1
            classes[issue_class(cause, shape)] += 1
            shapes[(cause, shape)] += 1
            cause_pages.setdefault(cause, set()).add(page.id)
            if args.list:
                print(f"{page.id}\t{cause}\t{shape}\t{snippet[:90]!r}")
    n = sum(causes.values())
    print(f"half {args.half}: {len(pages)} pages; {low} with recall < {args.max_recall}; "
          f"{n} of the half's {missed_all} missed wanted snippets are on them")
    print("| cause | missed snippets | pages |")
    print("|---|---|---|")
    for cause, k in causes.most_common():
        print(f"| {cause} | {k} | {len(cause_pages[cause])} |")
    print()
    print("| class (issue #15's words) | missed snippets |")
    print("|---|---|")
    for name, k in classes.most_common():
        print(f"| {name} | {k} |")
    print()
    print("| cause | shape of the element holding it (outside), or the rule that dropped it (filtered)"
          " | missed snippets |")
    print("|---|---|---|")
    for (cause, shape), k in sorted(shapes.items(), key=lambda kv: (-causes[kv[0][0]], -kv[1])):
        if shape != "-":
            print(f"| {cause} | {shape} | {k} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
