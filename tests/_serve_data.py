"""A small fictional store for the server's tests: invented outlets, people and figures.

One article is hostile on purpose: markup, script, event handlers and a
``javascript:`` URL in its title, text, quotes, speaker names and links.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsledger.records import (
    Analysis,
    Article,
    Attribution,
    Document,
    Figure,
    PublishedDate,
    Span,
    Speaker,
)
from newsledger.store import Store

HOSTILE_TITLE = '<script>alert("title")</script> Pier <img src=x onerror=alert(1)> reopens'
HOSTILE_QUOTE = '<b onmouseover="alert(2)">all clear</b> <a href="javascript:alert(3)">tap</a>'
HOSTILE_SPEAKER = "Mira <script>alert(4)</script> Tolland"
HOSTILE_URL = "javascript:alert(5)"


def _doc(text: str, source: str) -> Document:
    data = text.encode()
    return Document(source=source, data=data, sha256=hashlib.sha256(data).hexdigest(), text=text)


def _span(text: str, part: str) -> Span:
    i = text.index(part)
    return Span(i, i + len(part), part)


def _attr(text: str, kind: str, content: str, speaker: str, cue: str | None, source: str | None,
          hedge: str = "asserted") -> Attribution:
    return Attribution(
        kind=kind,  # type: ignore[arg-type]
        content=_span(text, content), speaker=speaker, speaker_mention=source,
        cue=_span(text, cue) if cue else None, source=_span(text, source) if source else None,
        hedge=hedge,  # type: ignore[arg-type]
    )


def build_store(path: str | Path, *, link: bool = False) -> dict[str, int]:
    """Write the fixture store at ``path``; returns the ids the tests need.

    With ``link`` the link stage runs over it too (copies, stories, the figures ledger).
    """
    ids: dict[str, int] = {}
    with Store(path) as store:
        paras = [
            "Harbour master Ana Ruru said the breakwater at Port Kelso held through the night.",
            '"We were lucky this time," Ruru said on Tuesday.',
            "The Kelso Port Authority claimed that about 300 boats were moored inside the wall.",
            "Fisher Tomas Vell alleged that the warning came two hours late, which the authority denied.",
        ]
        art = Article(title="Breakwater holds as storm passes Port Kelso", paragraphs=paras,
                      publisher="The Kelso Tide", published=PublishedDate(iso="2025-03-07", raw="07/03/2025"),
                      url="https://kelsotide.example/breakwater", language="en", kind="html")
        text = art.text
        an = Analysis(
            attributions=[
                _attr(text, "indirect", "the breakwater at Port Kelso held through the night", "Ana Ruru", "said",
                      "Harbour master Ana Ruru"),
                _attr(text, "direct", '"We were lucky this time,"', "Ana Ruru", "said on Tuesday", "Ruru"),
                _attr(text, "indirect", "about 300 boats were moored inside the wall", "Kelso Port Authority",
                      "claimed", "The Kelso Port Authority", "claimed"),
                _attr(text, "indirect", "the warning came two hours late", "Tomas Vell", "alleged",
                      "Fisher Tomas Vell", "alleged"),
            ],
            speakers=[Speaker("Ana Ruru", title="Harbour master"), Speaker("Kelso Port Authority", "organisation"),
                      Speaker("Tomas Vell", descriptions=["Fisher"])],
            figures=[Figure("about 300", 300, approximate=True, counted="boats",
                            according_to="Kelso Port Authority", span=_span(text, "about 300"))],
        )
        ids["breakwater"] = store.save(_doc("page one " + text, "kelso.html"), art, an, extract_version="t",
                                       analyze_version="t")

        copy_paras = [
            "Port Kelso's breakwater held overnight, harbour master Ana Ruru said.",
            "Between 250 and 320 boats sheltered behind it, according to the Kelso Port Authority.",
        ]
        copy = Article(title="Kelso breakwater survives the storm", paragraphs=copy_paras,
                       publisher="Southcoast Wire", published=PublishedDate(iso="2025-03-08", raw="8 March 2025"),
                       url="https://southcoastwire.example/kelso", language="en", kind="text",
                       original_url="https://kelsotide.example/breakwater")
        ct = copy.text
        copy_an = Analysis(
            attributions=[_attr(ct, "indirect", "Port Kelso's breakwater held overnight", "Ana Ruru", "said",
                                "harbour master Ana Ruru")],
            speakers=[Speaker("Ana Ruru", title="harbour master")],
            figures=[Figure("Between 250 and 320", 250, 320, bound="range", counted="boats",
                            according_to="Kelso Port Authority", span=_span(ct, "Between 250 and 320"))],
        )
        ids["copy"] = store.save(_doc("page two " + ct, "wire.txt"), copy, copy_an, extract_version="t",
                                 analyze_version="t")

        hostile_paras = [
            f"{HOSTILE_SPEAKER} told reporters {HOSTILE_QUOTE} at the pier.",
            "Officials said <iframe src=//evil.example></iframe> nothing else.",
        ]
        hostile = Article(title=HOSTILE_TITLE, paragraphs=hostile_paras, publisher='<i onclick="x()">Evil</i> Daily',
                          url=HOSTILE_URL, original_url="https://ok.example/a?b=<c>", language="en",
                          byline='"><script>alert(6)</script>', kind="html")
        ht = hostile.text
        hostile_an = Analysis(
            attributions=[_attr(ht, "direct", HOSTILE_QUOTE, HOSTILE_SPEAKER, "told reporters", HOSTILE_SPEAKER,
                                "unverified")],
            speakers=[Speaker(HOSTILE_SPEAKER, descriptions=["<svg onload=alert(7)>"])],
        )
        ids["hostile"] = store.save(_doc("page three " + ht, "evil.html"), hostile, hostile_an,
                                    extract_version="t", analyze_version="t")
        row = store.db.execute("SELECT min(id) FROM speakers WHERE name = 'Ana Ruru'").fetchone()
        ids["ruru"] = int(row[0])
        row = store.db.execute("SELECT min(id) FROM speakers WHERE name = ?", (HOSTILE_SPEAKER,)).fetchone()
        ids["hostile_speaker"] = int(row[0])
        if link:
            from newsledger.link.linkstore import link_store

            link_store(store)
    return ids
