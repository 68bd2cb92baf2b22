"""Who a source is: one canonical name per speaker across the article.

People come from spaCy's PERSON entities; a later mention by surname, by
title and surname ("Dr Boichak") or by pronoun resolves to the full name.
Organisations come from ORG entities (with their possessor: "Ukraine's
Center for ..."), and a definite description ("the centre") resolves to the
last organisation whose name has that head noun.  Descriptions are gathered
from every mention: appositions, "who is ..." clauses, possessors and the
title words before a name ("Russian President").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from newsledger.analyze.cues import PRONOUNS_GROUP, PRONOUNS_PERSON, PRONOUNS_SELF, TITLES
from newsledger.analyze.furniture import is_place_name

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SpeakerKind = Literal["person", "organisation", "group", "document"]

# British and American spellings of the head nouns of organisation names.
_SPELLINGS = {"centre": "center", "programme": "program", "defence": "defense", "organisation": "organization"}


def _norm_word(word: str) -> str:
    w = word.lower().strip(".")
    return _SPELLINGS.get(w, w)


@dataclass(slots=True)
class Entry:
    name: str
    kind: SpeakerKind
    title: str | None = None
    descriptions: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    tokens: tuple[str, ...] = ()

    def add_description(self, d: str) -> None:
        d = d.strip(" ,;:—–-")
        if d and d not in self.descriptions and d != self.name:
            self.descriptions.append(d)


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _text(doc: Doc, lo: int, hi: int, *, keep_det: bool = False) -> str:
    """Text of tokens [lo, hi) with edge punctuation removed."""
    while lo < hi and (doc[lo].is_punct or (doc[lo].dep_ == "det" and not keep_det)):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].dep_ == "case"):
        hi -= 1
    if hi <= lo:
        return ""
    return _strip_possessive(str(doc[lo:hi].text))


_NOT_PEOPLE = frozenset({"NORP", "DATE", "EVENT", "LAW", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL"})

# Words that make a capitalised name an organisation rather than a person;
# the small model's NER often mislabels unfamiliar names either way.
ORG_WORDS = frozenset(
    [
        "press",
        "house",
        "times",
        "news",
        "post",
        "journal",
        "network",
        "party",
        "department",
        "office",
        "committee",
        "commission",
        "court",
        "council",
        "agency",
        "authority",
        "institute",
        "university",
        "college",
        "school",
        "service",
        "ministry",
        "bureau",
        "foundation",
        "association",
        "union",
        "bank",
        "fund",
        "company",
        "corp",
        "corporation",
        "inc",
        "ltd",
        "group",
        "center",
        "centre",
        "campaign",
        "administration",
        "senate",
        "congress",
        "parliament",
        "board",
        "police",
        "army",
        "navy",
        "force",
        "forces",
        "organization",
        "organisation",
        "federation",
        "coalition",
        "alliance",
        "club",
        "church",
        "hospital",
        "radio",
        "tv",
        "television",
        "magazine",
        "review",
        "ledger",
        "gazette",
        "herald",
        "tribune",
        "daily",
        "weekly",
        "reuters",
        "cnn",
        "bbc",
        "government",
        "cabinet",
        "secretariat",
        "assembly",
        "team",
        "airlines",
        "industries",
        "trust",
        "society",
        "initiative",
        "project",
        "program",
        "programme",
    ]
)


# Head nouns of a common-noun mention that names a body, not a person ("the
# regional emergency office", "the ministry"): such a mention is an
# organisation.  From counts (scripts/count_speaker_heads.py over PolNeAR train
# less its guard slice: 700 articles, the 10,688 paragraphs holding a gold
# source; 2026-12-01): the head lemmas of spaCy ORG entities seen at least 5
# times as an ORG head, heading a PERSON (or a gold source naming a person) at
# most a fifth as often, and as an ORG head at least a tenth as often as
# written as a lower-case noun (else the word mostly means something else:
# "time" 5 ORG heads, 683 nouns).  That gives 61 words; dropped by hand are
# the ones whose lower-case use is not a body ("act", "apple", "capital",
# "census", "crew", "defense", "fed", "front", "guardian", "hill", "journal",
# "national", "news", "politics", "post", "press", "project", "research",
# "reserve", "review", "today", "watch", "channel", and "politico", a name).  Counts as ORG
# head/person/lower-case noun, e.g. department 239/0/36, committee 120/0/103,
# office 34/0/124, council 38/0/10, agency 9/1/63, ministry 5/0/1 (a US
# corpus: few ministries).  Not in: "company" 0/1/254, "government" 1/2/317,
# "police" 0/0/98 (spaCy does not head ORG names with them).
ORG_HEADS = frozenset(
    [
        "agency",
        "army",
        "association",
        "bank",
        "bureau",
        "caucus",
        "center",
        "church",
        "club",
        "coalition",
        "college",
        "commission",
        "committee",
        "convention",
        "corporation",
        "council",
        "court",
        "department",
        "federation",
        "foundation",
        "fund",
        "house",
        "institute",
        "institution",
        "league",
        "ministry",
        "museum",
        "office",
        "organization",
        "parliament",
        "partnership",
        "party",
        "school",
        "service",
        "state",
        "union",
        "university",
    ]
)

# Head nouns of a source that carries what someone said ("figures from the
# agency", "a report by the council"): with "from/by X" the speaker is X.
# From the same counts: heads of gold Source spans followed by from/by/of at
# least twice, or any lower-case noun followed by from/by/of a name (proper
# noun, PERSON or ORG) at least 3 times, kept where the noun carries content
# (not quantities: "percent" 40, "number" 19, "majority" 17, nor people:
# "member" 17, "secretary" 11).  Gold-source/after-a-name counts: result 16/2,
# poll 12/9, study 11/7, survey 8/3, report 6/7, analysis 6/3, data 2/5,
# record 1/4, statement 1/4, document 1/3.  "figure", "estimate", "statistic"
# are issue #20's words, too rare in PolNeAR to count (figure 0/1): not
# count-backed.  "of" is not taken: in PolNeAR train "<noun> of <Name>" names
# what the thing is about ("footage of Trump", "a poll of New Hampshire
# voters": 25 of 30 by grep), "from/by <Name>" who made it (34).
INFO_HEADS = frozenset(
    [
        "analysis",
        "count",
        "data",
        "document",
        "email",
        "estimate",
        "evidence",
        "figure",
        "footage",
        "letter",
        "poll",
        "polling",
        "projection",
        "record",
        "report",
        "result",
        "review",
        "statement",
        "statistic",
        "study",
        "survey",
        "transcript",
        "video",
    ]
)


# Singular head nouns of a common-noun source that name a body, not a person,
# beyond ORG_HEADS (which spaCy's ORG names decide): "the company", "the
# campaign", "the government".  From the heads of gold Source spans in PolNeAR
# train less its guard slice (`source` counts of scripts/count_speaker_heads.py,
# 2026-12-01; the same floor of 5 as ORG_HEADS): every head seen at least 5
# times, read by hand, kept when it names an institution.  Counts: campaign 186,
# company 31, administration 28, team 26, government 19, board 15, newspaper 10,
# network 9, camp 8 ("the Clinton camp"), website 8, authority 8, country 8,
# panel 6, establishment 6, firm 6, outlet 5, paper 5, district 5, leadership 5.
# Before, each was stored as a person.
BODY_HEADS = frozenset(
    [
        "administration",
        "authority",
        "board",
        "camp",
        "campaign",
        "company",
        "country",
        "district",
        "establishment",
        "firm",
        "government",
        "leadership",
        "network",
        "newspaper",
        "outlet",
        "panel",
        "paper",
        "team",
        "website",
    ]
)

# Singular heads of a source that name people together, from the same count:
# group 73, media 11, crowd 9, family 8, audience 7, staff 6, base 5.  A group.
COLLECTIVE_HEADS = frozenset(["audience", "base", "crowd", "family", "group", "media", "staff"])

# Singular heads of a source that name a text, a recording or a count, when no
# maker is named ("a new poll found ...", "the lawsuit says ..."): a document.
# INFO_HEADS, and from the same count: ad 19, lawsuit 12, message 11, filing 11,
# page 10, book 9, article 7, tweet 6, investigation 5, research 5.
DOCUMENT_HEADS = INFO_HEADS | frozenset(
    ["ad", "article", "book", "filing", "investigation", "lawsuit", "message", "page", "research", "tweet"]
)


def _head_lemma(tok: Token) -> str:
    return _norm_word(tok.lemma_ or tok.text)


# Offices written before a name ("Russian President Vladimir Putin"): part
# of the description, not of the name.
ROLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "senator",
        "sen",
        "rep",
        "representative",
        "governor",
        "gov",
        "secretary",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "chief",
        "general",
        "gen",
        "col",
        "capt",
        "sgt",
        "lt",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "judge",
        "justice",
        "mayor",
        "ambassador",
        "commissioner",
        "speaker",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "premier",
        "chancellor",
        "candidate",
        "nominee",
        "councillor",
        "councilor",
        "officer",
        "attorney",
        "professor",
        "prof",
        "dr",
        "mr",
        "mrs",
        "ms",
        "sir",
        "lord",
        "lady",
        "captain",
        "harbourmaster",
        "harbormaster",
        "coach",
        "manager",
        "skipper",
        "commander",
        "inspector",
        "superintendent",
        "sergeant",
        "constable",
        "detective",
        "warden",
        "ranger",
    ]
)


def _is_role(word: str) -> bool:
    return word in TITLES or word.lower().rstrip(".") in ROLE_WORDS


def _name_range(tok: Token) -> tuple[int, int]:
    """The run of proper-noun compounds ending at ``tok`` ("Kim Jong Un")."""
    doc = tok.doc
    start = tok.i
    while start > 0:
        prev = doc[start - 1]
        if prev.text in ("-", "‐") and not prev.whitespace_ and start > 1 and doc[start - 2].pos_ == "PROPN":
            start -= 2  # a double-barrelled name: "Lindqvist-Obuya"
            continue
        if prev.pos_ == "PROPN" and not _is_role(prev.text) and prev.dep_ in ("compound", "flat", "punct"):
            start -= 1
            continue
        break
    return start, tok.i + 1


def _ent_at(tok: Token) -> Span | None:
    ents = tok.doc.ents
    return next((e for e in ents if e.start <= tok.i < e.end), None)


def is_org_name(words: list[str]) -> bool:
    return any(_norm_word(w) in ORG_WORDS for w in words)


def person_at(root: Token | None, lo: int | None = None, hi: int | None = None) -> tuple[int, int] | None:
    """Token range of the person named by a source (its head, an apposition,
    or else the first person named within tokens [lo, hi)), title excluded."""
    if root is None:
        return None
    doc = root.doc
    heads = [root, *(c for c in root.children if c.dep_ == "appos")]
    if lo is not None and hi is not None:
        heads += [doc[e.end - 1] for e in doc.ents if e.label_ == "PERSON" and lo <= e.start and e.end <= hi]
    for tok in heads:
        if tok.pos_ != "PROPN" and tok.ent_type_ != "PERSON":
            continue
        ent = _ent_at(tok)
        if ent is not None and ent.label_ == "PERSON":
            start, end = ent.start, ent.end
        else:
            start, end = _name_range(tok)
        while start < end and (doc[start].text in TITLES or doc[start].pos_ == "DET"):
            start += 1
        # An office or role written before the name ("Harbourmaster Joel
        # Takarua"): a description (or title), not part of the name.
        while end - start >= 2 and _is_role(doc[start].text):
            start += 1
        while end > start and doc[end - 1].dep_ == "case":
            end -= 1
        if start >= end:
            continue
        words = str(doc[start:end].text).split()
        titled = start > 0 and doc[start - 1].text in TITLES
        label = ent.label_ if ent is not None else ""
        if is_org_name(words) or label in _NOT_PEOPLE:
            continue
        if label == "PERSON" or titled or (len(words) >= 2 and all(w[:1].isupper() for w in words)):
            return start, end
    return None


def _possessed_name(root: Token) -> tuple[int, int] | None:
    """A person named after a possessor somewhere in a long source.

    "[A new chapter ...] University of Sydney's Olga Boichak, who ...": when a
    heading glued to the paragraph makes the parser pick the wrong head, the
    person is still the proper-noun run right after "'s".
    """
    toks = list(root.subtree)
    for i, tok in enumerate(toks):
        if tok.text not in ("'s", "’s") or tok.dep_ != "case":
            continue
        j = i + 1
        while j < len(toks) and toks[j].pos_ == "PROPN" and toks[j].i == toks[j - 1].i + 1:
            j += 1
        if j - (i + 1) >= 2:
            words = [t.text for t in toks[i + 1 : j]]
            if not is_org_name(words):
                return toks[i + 1].i, toks[j - 1].i + 1
    return None


def org_at(root: Token) -> str | None:
    """The organisation a source names, with its possessor ("Ukraine's Center ...")."""
    if root.pos_ != "PROPN" and root.ent_type_ != "ORG":
        return None
    doc = root.doc
    ent = _ent_at(root)
    if ent is not None and ent.label_ in ("GPE", "NORP", "LOC") and ent.end - ent.start == 1:
        return None
    start, end = (ent.start, ent.end) if ent is not None else _name_range(root)
    if ent is None:
        # "Center for Strategic Communications": the name runs on through "for/of" + name.
        for child in root.children:
            if child.dep_ == "prep" and child.i == end and child.lower_ in ("for", "of", "on"):
                pobj = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None)
                if pobj is not None:
                    stop = next((t.i for t in doc[child.i : pobj.right_edge.i + 1] if t.text in ",;("), None)
                    end = stop if stop is not None else pobj.right_edge.i + 1
    poss = [c for c in root.children if c.dep_ == "poss" and c.i < start]
    if poss:
        start = min(c.left_edge.i for c in poss)
    name = _text(doc, start, end)
    return name or None


def describe(root: Token, ent_start: int, ent_end: int) -> list[str]:
    """Descriptions of the name whose head is ``root`` (entity tokens [start, end))."""
    doc = root.doc
    out: list[str] = []
    left = [
        c
        for c in root.children
        if c.i < ent_start and c.dep_ in ("poss", "compound", "amod", "nmod") and c.text not in TITLES
    ]
    if left:
        lo = min(c.left_edge.i for c in left)
        if ent_start - lo <= 8:
            out.append(_text(doc, lo, ent_start))
    for child in root.children:
        if child.dep_ == "appos" and child.i > root.i:
            out.append(_text(doc, child.left_edge.i, child.right_edge.i + 1, keep_det=True))
        elif child.dep_ == "relcl":
            attr = next((c for c in child.children if c.dep_ == "attr"), None)
            if child.lemma_ == "be" and attr is not None:
                out.append(_text(doc, attr.left_edge.i, attr.right_edge.i + 1, keep_det=True))
            else:
                lo = child.left_edge.i
                while lo <= child.right_edge.i and doc[lo].lower_ in ("who", "which", "that", ","):
                    lo += 1
                out.append(_text(doc, lo, child.right_edge.i + 1))
    if root.dep_ == "appos" and root.head.i < root.i:
        head = root.head
        out.append(_text(doc, head.left_edge.i, root.left_edge.i, keep_det=True))
    return [d for d in out if d and len(d.split()) <= 14]


_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_TITLE_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "lady": "f", "dame": "f"}
_DESCRIPTION_GENDER = {"spokesman": "m", "chairman": "m", "father": "m", "son": "m", "husband": "m", "brother": "m",
                       "man": "m", "spokeswoman": "f", "chairwoman": "f", "mother": "f", "daughter": "f",
                       "wife": "f", "sister": "f", "woman": "f"}


@lru_cache(maxsize=1)
def _name_genders() -> Any:
    """gender-guesser's first-name lexicon (about 40,000 names from many countries), or None."""
    try:
        import gender_guesser.detector as detector
    except ImportError:
        return None
    return detector.Detector(case_sensitive=False)


