"""Words that signal attribution (PolNeAR's sense: speech, belief, intention,
evidence), grouped by the kind of complement they take."""

from __future__ import annotations

import json
from importlib import resources

# Verbs of saying, thinking, knowing and showing that introduce a clause
# ("said that ...", "believes ...") or a quotation.
CLAUSE_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "write",
        "ask",
        "note",
        "report",
        "announce",
        "suggest",
        "show",
        "find",
        "tweet",
        "describe",
        "argue",
        "think",
        "explain",
        "believe",
        "acknowledge",
        "claim",
        "declare",
        "insist",
        "warn",
        "promise",
        "state",
        "know",
        "reply",
        "respond",
        "reveal",
        "predict",
        "confirm",
        "deny",
        "admit",
        "indicate",
        "stress",
        "emphasize",
        "emphasise",
        "contend",
        "maintain",
        "assert",
        "allege",
        "concede",
        "agree",
        "recall",
        "conclude",
        "estimate",
        "speculate",
        "testify",
        "complain",
        "boast",
        "joke",
        "quip",
        "muse",
        "observe",
        "remark",
        "comment",
        "mention",
        "point",
        "reckon",
        "feel",
        "fear",
        "worry",
        "hope",
        "expect",
        "assume",
        "guess",
        "suspect",
        "understand",
        "learn",
        "hear",
        "see",
        "notice",
        "realize",
        "realise",
        "recognize",
        "recognise",
        "discover",
        "prove",
        "demonstrate",
        "signal",
        "imply",
        "charge",
        "counter",
        "retort",
        "caution",
        "advise",
        "declare",
        "vow",
        "pledge",
        "swear",
        "assure",
        "remind",
        "inform",
        "post",
        "wonder",
        "question",
        "doubt",
        "recommend",
        "propose",
        "urge",
        "demand",
        "insist",
        "decide",
        "rule",
        "order",
        "concur",
        "disclose",
        "allege",
        "purport",
        "continue",
        "reiterate",
        "repeat",
        "acknowledge",
        "conclude",
        "guarantee",
        "predict",
        "forecast",
        "figure",
        "lament",
        "scoff",
        "snap",
        "shout",
        "yell",
        "whisper",
        "mutter",
        "write",
        "tweet",
        "proclaim",
        "announce",
        "confess",
    ]
)

# Verbs whose content is an infinitive ("wants to", "plans to", "refused to").
XCOMP_VERBS = frozenset(
    [
        "want",
        "plan",
        "hope",
        "intend",
        "promise",
        "vow",
        "pledge",
        "refuse",
        "decline",
        "seek",
        "threaten",
        "expect",
        "aim",
        "agree",
        "offer",
        "propose",
        "urge",
        "ask",
        "call",
        "tell",
        "vow",
        "wish",
        "purport",
        "claim",
        "appear",
        "seem",
    ]
)

# Verbs whose content can be a plain object ("denied the report", "endorsed
# Clinton", "the video showed soldiers").
OBJECT_VERBS = frozenset(
    [
        "deny",
        "endorse",
        "criticize",
        "criticise",
        "praise",
        "support",
        "oppose",
        "reject",
        "announce",
        "propose",
        "show",
        "reveal",
        "blame",
        "accuse",
        "condemn",
        "dismiss",
        "defend",
        "question",
        "recommend",
        "back",
        "applaud",
        "welcome",
        "attack",
        "blast",
        "slam",
        "describe",
        "call",
        "cite",
        "confirm",
        "acknowledge",
        "predict",
        "demand",
        "request",
    ]
)

# Cue words inside the verb group ("called for", "pointed out").
PARTICLE_PREPS = frozenset({"for", "on", "out", "about", "to", "up"})

# Nouns for the medium a statement went out on ("in a statement", "told
# reporters", "on Twitter").
CHANNEL_NOUNS = frozenset(
    [
        "media",
        "statement",
        "interview",
        "radio",
        "television",
        "tv",
        "twitter",
        "facebook",
        "post",
        "tweet",
        "newspaper",
        "press",
        "conference",
        "briefing",
        "broadcast",
        "podcast",
        "show",
        "programme",
        "program",
        "op-ed",
        "column",
        "letter",
        "email",
        "release",
        "speech",
        "video",
        "blog",
        "website",
        "message",
        "rally",
        "debate",
        "hearing",
    ]
)

