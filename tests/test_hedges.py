"""Hedges and verification status, one cue family at a time."""

from __future__ import annotations

import pytest

from newsledger.analyze.hedges import find_statements, hedge_of


@pytest.mark.parametrize(
    ("text", "hedge", "cue"),
    [
        ("The mayor said the bridge would reopen on Monday.", "asserted", None),
        ("The council claims the levee was inspected last year.", "claimed", "claims"),
        ("A video that purports to show the flooded depot was shared online.", "claimed", "purports"),
        ("The union insisted the roster was unsafe.", "claimed", "insisted"),
        ("The skipper allegedly ignored the warning.", "alleged", "allegedly"),
        ("The ferry was reportedly carrying 40 passengers.", "alleged", "reportedly"),
        ("The boats appeared to be drifting toward the reef.", "alleged", "appeared to"),
        ("The mine is said to be the oldest in the province.", "alleged", "is said to"),
        ("The Ledger could not independently verify the footage.", "unverified", "could not independently verify"),
        ("We cannot provide additional verification of the source.", "unverified",
         "cannot provide additional verification"),
        ("The figure has not been confirmed by the ministry.", "unverified", "has not been confirmed"),
        ("It is unclear whether the pumps were running.", "unverified", "It is unclear whether"),
        ("The minister denied the report.", "denied", "denied"),
        ("The company rejected the claims as baseless.", "denied", "rejected the claims"),
        ("A group that claims to speak for the growers wrote to the council.", "claimed", "claims"),
        ("The harbourmaster maintained that the channel was safe.", "claimed", "maintained that"),
        ("The wreck was supposedly found by divers.", "alleged", "supposedly"),
        ("The sighting remains unconfirmed.", "unverified", "unconfirmed"),
        ("The toll could not be confirmed.", "unverified", "could not be confirmed"),
        ("The airline denies any wrongdoing.", "denied", "denies"),
        ("They deny the report.", "denied", "deny"),
        ("Reporters checked the mayor's claim that the dam was safe.", "claimed", "claim that"),
        ("The MISSING FUNDS were ALLEGEDLY moved offshore.", "alleged", "ALLEGEDLY"),
        ("The report was denied by the harbour board.", "denied", "denied"),  # a passive denial is one
        ("The claim was denied.", "denied", "denied"),
    ],
)
def test_hedge_of(text: str, hedge: str, cue: str | None) -> None:
    got, cues = hedge_of(text)
    assert got == hedge
    if cue is None:
        assert cues == []
    else:
        assert cue in cues


@pytest.mark.parametrize(
    "text",
    [
        "The insurance claims were paid within a week.",
        "Small claims court sat on Tuesday.",
        "She did not deny that the meeting took place.",
        "The company never denied the shortfall.",
        "The government did not deny claims it had paid the levy.",
        "Her claim was heard by the tribunal.",
        "Their claims were heard on Friday.",
        "He made similar claims last week.",
        "The agency could deny them fishing permits.",
        "Claims of abuse at the depot were investigated.",
        "The plan did not purport to cover every case.",
        # a passive "denied" with an object of its own is something withheld
        "The coach said his side had been denied a clear penalty.",
        "The skipper was denied bail on Monday.",
        "Growers are being denied the chance to appeal.",
    ],
)
def test_no_false_hedges(text: str) -> None:
    assert hedge_of(text)[0] not in ("claimed", "denied")


def test_strongest_hedge_wins_and_all_cues_are_listed_in_order() -> None:
    hedge, cues = hedge_of("Officials claimed the crew allegedly fled, which the captain denied.")
    assert hedge == "denied"
    assert cues == ["claimed", "allegedly", "denied"]


def test_find_statements_skips_attributed_sentences() -> None:
    text = "The crew allegedly fled. The mayor said the port reopened. The figure could not be verified."
    s1 = (0, text.index(" The mayor"))
    s2 = (s1[1] + 1, text.index(" The figure"))
    s3 = (s2[1] + 1, len(text))
    statements = find_statements(text, [s1, s2, s3], covered=[s1])
    assert [(st.hedge, st.span.text) for st in statements] == [
        ("unverified", "The figure could not be verified.")
    ]
    for st in statements:
        assert text[st.span.start : st.span.end] == st.span.text


def test_every_cue_holds_its_key_word() -> None:
    """The key pre-filter may skip a pattern only where it could not match:
    each cue the full patterns find, in every family, contains its key."""
    from newsledger.analyze.hedges import _CUES, _KEYS

    phrases = [
        "denied", "denies", "denying", "deny", "rejected the claims", "dismissed these allegations",
        "dismissed it as baseless", "refuted", "disputed the figures", "could not independently verify",
        "can't be confirmed", "cannot provide further confirmation", "have not yet been verified",
        "not independently confirmed", "unverified", "unconfirmed", "it remains unclear whether",
        "it was not clear how", "it is not known if", "no independent confirmation", "allegedly", "purportedly",
        "reportedly", "supposedly", "apparently", "ostensibly", "alleged", "rumoured", "rumored", "appears to",
        "is said to", "were believed to", "was thought to", "are understood to", "according to unverified reports",
        "claims that", "assertion that", "claimed", "claim", "purports", "purported", "insisted",
        "maintains that", "asserted that", "contends",
    ]  # fmt: skip
    hits = 0
    for phrase in phrases:
        for text in (f"The council {phrase} the levee held.", f"{phrase.upper()} THE LEVEE HELD."):
            for hedge, pattern in _CUES.items():
                for m in pattern.finditer(text):
                    hits += 1
                    assert _KEYS[hedge].search(m.group(0)), (hedge, m.group(0))
    assert hits >= len(phrases)
