"""Numeric claims: "about 11,000 North Korean soldiers ... in eastern Russia, according to X".

A figure is a quantity the text asserts about the world: a count, an amount of
money, a percentage, a range, or a vague quantity ("dozens").  Not figures:
years, dates, times, durations and ages ("in 24 years", "aged 45"), ordinals,
phone numbers, numbers inside URLs.  Each figure keeps what it counts, where,
the predicate that goes with it ("state"), and who gives it: the speaker of the
attribution whose content holds it, else nobody (the outlet itself).

Pure regular expressions over the text, linear in its length, but for one fact the
analyze stage takes from its dependency parse and passes in (``shared_predicates``: a
coordinated subject's predicate); the heuristics and their tests (tests/test_figures.py)
live together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Literal

from newsledger import modality
from newsledger.records import Attribution, Figure, Span

Bound = Literal["exact", "at_least", "at_most", "range", "vague"]
Part = Literal["body", "title"]

_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a thousand": 1000,
    "a dozen": 12, "two dozen": 24, "three dozen": 36,
}
# Vague quantities: (lower bound, upper bound) of what they can mean.
_VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "several hundred": (300, 999),
    "a few hundred": (200, 500), "thousands": (2000, 9999), "several thousand": (3000, 9999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999), "a handful": (2, 5), "several": (3, 9),
}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}
_APPROX = {"about", "around", "roughly", "nearly", "almost", "some", "approximately", "an estimated", "estimated",
           "close to", "more than", "over", "at least", "up to", "fewer than", "less than", "as many as",
           "just over", "just under", "under", "upwards of", "as few as", "no fewer than", "no more than"}
_AT_LEAST = {"more than", "over", "at least", "upwards of", "no fewer than", "just over"}
_AT_MOST = {"up to", "fewer than", "less than", "as many as", "under", "no more than", "just under", "nearly",
            "almost"}

# "11,000", "11 000" (space-grouped thousands, also with a no-break or thin space), "2 1/2", "4.5", "40".
_NUM = (r"\d+[ \u00a0]\d/\d{1,2}(?!\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,/])"
        r"|\d+(?:\.\d+)?")
_SCALE_RE = r"(?:\s*(?:thousand|million|billion|trillion|mn|bn|tn)\b|(?:k|m|bn|b)\b)?"
_QUAL = "|".join(sorted((re.escape(q) for q in _APPROX), key=len, reverse=True))
_WORDNUM = "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
# Spelled numbers of several words ("Three hundred", "Twenty-five", "a hundred and fifty", "ten thousand"):
# the pattern only finds the run of number words; text2num reads its value.
_UNITS_W = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
            "|seventeen|eighteen|nineteen")
_TENS_W = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SCALES_W = "hundred|thousand|million|billion"
_PART_W = rf"(?:(?:{_TENS_W})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|{_UNITS_W}|{_SCALES_W})"
_COMPOUND_W = (
    rf"(?:(?:a|an|one)\s+(?:{_SCALES_W})|{_PART_W})(?:(?:\s+and\s+|\s+|-){_PART_W})+"
    rf"|(?:{_TENS_W})-(?:one|two|three|four|five|six|seven|eight|nine)"
)
_VAGUE_RE = "|".join(sorted((re.escape(v) for v in _VAGUE), key=len, reverse=True))

FIGURE_RE = re.compile(
    rf"(?<![\w/.#:-])(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?P<between>between\s+)?(?P<cur>[$€£¥])?(?P<num>{_NUM}){_SCALE_RE}"
    # "and" joins a range only after "between": "$12 million and $9 million, respectively", "$5 and $10
    # gifts", "followings of more than 4 million and 3 million" are two figures each (on PolNeAR
    # train[:700], 2026-12-02: 3 of the 12 "N and M" ranges had no "between", all 3 two figures)
    rf"(?:\s*(?:-|–|to|(?(between)and|(?!)))\s*(?P<cur2>[$€£¥])?(?P<num2>{_NUM})(?P<scale2>{_SCALE_RE}))?"
    rf"(?P<pct>\s*(?:%|per\s?cent\b|percent\b))?(?![\w/]|\.\d)"
    rf"|(?<![\w-])(?:(?P<qual_w>{_QUAL})\s+)?(?P<word>{_COMPOUND_W}|{_WORDNUM})\b(?=\s+[a-z])"
    # a vague word said twice or more ("dozens and dozens", "millions and millions and millions of dollars")
    # is one figure with the bounds of the single word; read as two, the first counted nothing (5 of the 273
    # figures with no noun of their own on PolNeAR train[:700], 2026-12-02)
    rf"|(?<![\w-])(?P<vague>{_VAGUE_RE})\b(?:\s+and\s+(?P=vague)\b)*",
    re.IGNORECASE,
)

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A month name right next to the number (whole words: "mayor said 11" is not "May 11").
_MONTH_WORD = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
               r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_BEFORE_RE = re.compile(rf"\b{_MONTH_WORD}\s*$", re.IGNORECASE)
_DATE_AFTER_RE = re.compile(rf"^\s*{_MONTH_WORD}(?![a-z])", re.IGNORECASE)
_DURATION_WORDS = {"o'clock", "o’clock", "times",  # "three times" is a multiplier, not a count
                   "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute",
                   "minutes", "second", "seconds", "decade", "decades", "century", "centuries", "am", "pm",
                   "a.m.", "p.m.", "yo", "th", "st", "nd", "rd", "km/h", "mph", "metres", "meters", "km",
                   "kilometres", "kilometers", "miles", "centimetres", "cm", "mm", "kg", "degrees", "goals",
                   "points", "minutes'"}
_STOP_AFTER = {"were", "was", "are", "is", "be", "been", "being", "had", "have", "has", "to", "in", "on", "at",
               "from", "for", "with", "who", "that", "which", "and", "or", "but", "by", "into", "as", "than",
               "would", "will", "could", "can", "may", "might", "should", "did", "do", "does", "said",
               "says", "the", "a", "an", "their", "his", "her", "its", "after", "before", "since", "during",
               "across", "near", "inside", "outside", "while", "when", "where", "because", "according", "per",
               "this", "these", "those", "last", "more",
               # adverbs that follow a number without being what it counts ("11,000 right now",
               # "4 out of 5", "12,000 in total" / "altogether"): issue #16's pages
               "out", "right", "now", "today", "yesterday", "tomorrow", "there", "here", "already", "so", "then",
               "ago", "each", "apiece", "altogether", "overall", "total", "within", "among", "against", "toward",
               "towards", "through", "about", "around", "up", "down",
               # "three skippers still think ...": 5 counted phrases on PolNeAR train[:700] ran on over it
               # into the verb (2026-12-02)
               "still",
               # "1,000 adults between Dec. 6-9", "seven districts between Armenia and ...": 8 counted phrases on
               # PolNeAR train[:700] and 1 on the English extraction pages ran on over it, each into a date, a
               # place or a name that is no part of what is counted (2026-12-02, session 10)
               "between"}
# Verbs that end a counted phrase ("40 boats broke free"); regular past tenses
# are caught by their "-ed" ending.
_VERBS = {"lost", "broke", "fled", "fell", "died", "left", "went", "took", "made", "came", "got", "gave", "ran",
          "sat", "stood", "held", "kept", "saw", "met", "won", "began", "remain", "remains", "face", "faces",
          "live", "lives", "work", "works", "need", "needs", "flee", "fleeing", "die", "dying", "fall", "lose",
          "leave", "wait", "waiting", "stay", "stayed", "hurt", "rose", "grew", "became", "sought",
          "spent", "paid", "sent", "brought", "bought", "built", "told", "thought", "say", "said", "says",
          # irregular past tenses (the "-ed" rule misses them): "Half of the 40 boats sank"
          "sank", "sunk", "struck", "fought", "flew", "drove", "rode", "swam", "hid", "stole", "shook", "spoke",
          "wrote", "froze", "threw", "blew", "burnt", "dug", "fed", "led", "slept", "stuck", "swore", "tore",
          "woke", "wore", "withdrew", "arrived", "crossed", "deserted",
          # present-tense verbs that are no nouns, as tagged inside counted phrases on PolNeAR train[:700]
          # (2026-12-02, spaCy tags; "millions of dollars go to ...", "four in 10 want ...", "a dozen rivals
          # compete"); ones that are also nouns ("pay", "show", "call", "head", "hold") are left out
          "go", "want", "see", "think", "feel", "seem", "suggest", "compete", "descend", "disappear",
          "participate", "reside", "contain", "sue"}
# An en or em dash is a token of its own, so it ends a counted phrase as a comma does ("three children —
# Adam, Salma and Aliya" counted `children Adam`, "23 million people — it was ..." `people it`): 13 counted
# phrases on PolNeAR train[:700] ran on over one, each into an aside or another clause (2026-12-02).
_WORD_RE = re.compile(r"[\w'’.-]+|[,;:()\"“”\u2013\u2014]")
# Personal pronouns (not the possessives, which open a phrase after "of": "90 percent of her e-mails").
# Never what a number counts, except right after "of", where one is all of it ("34 of them"): "46,797 he
# saw", "[7] She may have used" (footnote marks) counted `he`, `She`. Counted phrases holding a pronoun:
# 26 on PolNeAR train[:700] (a relative clause's subject, "1,237 delegates he needs", an object after an
# unlisted verb, "others battle it", "25,000 of them Republicans") and 15 on the English extraction pages,
# 4 of them opening with it (2026-12-02, session 10). "US", "IT" in capitals are no pronouns.
_PRONOUNS = {"i", "you", "he", "she", "it", "we", "they", "me", "him", "us", "them"}
# The pronouns that are (or may be) a verb's object. Counted on PolNeAR train[:700] (10) and the English
# extraction pages (4), 2026-12-02, session 11: of the 14 counted phrases cut at "it", "me", "him", "us" or
# "them" (not right after "of"), the 12 whose last word was no plural before "it", or any word before the
# others, ended in the verb, preposition or wh-word that takes the pronoun ("others battle it", "opponents hit
# him", "certainly shows me", "hundreds just like it", "[4] Used it", "90% of what it needs"), never in what is
# counted; the 2 plurals before "it" were what is counted ("requests it received": "it" opens a relative
# clause). "you" is left out: as often a subject ("things you can identify").
_OBJECT_PRONOUNS = {"it", "me", "him", "us", "them"}
_PLACE_RE = re.compile(
    r"\b(?:in|to|at|near|across|inside|into|from|around|outside)\s+"
    r"(?P<place>(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north|south|east|west|north-east|"
    r"north-west|south-east|south-west|coastal|rural|inner)\s+)?[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*){0,4})"
)
# Where a speaker stood is not where the counted things are: "Hollis told reporters in Brussels".
_SPEAKER_AT_RE = re.compile(
    r"\b(?:said|says|told(?:\s+\w+){0,2}|speaking|spoke|added|briefing|interview|conference|summit|visit)\s*$",
    re.IGNORECASE,
)
_AUX_RE = re.compile(r"^(?:(?:were|was|are|is|had|have|has|been|being|be|currently|now|still|reportedly|"
                     r"allegedly|all|also)\s+)+", re.IGNORECASE)
_MEDIA = r"video|footage|photo|photograph|image|images|picture|pictures|clip|film|recording|map"
_SHOWN_RE = re.compile(
    rf"\b(?:a|an|the|this|that)\s+(?:\w+\s+)?(?P<medium>{_MEDIA})\s+(?:that\s+|which\s+)?"
    r"(?:(?:purports?|appears?|claims?|seems?|is said|was said)\s+to\s+|also\s+|reportedly\s+|allegedly\s+)?"
    r"(?:shows?|showed|showing|depicts?|depicting)\s+$",
    re.IGNORECASE,
)
# The verb right before a figure that is its object; auxiliaries in front are dropped.
_GOVERNING_RE = re.compile(
    r"\b(?P<verb>[a-z]+ed|sent|brought|built|lost|sold|bought|paid|took|killed|freed|deployed|shot|hit|"
    r"injured|wounded|evacuated|rescued|arrested|captured|moved|cut|hired|fired|held|gave|made|won|spent|left)"
    r"\s+$"
)
# An irrealis lead-in: the figure is what could, would or will be, or what someone plans or wants,
# not a count of what is ("the showgrounds could hold about 2,000 people", "the plan would cost $1.4
# trillion", "she will win at least 56"). On PolNeAR train 146 of 4,598 figures (3.2%) have one
# within the 40 characters before them in their sentence (will 49, would 34, could 13, going to 7,
# expected to 7, plan(s) to 9, ...); of 30 read by hand, 26 were projections, targets, capacities or
# counterfactuals (2026-12-01). Such a figure's state starts with the lead-in, and the ledger compares
# projections with projections only (newsledger/link/ledger.py).
_IRREALIS_RE = re.compile(
    rf"(?<![\w'’])(?<!\bthe )(?<!\bof )(?<!\ba )(?P<lead>{modality.LEAD})\s+(?P<verb>[a-z]+)\s+(?:[a-z]+\s+)?$"
)
_SPEECH_VERBS = {"said", "claimed", "reported", "estimated", "stated", "added", "noted", "announced",
                 "revealed", "confirmed", "warned", "insisted", "suggested", "believed", "expected",
                 "needed", "asked", "called", "numbered", "totalled", "totaled", "reached", "exceeded"}
_DATE_RES = (
    re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTHS})\s+(?P<y>(?:19|20)\d{{2}})\b",
               re.IGNORECASE),
    re.compile(rf"\b(?P<mon>{_MONTHS})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})\b",
               re.IGNORECASE),
)
_MONTH_NUM = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                          "nov", "dec"), start=1)}
# A dot ends the clause only where it could end a sentence: not a decimal point ("4.2 per cent", "$1.1
# million") and not the dot of an initial or a short abbreviation ("U.S. troops", "Dec. 6", "Gov. Hale").
# Counted on PolNeAR train[:700] (2026-12-01, lead): of 4,117 figures, 86 states were cut at a decimal
# point and about 60 at an abbreviation's dot, each a predicate cut mid-phrase.
_ABBREVIATIONS = (r"Mrs?|Ms|Dr|St|Jr|Sr|No|vs|Lt|Gen|Gov|Sen|Rep|Col|Sgt|Rev|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct"
                  r"|Nov|Dec")
_CLAUSE_END_RE = re.compile(
    r"[;!?]|,\s+(?:according|said|says|the|who|which|while|but)\b|\s+according to\b"
    rf"|(?<![A-Za-z])[A-Za-z]\.|\b(?:{_ABBREVIATIONS})\.|\.(?!\d)"
)


_SEPARATORS_RE = re.compile(r"[,\s\u00a0\u202f]")  # thousands separators: "11,000", "11 000"


def _number(text: str) -> float:
    if "/" in text:  # "2 1/2"
        whole, frac = text.split(None, 1)
        num, den = frac.split("/")
        return float(whole) + (float(num) / float(den) if float(den) else 0.0)
    return float(_SEPARATORS_RE.sub("", text))


def _scaled(num: str, scale: float) -> float:
    """A written number times its scale, in decimal: "$65.4 billion" is 65400000000.0, where the binary product
    65.4 * 1e9 is 65400000000.00001 (1 such value on PolNeAR dev, 2026-12-02, session 10: stored and compared
    in the ledger as written, a figure should not drift in its last digits)."""
    if "/" in num:  # "2 1/2": no decimal form; never scaled in practice
        return _number(num) * scale
    return float(Decimal(_SEPARATORS_RE.sub("", num)) * Decimal(scale))


def _words_value(words: str) -> tuple[float | None, int]:
    """The value of spelled number words and how many characters of them make it (text2num reads them).

    Trailing words are dropped until the rest reads as one number ("three thousand and ten thousand" -> 3000).
    """
    low = words.lower()
    if low in _WORDS:
        return float(_WORDS[low]), len(words)
    try:
        from text_to_num import text2num
    except ImportError:  # text2num missing: the first word alone, from the table
        first = low.split()[0].split("-")[0]
        return (float(_WORDS[first]), len(first)) if first in _WORDS else (None, 0)
    parts = re.findall(r"\S+", words)
    while parts:
        phrase = " ".join(parts)
        probe = re.sub(r"^(?:a|an)\s+", "one ", phrase.lower())
        try:
            return float(text2num(probe, "en")), len(phrase)
        except ValueError:
            parts.pop()
            while parts and parts[-1].lower() == "and":
                parts.pop()
    return None, 0


def _scale(suffix: str) -> float:
    key = suffix.strip().lower()
    return _SCALE.get(key, 1.0)


# A bound after the figure: "$200 or less", "five days or more", "$1 trillion or so". Counted on PolNeAR
# train[:700] (2026-12-01, lead): 12 of 4,117 figures had one, each read as an exact figure whose state
# was the bound ("or less").
_MORE_WORDS = {"more", "higher", "above", "over", "greater"}
_TRAILING_BOUND_RE = re.compile(
    r",?\s+or\s+(?P<dir>more|higher|above|over|greater|less|fewer|lower|below|under|so)\b(?!\s+than\b)",
    re.IGNORECASE,
)
_CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen"}
_CURRENCY_NAMES = frozenset(_CURRENCIES.values())
_DETERMINERS = {"the", "their", "its", "his", "her", "our", "all", "those", "these"}
# "per cent of X" only where "of" follows: "a 4.2 per cent rise", "45 percent chose Cruz", "72 percent
# white" count no X. On PolNeAR train[:700] (2026-12-01, lead) 130 of 371 "per cent of X" had no "of" after
# the percentage; 25 of 25 read were wrong (a verb, an adjective, or the noun the percentage modifies).
_OF_RE = re.compile(r"\s*of\b", re.IGNORECASE)
_SPELLED_PCT_RE = re.compile(r"\s*(?:per\s?cent|percent)\b", re.IGNORECASE)


# A collective and "of" before a figure that names nothing after it: "a crowd of about 6,500", "a town of
# under 2,000". The figure is the collective's size, so it counts the collective's members, named as a
# plain count of them would be ("40 staff", "3 million followers"); where the members are just people
# (a crowd, a place's population) the collective names them instead, so that the ledger weighs a crowd
# against other crowds and a population against other populations, never against every count of people
# in the story (a figure whose predicate says nothing may conflict with any other of its group:
# link/ledger.py). The nouns are those that came before "of" and a figure with no noun of its own on
# PolNeAR train[:700] (2026-12-02, scripts/count_uncounted_figures.py): crowd(s) 6, population 4,
# community, town, staff, followings 1 each; not "a total of", "the support of", "a record of", "an
# average of", "a target of", "one of" (a share, a sum or a measure, not a collective's size).
_COLLECTIVES = {"crowd": "crowd", "crowds": "crowd", "population": "population", "community": "population",
                "town": "population", "staff": "staff", "following": "followers", "followings": "followers"}
_COLLECTIVE_OF_RE = re.compile(rf"\b(?P<noun>{'|'.join(_COLLECTIVES)})\s+of\s+$", re.IGNORECASE)


def _collective_before(text: str, start: int) -> re.Match[str] | None:
    """The collective and "of" right before a figure that starts at ``start`` ("a crowd of ")."""
    return _COLLECTIVE_OF_RE.search(text[max(0, start - 24) : start])
# "38 total berths": "total" before a noun is no adverb ("12,000 in total", "12,000 total"), so what is
# counted is the noun after it, as for a plain "38 berths".
_TOTAL_LEAD_RE = re.compile(r"\s*total\s+(?=[a-z])")
# What says a figure is a whole, not what it does: "nearly 9,000 in all", "19 letters in total". Before
# a comma, a dash or the end it closes the figure's own clause ("31 regattas in all, 12 of which ...": what
# follows is about something else); before a word it is dropped ("19 letters in total were sent").
# On PolNeAR train[:700] (2026-12-02) 4 states opened so, each taking "in total" or the next clause.
_IN_TOTAL_RE = re.compile(r"^(?:in\s+total|in\s+all|altogether)\b(?P<closes>\s*(?:[,;:\u2013\u2014-]|$))?\s*",
                          re.IGNORECASE)


# A present participle ("-ing", not hyphenated, longer than "thing"/"king"): after a plural noun it is the
# verb of a reduced relative clause, not part of what is counted ("6 states holding contests", "millions
# of people struggling to ..."). On PolNeAR train[:700] (2026-12-02, scratch count of spaCy tags over the
# counted phrases of find_figures) 172 of 4,114 counted phrases held a word tagged as a verb, most often
# such a participle; the rule cuts 54 counted phrases there, each read by hand and each a verb ("letters
# containing ...", "berths overlooking ..."). A hyphenated "storm-battered", "fish-eating" is an adjective
# and is kept, and so is a participle that opens the phrase ("two fishing boats").
_ING_RE = re.compile(r"[a-z]{3,}ing")
_PLURALS = {"people", "police", "children"}  # plurals without an "-s" ending, beside "-men" (grammar, not counts)
# "U.S.", "U.N.", "D.C.": letters and dots, which neither end a counted phrase nor a clause.
_INITIALISM_RE = re.compile(r"(?:[A-Za-z]\.){2,}")
_ABBREVIATION_RE = re.compile(rf"(?:{_ABBREVIATIONS})\.")


def _counted(after: str, *, single: bool = False) -> tuple[str | None, int]:
    """The noun phrase a number counts; returns it and its length in characters.  ``single``: the number is
    1, so a singular noun before "and"/"or" is what is counted ("1 Fresno chile or chili flakes")."""
    total = _TOTAL_LEAD_RE.match(after)
    if total:
        noun, noun_len = _counted(after[total.end() :], single=single)
        if noun:
            return noun, total.end() + noun_len
    words: list[str] = []
    ends: list[int] = []  # where each word of ``words`` ends
    end = 0
    pos = 0
    skipped_of = False
    for m in _WORD_RE.finditer(after):
        tok = m.group(0)
        low = tok.lower().rstrip(".")
        if not words and not skipped_of and low == "of":
            skipped_of = True  # "dozens of soldiers", "per cent of voters"
            continue
        if skipped_of and not words and low in _DETERMINERS:
            # "per cent of the world's inmates": after "of" a determiner opens the phrase
            words.append(tok)
            ends.append(m.end())
            continue
        if low in _PRONOUNS and (tok == "I" or not tok.isupper()):
            if (skipped_of and not words) or (words and words[-1].lower() == "of"):
                # "34 of them": the pronoun is all that is counted; "two videos of them" ends with it
                words.append(tok.rstrip("."))
                end = m.start() + len(words[-1])
            elif words and not single and low in _OBJECT_PRONOUNS and (low != "it" or not _plural(words[-1])):
                # "others battle it", "remaining opponents hit him": the word before an object pronoun is the
                # verb (or preposition) that takes it, not part of what is counted ("requests it received":
                # after a plural, "it" is a relative clause's subject and the plural is kept)
                words.pop()
                ends.pop()
                end = ends[-1] if ends else 0
            break
        if low in ("and", "or") and words and not single and not _plural(words[-1]) \
                and not any(w.lower() in _DETERMINERS or w.lower() == "of" for w in words):
            joined = _coordinated_modifiers(after[m.end() :])
            if joined:
                # "Democratic and Republican primary voters", "current and former aides": the words before
                # "and" modify the plural noun after it, which is what is counted
                words += [tok, *joined[0]]
                end = m.end() + joined[1]
            break
        if not tok[0].isalnum() or low in _STOP_AFTER or low in _VERBS or len(words) >= 5:
            break
        if low.endswith(("n't", "n’t")):
            break  # "three skippers don't want ...": a negated auxiliary (4 on PolNeAR train[:700], 2026-12-02)
        if words and low.endswith("ed") and len(low) > 4 and tok[0].islower():
            break
        if words and _ING_RE.fullmatch(tok) and _plural(words[-1]):
            break  # "states holding contests", "people living abroad": the participle is the verb
        if _INITIALISM_RE.fullmatch(tok):
            # "300 U.S. citizens": an initialism's dots belong to it and end no phrase before a lower-case
            # word (before a capital one they may end the sentence: "a 3.10 E.R.A. She ...")
            words.append(tok)
            end = m.end()
            ends.append(end)
            if re.match(r"\s+[a-z]", after[m.end() :]):
                continue
            break
        if words and tok.endswith((".",)) and not tok[:-1].isalpha():
            break
        words.append(tok.rstrip("."))
        # a dot after the last word ends the sentence, not the figure: the span stops before it, unless it is
        # an abbreviation's ("12 Kettle St. in ...")
        abbreviation = _ABBREVIATION_RE.fullmatch(tok)
        end = m.end() if abbreviation else m.start() + len(tok.rstrip("."))
        ends.append(end)
        pos += 1
        if tok.endswith("."):
            break
    if not words or words[-1].lower() in _DETERMINERS:
        return None, 0
    # A lone past participle is the verb, not the thing counted: "about 6,500 watched".
    # ("1,200 displaced residents" keeps it: a noun follows.) So is a lone present participle: "with
    # millions watching at home", "40,000 coming to the coast" ("two fishing boats" and "two fishing and
    # diving clubs" keep it).
    if len(words) == 1 and words[0].islower() and words[0].endswith("ed") and len(words[0]) > 4:
        return None, 0
    if len(words) == 1 and _ING_RE.fullmatch(words[0]) and not re.match(r"\s+(?:and|or|but)\b", after[end:]):
        return None, 0
    return " ".join(words), end


def _coordinated_modifiers(rest: str) -> tuple[list[str], int] | None:
    """The words after a counted phrase's "and"/"or" up to the plural noun they share with it, and their length
    in characters: "and Republican primary voters" -> (["Republican", "primary", "voters"], ...); None when no
    plural noun ends them within four words, or a number, a determiner, a verb or punctuation comes first.

    Counted on PolNeAR train[:700] (2026-12-02, session 10, lead): 32 figures of more than one whose counted
    phrase ended in a word that is no plural right before "and"/"or" with a word after it; 18 of them were
    modifiers coordinated before one plural noun ("Eleven progressive and Muslim organizations" counted
    `progressive`, "more than 30,000 combat and civilian deaths" `combat`), all 18 with the plural within four
    words; the other 14 (another clause, "a voter turnout", "Republican front-runner Donald Trump trying",
    "dead and wounded") have a determiner, a verb or no plural there and stay as they were.
    """
    words: list[str] = []
    found: tuple[list[str], int] | None = None
    for m in _WORD_RE.finditer(rest):
        tok = m.group(0)
        low = tok.lower().rstrip(".")
        if len(words) >= 4 or not tok[0].isalpha() or low in _STOP_AFTER or low in _VERBS \
                or low in _DETERMINERS or low in _WORDS or low == "one" or low in _PRONOUNS:
            break
        words.append(tok.rstrip("."))
        if _plural(low):
            # the last plural of the run is the head: "plainclothes police officers"
            found = (list(words), m.start() + len(words[-1]))
        if tok.endswith("."):
            break
    return found


def _plural(word: str) -> bool:
    """Whether a word looks like a plural noun ("states", "people", "businessmen"), by its ending."""
    low = word.lower()
    return (low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))) or low in _PLURALS \
        or low.endswith("men")


# "4-4", "11-2", "3–1": two numbers joined by a hyphen or an en dash alone (the second no larger: a split)
_SPLIT_RE = re.compile(r"\d+\s*[-\u2013]\s*\d+")
_SCALE_WORD_RE = re.compile(r"\d\s*(?:thousand|million|billion|trillion|mn|bn|tn)\b", re.IGNORECASE)


def _is_not_a_figure(text: str, m: re.Match[str], counted: str | None) -> bool:
    if m["num"]:
        raw = m["num"]
        digits = raw.replace(",", "").split(".")[0]
        before = text[max(0, m.start() - 12) : m.start()]
        after = text[m.end() : m.end() + 12]
        if len(digits) == 4 and "," not in raw and 1800 <= int(digits) <= 2100 and not m["cur"] and not m["pct"]:
            return True  # a year
        if _DATE_BEFORE_RE.search(before) or _DATE_AFTER_RE.match(after):
            return True  # part of a date
        if re.match(r"\s*(?::\d|[ap]\.?m\b)", after, re.IGNORECASE) or before.endswith(":"):
            return True  # a time
        if re.search(r"\b(?:aged|age)\s*$", before, re.IGNORECASE):
            return True  # an age, with or without a qualifier ("aged about 45")
        if re.search(r"\b(?:No\.?|number|page|p\.|Article|Section|Chapter|episode|room|route)\s*$", before,
                     re.IGNORECASE) and not (m["qual"] or m["cur"] or m["pct"]):
            # "Route 66", "room 12", "No. 5": a designation takes no qualifier, currency or percent sign, so
            # "secretly route at least $2.2 million" (a verb) and a poll's "No    58%" are figures. On PolNeAR
            # train[:700] and the English extraction pages (2026-12-02, session 11) 2 of the 46 numbers after
            # these words had one, both real figures; the other 44 are designations
            return True
        grouped = bool(re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+[ \u00a0]\d/\d{1,2}", raw))
        if grouped and re.search(r"\d[ \u00a0]$", text[: m.start()]):
            return True  # "0800 555 123": a phone number's groups, not thousands
        if re.search(r"\d[\s-]\d{3,}", text[m.start() : m.end() + 6]) and not m["num2"] and not grouped:
            return True  # phone-like digit groups
        if m["num2"] and re.fullmatch(r"\d{3,4}-\d{4}", text[m.start("num") : m.end("num2")]):
            return True  # "555-1234" is a phone number, not a range
        if re.match(r"-year-old|-year|\s*(?:st|nd|rd|th)\b", after, re.IGNORECASE):
            return True
        if m["num2"] and not (m["cur"] or m["cur2"] or m["pct"] or m["between"]) \
                and _SPLIT_RE.fullmatch(text, m.start("num"), m.end("num2")) \
                and _number(m["num2"]) <= _number(raw):
            # "a 4-4 ruling", "an 11-2 record", "won 3-1", "by 2-1": a vote split, a score or a ratio, not a
            # range from 11 down to 2 (37 such "N-M" on PolNeAR train[:700], 4 of them kept as ranges: 2 with a
            # noun, 2 ratios after a qualifier, "more than 2-1"; 76 on the English extraction pages, 17 kept:
            # sports scores and records, a "787-9" jet; the rest were dropped as bare numbers or dates;
            # 2026-12-02, session 10)
            return True
        big = _number(m["num2"] or raw) >= 1000 and ("," in raw + (m["num2"] or "") or grouped)
        # "45 million and 33 million, respectively", "averaged 114 million": the scale word makes it a
        # thousands figure as much as "33,000,000" would (27 of 556 numbers with a scale word were dropped on
        # PolNeAR train[:700], 25 of them read as real figures; 2026-12-02, session 10; "5m", "4k" stay
        # bare: metres, screen resolutions)
        big = big or _SCALE_WORD_RE.search(m.group(0)) is not None
        if not (m["cur"] or m["pct"] or counted or m["qual"] or big):
            # a bare number or range with nothing counted ("4 to 1", "a 4-4 ruling" aside) is a score,
            # a ratio or an age band, not a claim about the world; a written-out thousands figure
            # ("11 to 12,000 in total") is a count whose noun is in the context
            return True
    if counted and counted.split()[0].lower() in _DURATION_WORDS and not m["cur"]:
        return True
    # "the two countries" refers back; it does not count anything new.
    refers_back = re.search(r"\b(?:the|these|those|both|all)\s+$", text[: m.start()][-12:], re.IGNORECASE)
    if m["word"] and not counted and re.search(_SCALES_W, m["word"], re.IGNORECASE) and not refers_back:
        # "a thousand more were missing", "up to three thousand of them": a count whose noun is in the context
        return False
    return bool(m["word"] and (not counted or refers_back))


def _figure_at(text: str, m: re.Match[str]) -> Figure | None:
    qual = (m["qual"] or m["qual_w"] or "").lower() or None
    counted, counted_len = _counted(text[m.end() :], single=(m["num"] or "").strip() == "1" and not m["num2"])
    spelled_pct = _SPELLED_PCT_RE.match(text, m.end()) if m["word"] else None
    if spelled_pct:
        # "Twelve percent of voters": a spelled number is a percentage too
        noun, noun_len = _counted(text[spelled_pct.end() :])
        of = noun is not None and _OF_RE.match(text, spelled_pct.end()) is not None
        counted = f"per cent of {noun}" if of else "per cent"
        counted_len = spelled_pct.end() - m.end() + (noun_len if of else 0)
    if (m["vague"] and m["vague"].lower().endswith("s") and counted and _ING_RE.fullmatch(counted.split()[0])
            and not _OF_RE.match(text, m.end())):
        # a plural vague word names what it counts after "of" ("dozens of reporters"); a participle right after
        # it is its verb: "a staff of dozens writing for the site", "millions watching at home" ("several
        # leading skippers" counts its noun)
        counted, counted_len = None, 0
    counted_at = m.end()  # where what is counted was looked for
    tail = _TRAILING_BOUND_RE.match(text, m.end() + counted_len if counted else m.end())
    if tail and not counted:
        counted_at = tail.end()
        # "five or more people": what is counted comes after the bound
        counted, counted_len = _counted(text[tail.end() :])
        counted_len += tail.end() - m.end() if counted else 0
    collective = None
    if not counted and not (m["pct"] or m["cur"] or m["cur2"] or spelled_pct):
        collective = _collective_before(text, m.start())
        counted = _COLLECTIVES[collective["noun"].lower()] if collective else None  # the span does not grow
    if _is_not_a_figure(text, m, counted):
        return None
    value: float | None
    high: float | None = None
    bound: Bound = "exact"
    approximate = qual is not None
    if m["vague"]:
        low, up = _VAGUE[m["vague"].lower()]
        value, high, bound, approximate = float(low), float(up), "vague", True
    elif m["word"]:
        value, _ = _words_value(m["word"])
        if value is None:
            return None
    else:
        scale = _scale(text[m.start("num") + len(m["num"]) : (m.start("num2") if m["num2"] else m.end())]
                       .split("-")[0].split("–")[0].split(" to ")[0].split(" and ")[0])
        value = _scaled(m["num"], scale)
        if m["num2"]:
            scale2 = _scale(m["scale2"] or "") if m["scale2"] else scale
            high = _scaled(m["num2"], scale2)
            if scale == 1.0 and scale2 == 1.0 and value < 100 <= high and high >= 1000 and value * 1000 <= high * 2:
                value *= 1000  # "11 to 12,000": the first figure shares the second's thousands
            elif scale == 1.0 and scale2 > 1.0 and value < 1000 and value * scale2 <= high:
                value = _scaled(m["num"], scale2)  # "30 to 35 million": the first shares the second's scale
            bound = "range"
    if qual in _AT_LEAST:
        bound = "at_least"
    elif qual in _AT_MOST:
        bound = "at_most"
    if tail and bound == "exact":
        if tail["dir"].lower() == "so":
            approximate = True  # "$1 trillion or so"
        else:
            bound = "at_least" if tail["dir"].lower() in _MORE_WORDS else "at_most"
    pct_of = bool(m["pct"] and counted and _OF_RE.match(text, counted_at))
    if m["pct"]:
        counted = f"per cent of {counted}" if pct_of else "per cent"
    elif m["cur"] or m["cur2"]:
        counted = _CURRENCIES[m["cur"] or m["cur2"]]
    # the span runs over what is counted ("40 per cent of voters"), so the state starts after it
    end = (m.end() + counted_len if counted and not collective and (pct_of or not (m["pct"] or m["cur"]))
           else m.end())
    start = m.start()
    return Figure(
        text=text[start : spelled_pct.end() if spelled_pct else m.end()].strip(),
        value=value, value_high=high, approximate=approximate,
        bound=bound,
        counted=counted, span=Span(start, end, text[start:end]),
    )


def _date_in(clause: str) -> str | None:
    """An explicit full date in the clause, as ISO; dates without a year are left to ``published``."""
    for rx in _DATE_RES:
        m = rx.search(clause)
        if not m:
            continue
        month = int(m["m"]) if "m" in rx.groupindex else _MONTH_NUM.get(m["mon"][:3].lower())
        day, year = int(m["d"]), int(m["y"])
        if month and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _clause_after(text: str, pos: int, limit: int) -> str:
    rest = text[pos:limit]
    for m in _CLAUSE_END_RE.finditer(rest):
        if m.group(0)[0].isalpha():
            continue  # an initial's or an abbreviation's dot: the clause goes on
        return rest[: m.start()]
    return rest


# What a capitalised phrase after "in/at/from ..." is not: a place.  Counted over the 945 places the
# pattern gave on PolNeAR train[:700] (2026-12-01, scratch count): 123 were months or days ("in
# February"); 206 ran on into a lower-case word that the phrase only modifies ("the Iowa caucus", "the
# Pulse nightclub", "the Wirebridge News agency"), of which 25 of 30 read by hand were no place at all
# (5 were: "in New York watched", "in Cleveland if"; the list of words that may follow a place below
# keeps those); "according to X" names a source, not a place.
_NOT_PLACE_FIRST_RE = re.compile(
    r"(?:the\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday)\b\.?"
)
_PLACE_MAY_PRECEDE_RE = re.compile(
    r"(?:and|or|but|nor|on|in|at|to|for|of|with|by|from|said|says|was|were|is|are|has|have|had|that|who|"
    r"which|as|since|after|before|last|this|over|when|where|than|will|would|could|if|because|until|while|"
    r"so|then|\w+ly)\b|[^\w\s]|$"
)


def _a_place(m: re.Match[str], scope: str) -> bool:
    """Whether a match of ``_PLACE_RE`` in ``scope`` names where the counted things are."""
    if _SPEAKER_AT_RE.search(scope[: m.start()]) or re.search(r"\baccording\s+$", scope[: m.start()]):
        return False
    if _NOT_PLACE_FIRST_RE.match(m["place"]):
        return False
    rest = scope[m.end() :]
    if not rest.startswith(" ") or _PLACE_MAY_PRECEDE_RE.match(rest.lstrip()):
        return True
    # A verb after it ends the noun phrase: "40 families in New Carrow lost their homes".
    word = rest.split(maxsplit=1)[0].lower()
    return word in _VERBS or word.endswith("ed")


# An en or em dash that is no range's ("13–17"): a dash that opens or closes an aside.
_DASH_RE = re.compile(r"(?<!\d)[\u2013\u2014]|[\u2013\u2014](?!\d)")


def _describe(fig: Figure, text: str, sentence: tuple[int, int], shared: Mapping[int, int]) -> None:
    """Where, when and what the figure does (``state``); ``shared``: coordinated subjects' nouns (where each
    ends) -> where their shared predicate starts (``find_figures``)."""
    assert fig.span is not None
    clause = _clause_after(text, fig.span.end, sentence[1])
    before = text[sentence[0] : fig.span.start]
    place = next((p for p in _PLACE_RE.finditer(clause) if _a_place(p, clause)), None)
    place = place or next((p for p in _PLACE_RE.finditer(before[-80:]) if _a_place(p, before[-80:])), None)
    if place:
        fig.where = place["place"]
    state = clause.strip()
    in_total = _IN_TOTAL_RE.match(state)
    if in_total:  # "in total" says the figure is a whole, not what it does
        state = "" if in_total["closes"] is not None else state[in_total.end() :]
    state = _AUX_RE.sub("", state)
    tail = _TRAILING_BOUND_RE.match(" " + state)
    state = (" " + state)[tail.end() :].strip() if tail else state  # the bound is in ``bound`` already
    words = state.split()
    if state.startswith(","):
        # "a town of under 2,000, voted last", "more than 50 skippers, including ...": a comma right after
        # the figure closes its clause; what follows is an aside or another clause, not its predicate (on
        # PolNeAR train[:700], 2026-12-02: 385 of 4,114 states opened with a comma; of the 384 this changed,
        # all read by hand, about 10 were the figure's own predicate after an aside, "most, 56%, say ...",
        # and the rest an aside, a list's next item, a speech tag or another clause's predicate). The
        # state is then the governing verb or the irrealis lead-in, or unknown.
        words = []
    if state.startswith(("\u2013", "\u2014")) and len(_DASH_RE.findall(before)) % 2 == 0:
        # "more than 13 million votes — the most of any nominee", "$449,000 – was meant to raise eyebrows": a
        # dash right after the figure opens an aside or another clause, as a comma does (15 of the 29 states
        # that opened with a dash on PolNeAR train[:700], 2026-12-02, session 10, all read: appositions,
        # asides, other clauses, none the figure's own predicate). A figure that is itself between dashes
        # ("the vast majority – 55 percent – named Britain": the other 14, 5 with the figure's own predicate
        # after the closing dash, 2 a remark on it, 7 another clause) keeps its state.
        words = []
    if words and words[0].lower() in ("and", "or") and fig.span.end < shared.get(fig.span.end, -1) < sentence[1]:
        # "two vessels and a helicopter had joined the search": the figure's noun is a coordinated subject
        # (dependency parse: newsledger/analyze/shared_subjects.py), so the predicate after the coordination
        # is its own
        state = _AUX_RE.sub("", _clause_after(text, shared[fig.span.end], sentence[1]).strip())
        words = [] if state.startswith((",", "\u2013", "\u2014")) else state.split()
    if words and words[0].lower() in ("and", "or"):
        # "sent 3 boats and a helicopter to the scene", "20 percent and the prison population has gone down":
        # what follows the coordinator is another thing counted or another clause, never this figure's
        # predicate (203 of 4,117 states on PolNeAR train[:700] began so, 2026-12-01, lead; 40 read by hand,
        # none a predicate of the figure). Without it the state is the governing verb, or unknown.
        words = []
    shown = _SHOWN_RE.search(before[-80:])
    governing = _GOVERNING_RE.search(before[-40:])
    irrealis = _IRREALIS_RE.search(before[-40:])
    if shown:
        # "a video that purports to show dozens of X": the figure is what the medium shows.
        fig.state = f"shown in the {shown['medium'].lower()}"
    elif irrealis:
        lead = " ".join(irrealis.group(0).split())
        fig.state = " ".join([lead, *words[:6]]).rstrip(",")
    elif governing and governing["verb"].lower() not in _SPEECH_VERBS:
        # "had sent about 1,500 soldiers to Russia": the figure is the object; its verb comes first.
        fig.state = " ".join([governing["verb"], *words[:7]]).rstrip(",")
    elif words:
        fig.state = " ".join(words[:8]).rstrip(",")
    fig.when = _date_in(clause) or _date_in(before[-60:])


def _sentences(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in re.finditer(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z\"“])|\n\s*\n", text):
        out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _according_to(fig: Figure, attributions: Sequence[Attribution], part: str) -> str | None:
    assert fig.span is not None
    for a in attributions:
        if a.part != part:
            continue
        if any(p.start <= fig.span.start < p.end for p in a.pieces()):
            if a.speaker:
                return a.speaker
            return a.source.text if a.source else None
    return None


def _scan(text: str, attributions: Sequence[Attribution], sentences: Sequence[tuple[int, int]], part: Part,
          published: str | None, shared: Mapping[int, int] | None = None) -> list[Figure]:
    out: list[Figure] = []
    sentence_iter = list(sentences) or [(0, len(text))]
    for m in FIGURE_RE.finditer(text):
        fig = _figure_at(text, m)
        if fig is None or fig.span is None:
            continue
        sent = next((s for s in sentence_iter if s[0] <= fig.span.start < s[1]), (0, len(text)))
        _describe(fig, text, sent, shared or {})
        fig.according_to = _according_to(fig, attributions, part)
        fig.when = fig.when or published
        fig.part = part
        out.append(fig)
    return out


# What a count refers back to instead of naming: "three thousand of them", "11 to 12,000 in total".
_REFERS_BACK = {"them", "those", "these", "they", "of them", "the total"}


# How far back (in sentences) a count that names nothing may look for what it counts.  Chosen by
# counts over PolNeAR train (840 texts, 164 counts that inherited with no bound): of a sample of 30
# read by hand, 13 of 16 that inherited from the same or the previous sentence had the right noun,
# 2 of 14 from two or more sentences back ("at least 1,353" after "five states", "100,000 died" after
# "rebel fighters"). Unbounded, 40 of the 164 reached five or more sentences back. An unknown thing
# counted is shown as unspecified; a wrong one is quietly wrong in the ledger.
INHERIT_MAX_SENTENCES = 1


def _sentence_index(pos: int, sentences: Sequence[tuple[int, int]]) -> int:
    for i, (start, end) in enumerate(sentences):
        if start <= pos < end:
            return i
    return len(sentences)


def _sized_collective(f: Figure, text: str) -> bool:
    """Whether a figure is a collective's size ("a population of 54,300")."""
    return f.span is not None and _collective_before(text, f.span.start) is not None


