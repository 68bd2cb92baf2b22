"""Rule ``noun_cue``: a noun or adjective the noun cue model accepts
("her support for the levy", "officials are wary of the plan") is a cue
(``newsledger/analyze/nouncue.py``; weights ``noun_cue_model.json``).

- The object of a verb, with its preposition right after it ("took a swipe
  at X", "made a case for X", "voiced support for X"): the verb, the object
  and the preposition are one cue and X is the content.  Where a cue rule
  already made the verb a cue its attribution is widened so (``origin``
  becomes ``<cue rule>+noun_cue``); where none did, the shared cue-verb pass
  (``verbcue.from_verb``) builds it with this cue and content (``noun_cue``).
- Any other accepted word is a cue of its own: its owner, agent or the subject
  of the verb it hangs from is the source, what its preposition,
  "that"-clause or infinitive opens the content (``nouncue.from_noun``), kept
  only where its cue overlaps no cue found so far in the sentence; the words
  of the ``stance`` and ``speech_noun`` lists are left to those rules.

Words inside a quotation are not looked at (they are part of what is quoted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsledger.analyze.contents import complement
from newsledger.analyze.cues import SPEECH_NOUNS, STANCE_ADJECTIVES, STANCE_NOUNS
from newsledger.analyze.found import Found, Sentence
from newsledger.analyze.nouncue import candidates, from_noun, load_noun_cue_model
from newsledger.analyze.rules.registry import sentence_rule
from newsledger.analyze.syntax import overlaps
from newsledger.analyze.verbcue import from_verb

if TYPE_CHECKING:
    from spacy.tokens import Token

NAME = "noun_cue"

# The word-list rules' own words (``stance``, ``speech_noun``) stay theirs
# where the word is a cue of its own: they run after this rule and keep
# their shapes and provenance.
_LISTED = STANCE_ADJECTIVES | STANCE_NOUNS | SPEECH_NOUNS


@sentence_rule(NAME, "a noun or adjective the noun cue model accepts ('offered a defense of', 'is confident that')")
def rule(s: Sentence) -> list[Found]:
    model = load_noun_cue_model()
    if model is None:
        return []
    out: list[Found] = []
    by_verb = {f.cue_root.i: f for f in s.found if f.cue_root is not None and f.cue is not None}
    for tok, link in candidates(s.sent, model.lemmas):
        if s.in_quote(tok.idx):
            continue
        if model.probability(tok, link, False) < model.threshold:
            continue
        verb = _light_verb(tok, link)
        if verb is not None:
            f = by_verb.get(verb.i)
            if f is not None:
                if f.origin != "figure_phrase" and _widen(s, f, link):
                    f.origin = f"{f.origin}+{NAME}"
                continue
            made = from_verb(s.doc, verb, s.quotes, s.sent)
            if made is not None and _widen(s, made, link) and not _clashes(made, s.found, out):
                made.origin = NAME
                out.append(made)
                by_verb[verb.i] = made
            continue
        if tok.lower_ in _LISTED or not model.own_cues:
            continue
        g = from_noun(s.doc, tok, link, s.sent, s.quotes)
        if g is not None and not _clashes(g, s.found, out):
            out.append(g)
    return out


def _light_verb(tok: Token, link: Token) -> Token | None:
    """The verb whose object ``tok`` is, where the linking preposition follows
    the object at once ("took a swipe at", "voiced support for")."""
    if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and link.dep_ == "prep" and link.i == tok.i + 1:
        return tok.head
    return None


def _widen(s: Sentence, f: Found, link: Token) -> bool:
    """The cue runs on over the object to its preposition; the content is the
    preposition's object (False where it has none or the spans would cross)."""
    content = complement(s.doc, link)
    if content is None or f.cue is None:
        return False
    cue = (f.cue[0], max(f.cue[1], link.idx + len(link.text)))
    if overlaps(cue, content) or (f.source is not None and overlaps(cue, f.source)):
        return False
    if (cue, content) == (f.cue, f.content):
        return False  # already so ("voiced support for": cuegroup's listed objects)
    f.cue, f.content = cue, content
    return True


def _clashes(f: Found, *groups: list[Found]) -> bool:
    return f.cue is None or any(g.cue is not None and overlaps(f.cue, g.cue) for grp in groups for g in grp)
