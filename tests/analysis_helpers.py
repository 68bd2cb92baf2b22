"""Helpers shared by the attribution tests (plain functions, no fixtures)."""

from __future__ import annotations

from newsledger.records import Analysis, Attribution


def found_in(text: str, without: frozenset[str] = frozenset()) -> list[tuple[str, str, str, str]]:
    """(origin, cue, source, content) of each attribution of ``text`` analysed alone, ``without`` those rules."""
    from newsledger.analyze import _analyze_parsed, _parse

    parsed = _parse([text], [None])[0]
    an = _analyze_parsed(text, None, parsed, published=None, without=without)
    return [
        (a.origin, a.cue.text if a.cue else "", a.source.text if a.source else "", a.content.text)
        for a in an.attributions
    ]


def by_content(an: Analysis, words: str) -> Attribution:
    """The first attribution whose content holds ``words``; fails the test with the attributions found."""
    for a in an.attributions:
        if words in a.content.text:
            return a
    raise AssertionError(f"no attribution with content containing {words!r}: {an.attributions}")