def _inherit_counted(figures: list[Figure], sentences: Sequence[tuple[int, int]], text: str) -> None:
    """A count that names nothing ("a thousand more", "of them") counts what the count before it counted.

    Only plain counts inherit (not money or percentages), only from a count of the same kind, and only
    from the same or the previous sentence (``INHERIT_MAX_SENTENCES``; a count that inherited passes
    it on), so ``figures --about soldiers`` finds "up to three thousand of them" after "11,000 soldiers".
    A collective's size ("a population of over 2.6 million") passes nothing on: the count after it is of
    something else ("Lomar, with a population of over 2.6 million, had 1,797" burglaries, as the town
    before it had; the one such case in PolNeAR train[:700], 2026-12-02).
    """
    last: str | None = None
    last_at = 0
    last_value: float | None = None
    for f in figures:
        at = _sentence_index(f.span.start, sentences) if f.span is not None else len(sentences)
        plain = f.counted is None or f.counted.lower() in _REFERS_BACK
        if f.counted and _sized_collective(f, text):
            continue
        if f.counted and not plain and not f.counted.startswith("per cent") and f.counted not in _CURRENCY_NAMES:
            last, last_at, last_value = f.counted, at, f.value
        elif (plain and last and f.bound != "vague" and f.value is not None and f.value >= 10
              and at - last_at <= INHERIT_MAX_SENTENCES and _same_magnitude(f.value, last_value)):
            f.counted = last
            last_at = at