def gender_of(entry: Entry) -> str | None:
    """"m", "f" or None (unknown) for a person: title, then description words, then the first name."""
    if entry.kind != "person":
        return None
    if entry.title and entry.title.lower().rstrip(".") in _TITLE_GENDER:
        return _TITLE_GENDER[entry.title.lower().rstrip(".")]
    for d in entry.descriptions:
        for w in d.lower().split():
            if w in _DESCRIPTION_GENDER:
                return _DESCRIPTION_GENDER[w]
    words = entry.name.split()
    detector = _name_genders()
    if len(words) < 2 or detector is None:
        return None
    guess = detector.get_gender(words[0])
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(guess)


def common_noun_kind(root: Token) -> SpeakerKind:
    """The kind of speaker a description names by its head noun.

    "the regional emergency office", "the company": an organisation; "a new poll" with no maker
    named: a document; "the crowd" or any plural: a group; anything else ("the driver") a person.
    A plural ("many colleges", "27 states") stays a group: the counts are of singular heads.
    """
    if root.tag_ in ("NNS", "NNPS"):
        return "group"
    lemma = _head_lemma(root)
    if root.tag_ == "NN":
        if lemma in ORG_HEADS or lemma in BODY_HEADS:
            return "organisation"
        if lemma in DOCUMENT_HEADS:
            return "document"
        if lemma in COLLECTIVE_HEADS:
            return "group"
    return "person"


