"""Dense labels by distillation (scripts/train_body_distill.py): the candidate blocks beside the chosen
container and how each is labelled.  The page, outlet and people are fictional."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from bench.extraction import Page

STORY = (
    "The Marrowby ferry council voted on Tuesday to close the east pier for repairs, a decision that "
    "residents, traders and the harbour master had asked for since the spring storms, said Ilse Varn."
)
STANDFIRST = "Repairs to the east pier will take the whole winter, the council says"
TEASER = "Brindle Post readers pick their favourite harbour walks of the year"
PAGE = f"""<html><body><article>
<div class="standfirst">{STANDFIRST}</div>
<div class="story">{''.join(f'<p>{STORY} Part {i}.</p>' for i in range(6))}</div>
<ul class="more"><li>{TEASER}</li></ul>
</article></body></html>"""


def _script() -> object:
    path = Path(__file__).resolve().parents[1] / "scripts" / "train_body_distill.py"
    spec = importlib.util.spec_from_file_location("train_body_distill", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up there
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


def test_candidates_are_the_scope_blocks_outside_the_body_labelled_by_the_teacher() -> None:
    script = _script()
    teacher = STANDFIRST + "\n" + "\n".join(f"{STORY} Part {i}." for i in range(6))
    page = Page("p1", None, PAGE, None)
    cands = script.candidates(page, teacher)  # type: ignore[attr-defined]
    by_text = {c.text: c for c in cands}
    # The story's paragraphs are in the body already: not candidates.
    assert set(by_text) == {STANDFIRST, TEASER}
    # In the teacher's body: 1; not in it: 0.
    assert by_text[STANDFIRST].label == 1 and by_text[TEASER].label == 0
    # Position features: the standfirst comes before the container's blocks, the teaser after.
    before, after = 6, 7
    assert by_text[STANDFIRST].features[before] == 1.0 and by_text[STANDFIRST].features[after] == 0.0
    assert by_text[TEASER].features[after] == 1.0
    assert by_text[STANDFIRST].order < by_text[TEASER].order


def test_snippets_overrule_the_teacher() -> None:
    script = _script()
    from newsledger.metrics import shingles

    teacher = f"{STANDFIRST} {TEASER}"
    sh = set(shingles(teacher))
    page = Page("p2", None, PAGE, None, with_=("favourite harbour walks",), without=(STANDFIRST,))
    label = script.label_of  # type: ignore[attr-defined]
    # The teacher keeps the standfirst, an unwanted snippet says it is boilerplate: 0.
    assert label(STANDFIRST, page, teacher, sh) == 0
    # A wanted snippet: 1 whatever the teacher says.
    assert label(TEASER, page, "", set()) == 1
    # Neither snippet: the teacher decides (four words or more: half the 4-grams in its body).
    assert label("Repairs to the east pier will take the whole winter", Page("p3", None, PAGE, None),
                 teacher, sh) == 1
    assert label("Subscribe to the Brindle Post weekly letter", Page("p3", None, PAGE, None), teacher, sh) == 0
