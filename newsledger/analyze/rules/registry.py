"""The registry of attribution rules, in the manner of spaCy's components:
each rule is a small function in a module of its own under
``newsledger/analyze/rules/``, registered under its name by a decorator;
``newsledger.analyze.rules.ORDER`` declares the order they run in.

A rule's name is what every attribution it produces records in ``origin``
(stored, shown by ``attributions --raw`` and ``show --json``), and what
``bench/attribution.py --without NAME`` switches off.

Rules come in six scopes, by what they look at:

- ``verb``: a verb of the sentence, building its own attribution
  (``(Sentence, Token) -> Found | None``; None: not mine, the next rule looks).
- ``cue``: whether a verb is a cue (``(Token, in_quote) -> bool | None``;
  True: it is, and the shared cue-verb pass (``verbcue.from_verb``) reads its
  source and content; False: it is not, and no later cue rule is asked;
  None: not mine).
- ``sentence``: the whole sentence after the verbs (``Sentence -> list[Found]``).
- ``lexical``: a stance adjective, person noun or speech noun
  (``(Sentence, Token) -> Found | bool | None``; False: mine, but nothing here).
- ``content``: re-draws the content of an attribution the others found
  (``(Sentence, Found) -> None``), after all of them.
- ``filter``: keeps or drops each attribution the paragraph's rules proposed, once all of them have run
  and one attribution is left per cue (``(Doc, quotes, found, Found) -> bool``; False: dropped).
- ``article``: run by the article pass itself (``carried_quote``); the
  registry only names it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from newsledger.analyze.found import Found, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from newsledger.analyze.quotes import Quote

Scope = Literal["verb", "cue", "sentence", "lexical", "content", "filter", "article"]

VerbRule = Callable[[Sentence, "Token"], Found | None]
CueRule = Callable[["Token", bool], bool | None]
SentenceRule = Callable[[Sentence], list[Found]]
LexicalRule = Callable[[Sentence, "Token"], Found | bool | None]
ContentRule = Callable[[Sentence, Found], None]
FilterRule = Callable[["Doc", Sequence["Quote"], Sequence[Found], Found], bool]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    scope: Scope
    description: str
    module: str


REGISTRY: dict[str, Rule] = {}
VERB_RULES: dict[str, VerbRule] = {}
CUE_RULES: dict[str, CueRule] = {}
SENTENCE_RULES: dict[str, SentenceRule] = {}
LEXICAL_RULES: dict[str, LexicalRule] = {}
CONTENT_RULES: dict[str, ContentRule] = {}
FILTER_RULES: dict[str, FilterRule] = {}

def _register(name: str, scope: Scope, description: str, module: str) -> None:
    if name in REGISTRY:
        raise ValueError(f"attribution rule {name!r} registered twice")
    REGISTRY[name] = Rule(name, scope, description, module)


def verb_rule(name: str, description: str) -> Callable[[VerbRule], VerbRule]:
    def deco(func: VerbRule) -> VerbRule:
        _register(name, "verb", description, func.__module__)
        VERB_RULES[name] = func
        return func

    return deco


def cue_rule(name: str, description: str) -> Callable[[CueRule], CueRule]:
    def deco(func: CueRule) -> CueRule:
        _register(name, "cue", description, func.__module__)
        CUE_RULES[name] = func
        return func

    return deco


def sentence_rule(name: str, description: str) -> Callable[[SentenceRule], SentenceRule]:
    def deco(func: SentenceRule) -> SentenceRule:
        _register(name, "sentence", description, func.__module__)
        SENTENCE_RULES[name] = func
        return func

    return deco


def lexical_rule(name: str, description: str) -> Callable[[LexicalRule], LexicalRule]:
    def deco(func: LexicalRule) -> LexicalRule:
        _register(name, "lexical", description, func.__module__)
        LEXICAL_RULES[name] = func
        return func

    return deco


def content_rule(name: str, description: str) -> Callable[[ContentRule], ContentRule]:
    def deco(func: ContentRule) -> ContentRule:
        _register(name, "content", description, func.__module__)
        CONTENT_RULES[name] = func
        return func

    return deco


def filter_rule(name: str, description: str) -> Callable[[FilterRule], FilterRule]:
    def deco(func: FilterRule) -> FilterRule:
        _register(name, "filter", description, func.__module__)
        FILTER_RULES[name] = func
        return func

    return deco


def article_rule(name: str, description: str, module: str) -> None:
    """Name a rule that the article pass runs itself."""
    _register(name, "article", description, module)