# How many times larger or smaller than the count that names its noun a count may be and still count the same
# things. Chosen on PolNeAR train[:700] (2026-12-02, session 11, in-sample): of the 101 counts that inherited a
# noun, 14 were 100 or more times the count before them or at most a hundredth of it, and 10 of those 14 took a
# wrong noun ("two Super Bowls, which averaged 114 million", "three stops, including ... a population under
# 500", "hundreds of golf courses ... a 150,000-square-foot center"); 4 of 6 were right between 20 and 100
# times, and most below 20 (the delegate tallies: "at least 501 delegates and Sanders at least 69").
INHERIT_MAX_RATIO = 100.0


def _same_magnitude(value: float, named: float | None) -> bool:
    """Whether a count that names nothing is near enough in size to the count that named the noun to share it."""
    if named is None or named <= 0 or value <= 0:
        return named is None
    return max(value, named) / min(value, named) < INHERIT_MAX_RATIO


def find_figures(
    text: str,
    attributions: Sequence[Attribution],
    *,
    sentences: Sequence[tuple[int, int]] | None = None,
    title: str | None = None,
    published: str | None = None,
    shared_predicates: Mapping[int, int] | None = None,
) -> list[Figure]:
    """Every figure in the body, then those of the title the body does not repeat.

    ``shared_predicates``: from the dependency parse, where a coordinated subject noun ends -> where its
    coordination ends ("two vessels and a helicopter had joined": the figure's state is "joined ..."); the
    analyze stage passes it (``newsledger.analyze.shared_subjects``); without it such a state is unknown.
    """
    sentences = sentences or _sentences(text)
    body = _scan(text, attributions, sentences, "body", published, shared_predicates)
    _inherit_counted(body, sentences, text)
    if not title:
        return body
    in_body = {(f.value, f.value_high) for f in body}
    heads = [f for f in _scan(title, attributions, [(0, len(title))], "title", published)
             if (f.value, f.value_high) not in in_body]
    return body + heads
