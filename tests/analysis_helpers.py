"""Helpers shared by the attribution tests (plain functions, no fixtures)."""

from __future__ import annotations

from newsledger.records import Analysis, Attribution


def by_content(an: Analysis, words: str) -> Attribution:
    """The first attribution whose content holds ``words``; fails the test with the attributions found."""
    for a in an.attributions:
        if words in a.content.text:
            return a
    raise AssertionError(f"no attribution with content containing {words!r}: {an.attributions}")