def _named_as_organisation(name_head: Token, first_word: str) -> bool:
    """Whether a name's apposition calls it an organisation: "the contractor, Brennick Civil",
    "Democracy Corps, the Democratic polling firm". A run of capitalised words is read as a person's
    name unless something says otherwise; an appositive noun whose head is an organisation word
    (`common_noun_kind`) does. Singular heads only ("the firms, X and Y" say nothing of X)."""
    partner = name_head.head if name_head.dep_ == "appos" else next(
        (c for c in name_head.children if c.dep_ == "appos"), None)
    if not (partner is not None and partner is not name_head and partner.pos_ == "NOUN"
            and common_noun_kind(partner) == "organisation"):
        return False
    # A misattached apposition must not turn a person into a body ("Donald J. Trump, the country's ...",
    # "Mujtaba Rahman, of Eurasia Group, a ... company"): a name opening with a known first name stays a person.
    detector = _name_genders()
    return not (detector is not None and detector.get_gender(first_word) != "unknown")


class Registry:
    """Speakers of one article, in order of first appearance."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self._by_name: dict[str, Entry] = {}
        self.last_person: Entry | None = None
        self.last_group: Entry | None = None
        # the last organisation or document that spoke: what "it" refers to ("It said ...")
        self.last_body: Entry | None = None
        # people in the order they were last named, for pronouns whose gender rules out last_person
        self.recent_people: list[Entry] = []

    def _seen_person(self, entry: Entry) -> None:
        if self.recent_people and self.recent_people[-1] is entry:
            return
        if entry in self.recent_people:
            self.recent_people.remove(entry)
        self.recent_people.append(entry)

    def _pronoun(self, word: str) -> Entry | None:
        """The person a "he"/"she" refers to: the last speaker, unless their gender rules them out."""
        want = _PRONOUN_GENDER.get(word)
        last = self.last_person
        if want is None or last is None or gender_of(last) in (None, want):
            return last
        for e in reversed(self.recent_people):
            if e is not last and gender_of(e) == want:
                return e
        return None

    # -- building ---------------------------------------------------------

    def _get(self, name: str, kind: SpeakerKind) -> Entry:
        e = self._by_name.get(name)
        if e is None:
            e = Entry(name=name, kind=kind, tokens=tuple(_norm_word(w) for w in name.split()))
            self._by_name[name] = e
            self.entries.append(e)
        return e

    def _person_name(self, ent: Span) -> tuple[str, str | None]:
        words = [w for w in _strip_possessive(ent.text).split()]
        title = None
        while words and words[0] in TITLES:
            title = words.pop(0).rstrip(".")
        return " ".join(words), title

    def find_person(self, words: list[str]) -> Entry | None:
        """The full-named person a (partial) name refers to: surname first."""
        if not words:
            return None
        key = tuple(_norm_word(w) for w in words)
        cands = [e for e in self.entries if e.kind == "person" and len(e.tokens) >= len(key)]
        for e in reversed(cands):
            if e.tokens[-len(key) :] == key:
                return e
        for e in reversed(cands):
            if e.tokens[: len(key)] == key:
                return e
        return None

    def see_doc(self, doc: Doc) -> None:
        """Register every named person and organisation of a paragraph."""
        from spacy.symbols import PROPN

        # Only proper nouns matter: pick them from the Doc's arrays instead of
        # building a Token for every word.
        for i in (doc.to_array("POS") == PROPN).nonzero()[0]:
            tok = doc[int(i)]
            if (
                tok.i + 1 < len(doc) and doc[tok.i + 1].dep_ in ("compound", "flat") and doc[tok.i + 1].pos_ == "PROPN"
            ):
                continue  # only the last word of a name
            person = person_at(tok)
            if person is not None and person[1] == tok.i + 1:
                words = _strip_possessive(str(doc[person[0] : person[1]].text)).split()
                if _named_as_organisation(tok, words[0]):
                    org_entry = self._get(" ".join(words), "organisation")
                    for d in describe(tok, person[0], person[1]):
                        org_entry.add_description(d)
                    continue
                entry = self.find_person(words) if len(words) == 1 else None
                if entry is None and len(words) >= 2:
                    entry = self._get(" ".join(words), "person")
                if entry is None:
                    continue
                self._seen_person(entry)
                if person[0] > 0 and doc[person[0] - 1].text in TITLES and entry.title is None:
                    entry.title = doc[person[0] - 1].text.rstrip(".")
                for d in describe(tok, person[0], person[1]):
                    entry.add_description(d)
                continue
            org = org_at(tok)
            if org is not None and (tok.ent_type_ == "ORG" or is_org_name(org.split())):
                if org.lower().startswith("the "):
                    org = org[4:]
                if not any(e.kind == "organisation" and org in e.name for e in self.entries):
                    self._get(org, "organisation")

    # -- resolving ---------------------------------------------------------

    def resolve(
        self, root: Token | None, mention: str, *, lo: int | None = None, hi: int | None = None
    ) -> Entry | None:
        """The speaker a source mention refers to, registering it if new."""
        if root is None or not mention or is_place_name(mention):
            return None
        low = root.lower_
        if low in PRONOUNS_PERSON:
            return self._pronoun(low)
        if low in PRONOUNS_GROUP:
            return self.last_group
        if low == "it":
            return self.last_body
        if low in ("you", "yourself", "yourselves"):
            return None  # whoever is addressed: no one the text names
        if low in PRONOUNS_SELF:
            return None
        doc = root.doc
        person = person_at(root, lo, hi)
        if person is not None:
            words = _strip_possessive(str(doc[person[0] : person[1]].text)).split()
            if _named_as_organisation(doc[person[1] - 1], words[0]):
                entry = self._get(" ".join(words), "organisation")
                self._note(entry, mention)
                return entry
            entry = self.find_person(words) or self._get(" ".join(words), "person")
            if person[0] > 0 and doc[person[0] - 1].text in TITLES and entry.title is None:
                entry.title = doc[person[0] - 1].text.rstrip(".")
            self._note(entry, mention)
            return entry
        if (root.pos_ == "PROPN" or (root.pos_ == "NOUN" and root.text[:1].isupper())) and root.ent_type_ in (
            "",
            "PERSON",
        ):
            # A bare surname of someone named in full earlier ("Trump said").
            known = self.find_person([root.text])
            if known is not None:
                self._note(known, mention)
                return known
        named = _possessed_name(root)
        if named is not None:
            words = str(doc[named[0] : named[1]].text).split()
            entry = self.find_person(words) or self._get(" ".join(words), "person")
            self._note(entry, mention)
            return entry
        source = self._source_of_info(root)
        if source is not None:
            return source
        org = org_at(root)
        if org is not None:
            for e in self.entries:
                # Only names ("Harwick Foods") are looked into, not descriptions ("her campaign and ...").
                if e.kind == "organisation" and e.name[:1].isupper() and (org in e.name or e.name in org):
                    self._note(e, mention)
                    return e
            entry = self._get(org, "organisation")
            self._note(entry, mention)
            return entry
        # "The centre": the last organisation with that head noun.
        has_det = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in root.children)
        # Not "the Jeb Bush campaign": a name in front says which one it is.
        named_by = any(c.dep_ in ("compound", "poss", "nmod") and c.i < root.i for c in root.children)
        if has_det and root.pos_ == "NOUN" and not named_by:
            head = _norm_word(root.text)
            for e in reversed(self.entries):
                if e.kind == "organisation" and head in e.tokens:
                    self._note(e, mention)
                    return e
        kind = common_noun_kind(root)
        entry = self._get(mention, kind)
        self._note(entry, mention)
        return entry

    def _source_of_info(self, root: Token) -> Entry | None:
        """X of "figures from X", "a report by X": the body or person behind an information noun.

        The mention itself (the whole phrase) stays the source text; only X is
        noted as a name of the speaker.  X must name someone: a proper noun, a
        PERSON/ORG entity or an organisation head noun ("data from the
        ministry"), not "reports from the scene" nor "figures from 2020".
        """
        if root.pos_ != "NOUN" or _head_lemma(root) not in INFO_HEADS:
            return None
        for prep in root.children:
            if prep.dep_ != "prep" or prep.i < root.i or prep.lower_ not in ("from", "by"):
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if not (
                pobj.pos_ == "PROPN"
                or pobj.ent_type_ in ("PERSON", "ORG")
                or (pobj.pos_ == "NOUN" and _head_lemma(pobj) in ORG_HEADS)
            ):
                continue
            lo, hi = pobj.left_edge.i, pobj.right_edge.i + 1
            # "the Wirebridge News agency" -> "Wirebridge News agency" (a name: it becomes an entity);
            # "the ministry" keeps its "the" like any other description.
            named = any(t.pos_ == "PROPN" for t in root.doc[lo:hi])
            inner = _text(root.doc, lo, hi, keep_det=not named)
            if inner:
                return self.resolve(pobj, inner, lo=lo, hi=hi)
        return None

    def _note(self, entry: Entry, mention: str) -> None:
        if mention not in entry.mentions:
            entry.mentions.append(mention)

    def spoke(self, entry: Entry) -> None:
        if entry.kind == "person":
            self.last_person = entry
            self._seen_person(entry)
        else:
            self.last_group = entry
            if entry.kind in ("organisation", "document"):
                self.last_body = entry
