"""The container-choice hook of the body scorer (``find_container(..., pick=...)``).

scripts/train_body_levers.py forces each candidate container in turn through
this hook to measure learned re-rankers; without a picker the scorer's first
candidate wins, as before.  The page is fictional.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from newsledger.extract.html import choose_body
from newsledger.extract.html_body import Scores, extract_body

STORY = (
    "The Marrowby ferry council voted on Tuesday to close the east pier for repairs, a decision that "
    "residents, traders and the harbour master had asked for since the spring storms, said Ilse Varn."
)
NOTICE = "Brindle Post uses small files to remember your settings, which you can change at any time here."
PAGE = f"""<html><body>
<div class="story">{''.join(f'<p>{STORY} Part {i}.</p>' for i in range(6))}</div>
<div class="wrap"><div class="notice"><p>{NOTICE}</p><p>{NOTICE}</p></div></div>
</body></html>"""


def test_without_a_picker_the_scorer_first_wins() -> None:
    body = extract_body(LexborHTMLParser(PAGE))
    assert len(body.paragraphs) == 6
    assert all(p.startswith("The Marrowby ferry council") for p in body.paragraphs)


def test_a_picker_sees_the_ranking_and_can_choose_a_runner_up() -> None:
    seen: dict[str, object] = {}

    def pick(sc: Scores, ranking: list[int], final: dict[int, float]) -> int:
        classes = [sc.node[k].attributes.get("class") for k in ranking]
        seen["classes"] = classes
        seen["finals"] = [final[k] for k in ranking]
        seen["prose"] = sc.prose_chars
        return ranking[classes.index("notice")]

    body = extract_body(LexborHTMLParser(PAGE), pick=pick)
    classes = seen["classes"]
    assert isinstance(classes, list) and classes[0] == "story" and "notice" in classes
    finals = seen["finals"]
    assert isinstance(finals, list) and finals == sorted(finals, reverse=True)
    # Every scored paragraph's characters: six story paragraphs and two notices.
    assert seen["prose"] == 6 * (len(STORY) + len(" Part 0.")) + 2 * len(NOTICE)
    assert body.paragraphs == [NOTICE, NOTICE]


def test_choose_body_passes_the_picker_on() -> None:
    calls: list[int] = []

    def pick(sc: Scores, ranking: list[int], final: dict[int, float]) -> int:
        calls.append(len(ranking))
        return ranking[0]

    body, method = choose_body(LexborHTMLParser(PAGE), PAGE, pick=pick)
    assert calls and method == "html-score"
    assert len(body.paragraphs) == 6
