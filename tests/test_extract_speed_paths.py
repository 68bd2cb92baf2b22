"""The faster paths of HTML extraction give the same answers as the plain ones they replaced.

Issue #15 (speed): each shortcut in html_meta / html_body is held here to the
straightforward computation on small fictional pages and strings, including
the Unicode corners where "lower-case it" and "fold ASCII only" could differ.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsledger.extract.html_body import (
    _BOILERPLATE_ID_WORDS,
    _BOILERPLATE_SELECTOR,
    _BOILERPLATE_WORDS,
    _CAMEL_RE,
    _CLASS_WORDS_RE,
    _FURNITURE_TOKEN_RE,
    _ID_WORDS_RE,
    DROP_TAGS,
    _furniture_names,
    furniture_candidates,
    remove_boilerplate,
)
from newsledger.extract.html_meta import _HINT_GROUPS, _ORIGINAL_HINTS, has_original_hint


def _plain_hint(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _ORIGINAL_HINTS)


def test_hint_groups_cover_exactly_the_hints() -> None:
    members = [h for _, hints in _HINT_GROUPS for h in hints]
    assert sorted(members) == sorted(w.encode() for w in _ORIGINAL_HINTS)
    assert all(word in h for word, hints in _HINT_GROUPS for h in hints)


def test_only_two_non_ascii_characters_lower_to_ascii() -> None:
    # has_original_hint's argument rests on this: if a Python release adds a
    # character here, the bytes shortcut must be re-checked.
    odd = {c for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000
           and any(ord(x) < 128 for x in chr(c).lower())}
    assert odd == {0x130, 0x212A}
    assert not any(h.endswith("i") or "k" in h for h in _ORIGINAL_HINTS)


def test_original_hint_matches_lowering_the_whole_text() -> None:
    cases = [
        "", "Nothing to see at the Harbour Ledger today.",
        "This story ORIGINALLY appeared in the Kestrel Gazette.",
        "First Published by the Vellmoor Times", "first  published (two spaces)",
        "It was RePrInTeD here with thanks.", "syndicated\nfrom the wire",
        "Syndicated from Northfield Radio", "an original storyteller", "original articles",
        "ORİGİNALLY appeared",  # dotted capital I lowers to "i" + a combining dot
        "İoriginally", "originallİ", "reprinted\u0130", "\u212aeep republished",
        "ſyndicated from", "firſt appeared", "the first appeared to be",
        "Zuerst erschienen \u00fcberall \u2014 first appeared in der Zeitung", "\ud800 reprinted",
    ]
    for text in cases:
        assert has_original_hint(text) == _plain_hint(text), text


def _plain_furniture(attrs: dict[str, str | None]) -> tuple[bool, bool]:
    names = _CAMEL_RE.sub(r"\1-\2", f"{attrs.get('class') or ''} {attrs.get('id') or ''}").lower()
    if _FURNITURE_TOKEN_RE.search(names) is None:
        return False, False
    if "header" not in names:
        return True, False
    return True, all(m.group(0).startswith("header") for m in _FURNITURE_TOKEN_RE.finditer(names))


def test_furniture_names_match_the_plain_substitution() -> None:
    classes = ["relatedPosts", "post-comments", "site-header", "entryHeader headerBanner", "ÜberShare",
               "ÉTAGE menuItem", "shareholder-letter", "SIDEBAR", "x\u0130Share", "\u212aookie-consent",
               "", "story-body", "articleHeader"]
    for klass in classes:
        for ident in (None, "mainNav", "comments"):
            attrs: dict[str, str | None] = {"class": klass, "id": ident}
            assert _furniture_names(attrs) == _plain_furniture(attrs), (klass, ident)


_TRICKY_PAGE = """<html><head><title>t</title></head><body>
<div class="Share-Bar" id="top"><p class="socialLinks">a</p></div>
<div id="SideBar-main" class="layout">b</div>
<div class="\u212aookie-notice">kelvin sign: not ASCII, not folded</div>
<div class="comm\u0130nt-box">dotted capital I</div>
<div class="\u017fhare">long s</div>
<div aria-hidden="true">x</div><div aria-hidden="TRUE">x</div><div hidden>x</div>
<div role="navigation">x</div><div role="Navigation">x</div><div role="main">x</div>
<div class="share comment social" id="related-comments" hidden role="banner">many at once</div>
<section class="story"><p class="lead">story</p><span class="newsletterSignup">n</span></section>
<svg><g class="SHARE"></g></svg><math><mi class="promo">m</mi></math>
<div class="" id="">empty</div><div class>bare</div>
</body></html>"""


def test_furniture_candidates_equal_the_selector() -> None:
    tree = LexborHTMLParser(_TRICKY_PAGE)
    for root in (tree.root, tree.body):
        assert root is not None
        expected: list[int] = []
        for node in root.css(_BOILERPLATE_SELECTOR):
            # lexbor lists an element once per selector it matches.
            if node.mem_id not in expected:
                expected.append(node.mem_id)
        got = [n.mem_id for n in furniture_candidates(root)]
        assert got == expected
        assert len(got) >= 10  # the page exercises the matches, not only the misses


def test_prefix_factored_word_regexes_answer_as_the_flat_alternation() -> None:
    import re

    for words, factored in ((_BOILERPLATE_WORDS, _CLASS_WORDS_RE), (_BOILERPLATE_ID_WORDS, _ID_WORDS_RE)):
        flat = re.compile("|".join(re.escape(w) for w in words))
        cases = ["", "story-body", "x-nav", "na", "comm", "comments-list", "sign-u", "signup", "read-mor",
                 "mostpopular", "most-popula", "author-bi", "author-box", "subscrib", "taboo", "tag"]
        # Every word whole, cut short by one letter, and inside other text.
        cases += [w for w in words] + [w[:-1] for w in words] + [f"pre{w}post" for w in words]
        for text in cases:
            assert (factored.search(text) is None) == (flat.search(text) is None), text
        assert sum(factored.search(w) is not None for w in words) == len(words)


def test_prefix_factored_token_regex_finds_the_flat_alternations_matches() -> None:
    import re

    from newsledger.extract.html_body import _FURNITURE_WORDS

    flat = re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in _FURNITURE_WORDS)
                      + r")(?:s|es|ed|ing|ings|ations?|isements?|ising|ship)?(?![a-z])")
    cases = ["nav navigation navs nav-bar navigationship", "site-header header-banner headers",
             "comments commenting commentary", "sign-up signup signups sign-upx", "read-more readmore-link",
             "most-popular mostpopular-box", "author-box author-bio author-info authorship",
             "advertisement advertising",
             "relatedposts related-posts", "x-menu menu2 menus_", "socials social-share shareholder"]
    cases += [f"{a}-{b}" for a in _FURNITURE_WORDS for b in ("s", "x", "header", "ing")]
    for text in cases:
        assert [m.span() for m in _FURNITURE_TOKEN_RE.finditer(text)] == [m.span() for m in flat.finditer(text)], text


def test_promo_shortcut_answers_as_the_regex() -> None:
    from newsledger.extract.html_body import _PROMO_RE, _is_promo

    cases = ["Subscribe to the Harbour Ledger newsletter for more.", "SIGN UP for our NEWSLETTERS today",
             "Get the best stories in your INBOX", "Photos subject to copyright", "Reproduced without the permission",
             "Nothing to see here.", "The newsletter was late.", "newsletterx", "ſubscribe to the newsletter",
             "Newſletter sign up", "in your \u0130nbox", "in your \u0131nbox", "Sign up: the Vellmoor newsletter",
             "subscribe " + "x" * 90 + " newsletter", ""]
    for text in cases:
        assert _is_promo(text) == (_PROMO_RE.search(text) is not None), text


def test_byline_separator_characters_cover_the_separator_regex() -> None:
    from newsledger.extract.html_body import _BYLINE_SEP_CHARS, _BYLINE_SEP_RE, byline_line_name

    # A separator match needs one of the characters: without any, no split.
    for c in map(chr, range(0x3000)):
        if _BYLINE_SEP_RE.search(f"Ada Quill {c} 1 March 2025") is not None:
            assert c in _BYLINE_SEP_CHARS, repr(c)
    assert byline_line_name("By Ada Quill · 1 March 2025") == "Ada Quill"
    assert byline_line_name("By Ada Quill, 1 March 2025") is None


def test_furniture_holding_a_quote_stays_only_while_the_quote_is_there() -> None:
    # The quote set is taken before anything is removed: an element whose only
    # quote sat in a dropped tag or in removed furniture must still go.
    page = ("<html><body><article><p>" + "The Vellmoor council met on Tuesday about the levee. " * 6 + "</p>"
            '<div class="social-embed"><blockquote>A post by the Harbour Ledger</blockquote></div>'
            '<div class="share-tools"><noscript><blockquote>old share box</blockquote></noscript>Share</div>'
            '<div class="related-box"><header><blockquote>a page header quote</blockquote></header>More</div>'
            '<div class="promo-card"><div class="inner"><blockquote>promo quote</blockquote></div>Offer</div>'
            '<div class="sidebar">plain sidebar</div></article></body></html>')
    tree = LexborHTMLParser(page)
    remove_boilerplate(tree)
    assert tree.css_first(".social-embed") is not None and tree.css_first(".promo-card") is not None
    assert [tree.css_first(sel) for sel in (".share-tools", ".related-box", ".sidebar")] == [None] * 3


def test_split_join_collapses_whitespace_as_the_regex_did() -> None:
    import re

    ws = re.compile(r"\s+")
    # str.split() and r"\s" agree on every code point, so the two spellings agree on every text.
    assert all((ws.fullmatch(chr(c)) is not None) == chr(c).isspace() for c in range(0x110000))
    for text in ["  Harbour \u00a0 Ledger\u2028desk\x1c  ", "", " ", "\u3000Vellmoor\u3000", "a\u200bb", "\x85z\t\n"]:
        assert " ".join(text.split()) == ws.sub(" ", text).strip(), repr(text)


def test_one_drop_pass_leaves_what_strip_tags_left() -> None:
    page = ("<html><head><script>h()</script></head><body><p>a<script>x()</script>b</p>"
            "<noscript><iframe src=x></iframe><p>no js</p></noscript><nav><menu><li>m</li></menu></nav>"
            "<svg><style>s</style><text>t</text></svg><template><p>tpl</p></template>"
            "<ruby>\u6f22<rt>kan</rt><rp>(</rp></ruby><aside><video><source></video></aside><p>end</p></body></html>")
    ref = LexborHTMLParser(page)
    ref.strip_tags(DROP_TAGS)
    new = LexborHTMLParser(page)
    remove_boilerplate(new, by_name=False)
    assert new.html == ref.html
    assert new.body is not None and new.body.text() == "ab\u6f22end"



def test_head_nodes_finds_what_each_selector_finds() -> None:
    """One walk (head_nodes) against the separate selectors it replaced, on case and placement corners."""
    from newsledger.extract.html_meta import head_nodes

    page = (
        '<html><head><LINK REL="Canonical" href="https://harbourledger.example/a"><meta name="x" content="1">'
        '<meta name="empty" content=""><meta name="none"><script type="APPLICATION/LD+JSON">{}</script>'
        '<script type="text/javascript">var original = 1;</script><link rel="stylesheet" href="s.css">'
        '<link rel="canonical" href="https://harbourledger.example/b"></head><body>'
        '<meta itemprop="author" content="Ada Quill"><link rel="Syndication-Source" href="https://kestrel.example/">'
        '<script type="application/ld+json">[]</script><svg><script type="application/ld+json">{}</script></svg>'
        '<p>Body <meta content="2" property="og:late"></p></body></html>'
    )
    tree = LexborHTMLParser(page)
    nodes = head_nodes(tree)

    def ids(found: list[LexborNode]) -> list[int]:
        return [n.mem_id for n in found]

    assert ids(nodes.metas) == ids(tree.css("meta[content]")) and len(nodes.metas) == 4
    assert ids(nodes.jsonld) == ids(tree.css('script[type="application/ld+json"]')) and len(nodes.jsonld) >= 2
    first = tree.css_first('link[rel="canonical"]')
    assert nodes.canonical is not None and first is not None and nodes.canonical.mem_id == first.mem_id
    assert nodes.source_link == (tree.css_first('link[rel="original-source"], link[rel="syndication-source"]')
                                 is not None) is True
    plain = head_nodes(LexborHTMLParser("<html><head><title>t</title></head><body><p>x</p></body></html>"))
    assert (plain.metas, plain.jsonld, plain.canonical, plain.source_link) == ([], [], None, False)


def test_original_hint_scan_by_word_matches_a_scan_per_hint() -> None:
    # Each hint starts with its group's word: the scan looks only where the word occurs.
    assert all(h.startswith(word) for word, hints in _HINT_GROUPS for h in hints)
    for text in ["original original original story", "originaloriginally", "first first appeared", "first  appeared",
                 "FIRST Published", "the original article", "original" * 50 + " article"]:
        assert has_original_hint(text) == _plain_hint(text), text