# Honorifics that stand before a surname ("Dr Boichak").
TITLES = frozenset(
    {
        "Dr",
        "Dr.",
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Miss",
        "Prof",
        "Prof.",
        "Professor",
        "Sen.",
        "Rep.",
        "Gov.",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Captain",
        "Capt",
        "Capt.",
        "Rev",
        "Rev.",
    }
)

# Nouns for things that carry statements: the creator, where named, is the
# speaker ("a video released by officials allegedly showed ...").
ARTIFACT_NOUNS = frozenset(
    [
        "video",
        "footage",
        "report",
        "study",
        "survey",
        "poll",
        "document",
        "documents",
        "letter",
        "statement",
        "memo",
        "data",
        "records",
        "record",
        "analysis",
        "photo",
        "photos",
        "photograph",
        "photographs",
        "clip",
        "film",
        "tape",
        "dossier",
        "picture",
        "image",
        "images",
        "audio",
        "recording",
        "email",
        "emails",
        "book",
    ]
)

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his"})
PRONOUNS_GROUP = frozenset({"they", "them", "their"})
PRONOUNS_SELF = frozenset({"i", "we", "me", "us"})
EXPLETIVES = frozenset({"it", "there"})


def _learned() -> frozenset[str]:
    """Verb lemmas PolNeAR's annotators marked as cues in at least 40% of their
    uses in the training split (bench/attribution.py --learn-cues)."""
    text = resources.files("newsledger.analyze").joinpath("cue_lemmas.json").read_text(encoding="utf-8")
    return frozenset(json.loads(text))


LEARNED_VERBS = _learned()
ALL_CUE_VERBS = CLAUSE_VERBS | XCOMP_VERBS | OBJECT_VERBS | LEARNED_VERBS
# Prepositions that introduce what a learned cue is about ("railed against X").
CONTENT_PREPS = frozenset({"about", "on", "to", "against", "at", "for", "with", "of", "over", "as"})

# Nouns of saying and stance that carry an attribution when someone owns them
# (kept: those PolNeAR's train annotators mark as cues at least as often as not;
# "comments", "remarks", "stance", "response", "message", "position" were mostly not):
# "the minister's claim that ...", "her criticism of the plan", "their support for the levy".
SPEECH_NOUNS = frozenset(
    {
        "statement", "call", "criticism", "criticisms", "opposition", "view", "warning", "claim", "claims",
        "suggestion", "endorsement", "question", "questions", "estimate", "estimates", "comment", "assertion",
        "attack", "condemnation", "rejection", "reply", "remark", "allegation", "allegations", "denial",
        "admission", "prediction", "vow", "refusal", "characterization", "characterisation",
    }
)  # fmt: skip
# Prepositions and clause heads that open what such a noun is about.
SPEECH_NOUN_LINKS = frozenset({"of", "for", "about", "on", "against", "that", "to"})

# Adjectives of stance that attribute a view to the subject of "be": "the
# senator was critical of the deal", "officials are convinced that ...".  Kept:
# those PolNeAR's train annotators mark as cues at least as often as not (first
# 600 train articles); "sure", "willing", "happy", "proud", "afraid" were mostly not.
STANCE_ADJECTIVES = frozenset(
    {
        "opposed", "eager", "worried", "convinced", "critical", "optimistic", "skeptical", "sceptical",
        "supportive", "outspoken", "keen", "wary", "furious", "bent", "adamant", "hopeful", "vocal", "upset",
    }
)  # fmt: skip
# People nouns of stance after "be": "the senator is a fierce critic of the deal".
STANCE_NOUNS = frozenset(
    {
        "supporter", "backer", "critic", "opponent", "advocate", "proponent", "champion", "fan", "admirer",
        "ally", "defender", "skeptic", "sceptic", "detractor",
    }
)  # fmt: skip
