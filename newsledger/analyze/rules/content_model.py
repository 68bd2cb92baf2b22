"""Rule ``content_model``: re-draws the content of an attribution whose cue
is a verb (``verbcue.from_verb``; not a figure phrase's) where the content model
(``content_model.py``, ``content_model.json``) prefers another span the
parse offers by more than its margin; the attribution's ``origin`` then
reads ``<cue rule>+content_model``.  Without the JSON (or with
``settings.USE_CONTENT_MODEL`` off) it does nothing."""

from __future__ import annotations

from newsledger.analyze.content_model import active_content_model
from newsledger.analyze.found import Found, Sentence
from newsledger.analyze.rules.registry import content_rule

NAME = "content_model"


@content_rule(NAME, "the content model's span for a cue verb's content, where it beats the rules' by its margin")
def rule(s: Sentence, f: Found) -> None:
    if f.cue_root is None or f.cue is None or f.content_follows or f.content[0] >= f.content[1]:
        return
    if f.origin == "figure_phrase":
        return  # the figure is the phrase's own content ("put the toll at X")
    model = active_content_model()
    if model is None:
        return
    chosen = model.choose(s.doc, f, f.cue_root, s.sent, s.quotes)
    if chosen != f.content:
        f.content = chosen
        f.origin = f"{f.origin}+{NAME}"
