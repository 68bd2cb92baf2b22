"""Whether a figure's predicate is a projection: what could, would or will be, or what someone plans.

Shared by the analyze stage, which writes the predicate (``Figure.state``) with its irrealis lead-in
first ("could hold", "would cost", "plans to cut"), and the ledger, which compares projections with
projections only: "the showgrounds could hold about 2,000 people" does not contradict "3,400 people
fled", while two estimates of what a plan would cost do contradict each other.

The words: English modal auxiliaries, and the verbs of intention that take "to" (plan, want, aim,
hope, seek, expect, intend, propose, promise, pledge, vow, going). Counted on PolNeAR train, see
``newsledger/analyze/figures.py`` (``_IRREALIS_RE``) and docs/figures-and-hedges.md.
"""

from __future__ import annotations

import re

MODALS = ("could", "would", "might", "may", "will", "can", "should", "must", "shall")
INTENT_VERBS = ("plans?", "planned", "wants?", "wanted", "aims?", "aimed", "hopes?", "hoped", "seeks?", "sought",
                "expects?", "expected", "intends?", "intended", "proposes?", "proposed", "promised", "promises",
                "pledged", "vowed", "going")
# Adverbs that may stand between a modal and its verb ("could eventually reach").
MODAL_ADVERBS = ("not", "never", "only", "also", "still", "soon", "eventually", "ultimately")

LEAD = rf"(?:(?:{'|'.join(MODALS)})(?:\s+(?:{'|'.join(MODAL_ADVERBS)}))?|(?:{'|'.join(INTENT_VERBS)})\s+to)"
_STATE_RE = re.compile(rf"^{LEAD}\s", re.IGNORECASE)


def is_projection(state: str | None) -> bool:
    """True when a figure's stored predicate starts with an irrealis lead-in."""
    return state is not None and _STATE_RE.match(state + " ") is not None
