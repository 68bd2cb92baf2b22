"""Analyze stage: Article -> Analysis (placeholder until attribution lands)."""

from __future__ import annotations

from collections.abc import Iterable

from newsledger.records import Analysis, Article

ANALYZE_VERSION = "analyze/0"


def analyze_text(text: str, *, title: str | None = None) -> Analysis:
    return Analysis()


def analyze(article: Article) -> Analysis:
    return analyze_text(article.text, title=article.title)


def analyze_many(articles: Iterable[Article]) -> list[Analysis]:
    return [analyze(a) for a in articles]
