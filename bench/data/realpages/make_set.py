"""Writes the real-shaped page set (``pages/*.txt``) and its gold (``gold.json``).

Everything here is fiction written for newsledger: the outlets, people, places
and numbers do not exist.  The shapes are those issue #16 lists from real
scraped pages (site headers with the temperature, image alt text "... cropped
square", video teasers, wire credits, the four date shapes, furniture lines,
aliases of one speaker, number words, space-grouped thousands, scores).

Eight stories, each published by five outlets in a different page shape: 40
pages.  Stories 0-3 (pages 01-20) are the ``tune`` split, the rules were
written while looking at them; stories 4-7 (pages 21-40) are ``held``: the
rules were not tuned on them and they are only scored.  Shapes are assigned
round-robin, so every shape occurs in both splits.

Run ``python bench/data/realpages/make_set.py`` to rewrite the files; the
output is deterministic.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# -- entities: canonical name -> aliases written in the stories ---------------------------------
ENTITIES: dict[str, dict[str, Any]] = {
    "Marten Hollis": {"kind": "person", "gender": "m"},
    "Orvik Intelligence Service": {"kind": "organisation"},
    "Kyrylo Vantsenko": {"kind": "person", "gender": "m"},
    "Ilse Marrow": {"kind": "person", "gender": "f"},
    "Peter Zalmon": {"kind": "person", "gender": "m"},
    "Dalmar Defence Ministry": {"kind": "organisation"},
    "Anouk Reyes": {"kind": "person", "gender": "f"},
    "Tobias Fenwright": {"kind": "person", "gender": "m"},
    "Castellan Red Cross": {"kind": "organisation"},
    "Greta Solheim": {"kind": "person", "gender": "f"},
    "Omari Dendale": {"kind": "person", "gender": "m"},
    "Lenka Pavlisova": {"kind": "person", "gender": "f"},
}


@dataclass
class Story:
    title: str
    paragraphs: list[str]
    # (mention as written, canonical entity) for every named speaker mention of a quote
    speakers: list[tuple[str, str]]
    # value, value_high or None, counted noun (a word it must contain) or None, source entity or None
    figures: list[tuple[float, float | None, str | None, str | None]]
    # values that must not come out as figures (a misread number)
    not_figures: list[float] = field(default_factory=list)
    # hedges: (a substring of the sentence, expected hedge)
    hedges: list[tuple[str, str]] = field(default_factory=list)
    dateline_place: str = "CASTELLAN, Orvik"
    lede_alt: str = ""  # image alt text for the "cropped square" shape
    teaser: str = ""  # video teaser line


STORIES: list[Story] = [
    Story(
        title="Orvik troops seen moving toward the Dalmar border, Hollis says",
        paragraphs=[
            "Orvik has moved about 11 000 soldiers to the eastern Dalmar border in the past month, "
            "National Security Communications Adviser Marten Hollis said on Thursday.",
            "\"We are watching this very closely and we are not going to be surprised,\" Hollis told reporters "
            "at the White Pavilion.",
            "Marten J. Hollis added that up to three thousand of them had already crossed into Dalmar Oblast.",
            "Castellan's spy agency said in a briefing that 2 600 troops were being trained near Castellan. "
            "The Orvik Intelligence Service did not say how it had counted them.",
            "The agency said the soldiers carried new rifles. The Associated Press could not immediately verify "
            "the figures.",
            "\"They are not ready for a winter campaign,\" Hollis said.",
        ],
        speakers=[("Marten Hollis", "Marten Hollis"), ("Hollis", "Marten Hollis"),
                  ("Marten J. Hollis", "Marten Hollis"), ("Castellan's spy agency", "Orvik Intelligence Service")],
        figures=[(11000, None, "soldiers", "Marten Hollis"), (3000, None, None, "Marten Hollis"),
                 (2600, None, "troops", "Orvik Intelligence Service")],
        not_figures=[0, 600],
        hedges=[("could not immediately verify", "unverified")],
        lede_alt="Marten Hollis speaks to reporters in Castellan cropped square",
        teaser="WATCH: Hollis on the Dalmar border build-up (2:14)",
    ),
    Story(
        title="Intelligence agency says ten thousand recruits trained in Orvik camps",
        paragraphs=[
            "Orvik's intelligence agency said on Friday that ten thousand recruits had finished "
            "training in camps near Castellan.",
            "\"The recruits are being issued uniforms and forged papers,\" the Orvik Intelligence Service said "
            "in a statement.",
            "Kyrylo Vantsenko, the head of Dalmar's military intelligence, said the first units would reach "
            "the front within two weeks. \"They will be thrown into the fighting,\" Vantsenko said.",
            "Kirill Vantsenko has said before that Three hundred soldiers deserted in the first week.",
            "A video that appears to show the recruits marching was posted online on Friday. Its origin "
            "could not be authenticated.",
            "Half of the 40 boats sank in the harbour during the storm, the agency said.",
        ],
        speakers=[("Orvik's intelligence agency", "Orvik Intelligence Service"),
                  ("Orvik Intelligence Service", "Orvik Intelligence Service"),
                  ("Kyrylo Vantsenko", "Kyrylo Vantsenko"), ("Vantsenko", "Kyrylo Vantsenko"),
                  ("Kirill Vantsenko", "Kyrylo Vantsenko")],
        figures=[(10000, None, "recruits", "Orvik Intelligence Service"),
                 (300, None, "soldiers", "Kyrylo Vantsenko"),
                 (40, None, "boats", "Orvik Intelligence Service")],
        not_figures=[3, 100, 10],
        hedges=[("appears to show", "alleged"), ("could not be authenticated", "unverified")],
        lede_alt="Recruits at a camp near Castellan cropped square",
        teaser="VIDEO: Inside the Castellan training camps",
    ),
    Story(
        title="Peter Zalmon warns the Dalmar talks are close to collapse",
        paragraphs=[
            "Peter Zalmon, a political analyst at the Harbour Institute, said the talks between Orvik and "
            "Dalmar were close to collapse after a 2 1/2-year war.",
            "\"Nobody at the table trusts anyone else,\" Zalmon said. Ilse Marrow, a former envoy, disagreed.",
            "\"There is still room for a deal,\" she said.",
            "Marrow said Twenty-five people had been freed in the last prisoner exchange.",
            "The Dalmar Defence Ministry said it had not been able to independently confirm reports of a new "
            "offensive, and it denied that its drones had struck a market.",
            "Dalmar beat Orvik 2-1 in a friendly football match in Castellan on Sunday.",
        ],
        speakers=[("Peter Zalmon", "Peter Zalmon"), ("Zalmon", "Peter Zalmon"), ("Ilse Marrow", "Ilse Marrow"),
                  ("she", "Ilse Marrow"), ("Marrow", "Ilse Marrow"),
                  ("Dalmar Defence Ministry", "Dalmar Defence Ministry")],
        figures=[(25, None, "people", "Ilse Marrow")],
        not_figures=[2.5, 1, 2],
        hedges=[("not been able to independently confirm", "unverified")],
        lede_alt="Peter Zalmon at the Harbour Institute cropped square",
        teaser="WATCH: What is left of the Dalmar talks?",
    ),
    Story(
        title="Floods leave thousands homeless in the Castellan valley",
        paragraphs=[
            "A hundred and fifty homes were destroyed when the Sallow River burst its banks on Tuesday, "
            "the Castellan Red Cross said.",
            "Anouk Reyes, who leads the Red Cross team in the valley, said 4 500 people were sleeping in "
            "schools. \"We need blankets and clean water right now,\" Reyes said.",
            "Tobias Fenwright, the valley's mayor, said between 11 and 12,000 people had left in total.",
            "\"The water came up in minutes,\" Fenwright said. \"Nobody had time to take anything.\"",
            "The river's level has yet to be confirmed by the weather office.",
        ],
        speakers=[("Castellan Red Cross", "Castellan Red Cross"), ("Anouk Reyes", "Anouk Reyes"),
                  ("Reyes", "Anouk Reyes"), ("Tobias Fenwright", "Tobias Fenwright"),
                  ("Fenwright", "Tobias Fenwright")],
        figures=[(150, None, "homes", "Castellan Red Cross"), (4500, None, "people", "Anouk Reyes"),
                 (11000, 12000, "people", "Tobias Fenwright")],
        not_figures=[500],
        hedges=[("has yet to be confirmed", "unverified")],
        lede_alt="A flooded street in the Castellan valley cropped square",
        teaser="VIDEO: Drone footage of the Sallow River floods",
    ),
    # -- held-out stories: only scored ----------------------------------------------------------------
    Story(
        title="Hollis says Orvik units have reached the front",
        paragraphs=[
            "Orvik units numbering 7 800 soldiers have reached the front line in Dalmar, Marten Hollis said "
            "on Monday.",
            "\"This is a serious escalation,\" National Security Communications Adviser Marten Hollis told a "
            "briefing. Hollis said the units had brought Two hundred trucks with them.",
            "Orvik's intelligence agency said about 1 200 of the soldiers were special forces.",
            "The Orvik Intelligence Service said a photo that claims to show the units was taken last year. "
            "Reuters was unable to verify the photo.",
        ],
        speakers=[("Marten Hollis", "Marten Hollis"), ("Hollis", "Marten Hollis"),
                  ("Orvik's intelligence agency", "Orvik Intelligence Service"),
                  ("Orvik Intelligence Service", "Orvik Intelligence Service")],
        figures=[(7800, None, "soldiers", "Marten Hollis"), (200, None, "trucks", "Marten Hollis"),
                 (1200, None, None, "Orvik Intelligence Service")],
        not_figures=[800, 2, 100],
        hedges=[("was unable to verify", "unverified"), ("claims to show", "claimed")],
        lede_alt="Marten Hollis at a briefing in Castellan cropped square",
        teaser="WATCH: Hollis briefing in full (14:02)",
    ),
    Story(
        title="Greta Solheim named to lead the Dalmar ceasefire monitors",
        paragraphs=[
            "Greta Solheim, a retired judge, will lead a team of Sixty monitors along the Dalmar ceasefire "
            "line, the Dalmar Defence Ministry said on Wednesday.",
            "\"We will go where the shooting is,\" Solheim said. \"Our reports will be public.\"",
            "Omari Dendale, a spokesman for the monitors, said the team would grow to five hundred within a "
            "year. \"She has the trust of both sides,\" he said.",
            "A document that is said to show the monitors' route was leaked on Tuesday. Its contents have yet "
            "to be confirmed.",
        ],
        speakers=[("Greta Solheim", "Greta Solheim"), ("Solheim", "Greta Solheim"),
                  ("Omari Dendale", "Omari Dendale"), ("he", "Omari Dendale"),
                  ("Dalmar Defence Ministry", "Dalmar Defence Ministry")],
        figures=[(60, None, "monitors", "Dalmar Defence Ministry"), (500, None, None, "Omari Dendale")],
        not_figures=[5, 100],
        hedges=[("is said to show", "alleged"), ("have yet to be confirmed", "unverified")],
        lede_alt="Greta Solheim in Castellan cropped square",
        teaser="VIDEO: Who is Greta Solheim?",
    ),
    Story(
        title="Vantsenko says captured Orvik soldiers number in the hundreds",
        paragraphs=[
            "Kyrylo Vantsenko, Dalmar's military intelligence chief, said on Saturday that 3 400 Orvik "
            "soldiers had been captured since August.",
            "\"Many of them did not know where they were being sent,\" Vantsenko said in an interview.",
            "Kirill Vantsenko also said that a thousand more were missing. Lenka Pavlisova, a researcher at "
            "the Harbour Institute, said the figure was plausible.",
            "\"The numbers match what we hear from the villages,\" she said.",
            "The claims could not be independently verified.",
        ],
        speakers=[("Kyrylo Vantsenko", "Kyrylo Vantsenko"), ("Vantsenko", "Kyrylo Vantsenko"),
                  ("Kirill Vantsenko", "Kyrylo Vantsenko"), ("Lenka Pavlisova", "Lenka Pavlisova"),
                  ("she", "Lenka Pavlisova")],
        figures=[(3400, None, "soldiers", "Kyrylo Vantsenko"), (1000, None, None, "Kyrylo Vantsenko")],
        not_figures=[400],
        hedges=[("could not be independently verified", "unverified")],
        lede_alt="Kyrylo Vantsenko in Castellan cropped square",
        teaser="WATCH: Vantsenko interview (6:40)",
    ),
    Story(
        title="Red Cross says flood camps hold 9 000 people",
        paragraphs=[
            "About 9 000 people are living in flood camps in the Castellan valley, the Castellan Red Cross said "
            "on Thursday.",
            "Anouk Reyes, the Red Cross team leader, said Forty-two families had returned home. \"Most houses are "
            "still full of mud,\" she said.",
            "Tobias Fenwright said the valley needed 30 to 35 million crowns to rebuild. \"We cannot do this "
            "alone,\" Fenwright said.",
            "Orvik won the rugby match 3-0 on Saturday, a rare bright moment for the valley.",
        ],
        speakers=[("Castellan Red Cross", "Castellan Red Cross"), ("Anouk Reyes", "Anouk Reyes"),
                  ("she", "Anouk Reyes"), ("Tobias Fenwright", "Tobias Fenwright"),
                  ("Fenwright", "Tobias Fenwright")],
        figures=[(9000, None, "people", "Castellan Red Cross"), (42, None, "families", "Anouk Reyes"),
                 (30e6, 35e6, None, "Tobias Fenwright")],
        not_figures=[0, 3],
        hedges=[],
        lede_alt="Tents in a flood camp near Castellan cropped square",
        teaser="VIDEO: Life in the Castellan flood camps",
    ),
]

# -- outlets (fictional; the domains are not registered news sites) -------------------------------
OUTLETS = [
    ("https://www.harbourledger.co.nz/world/{slug}", "harbourledger.co.nz", "Harbour Ledger"),
    ("https://news.kestrelbay.com.au/story/{slug}", "kestrelbay.com.au", "Kestrel Bay News"),
    ("https://inlandcourier.org/{slug}-2024", "inlandcourier.org", "The Inland Courier"),
    ("https://www.marlowtimes.co.uk/news/{slug}.html", "marlowtimes.co.uk", "Marlow Times"),
    ("https://eastgrove-herald.in/international/{slug}", "eastgrove-herald.in", "Eastgrove Herald"),
]

# -- wire credits: (how it is written, where, original publisher) ---------------------------------
# where: "dateline" (prefix of the first paragraph), "tail" (suffix of the last paragraph),
# "byline" (a line under the title), "end" (a line after the body).
WIRES: list[tuple[str, str, str | None]] = [
    ("(AP) —", "dateline", "AP"),
    ("(AFP) -", "dateline", "AFP"),
    ("– AFP", "tail", "AFP"),
    ("(dpa-AFX)", "dateline", "dpa-AFX"),
    ("(MENAFN- Orvik Wire)", "dateline", "Orvik Wire"),
    ("By Hanne Lorimer, The Associated Press", "byline", "AP"),
    ("(Reuters) -", "dateline", "Reuters"),
    ("Original story: https://www.orvikbroadcast.org/news/{slug}?utm_source=feed", "end", "orvikbroadcast.org"),
    ("", "none", None),
    ("By Sam Okafor", "byline", None),
]

# -- dates: (line as written, iso date) -----------------------------------------------------------
DATES: list[tuple[str, str | None]] = [
    ("date 2024-10-18", "2024-10-18"),
    ("Posted: 2024-10-19T18:33:15Z", "2024-10-19"),
    ("18th Oct, 2024", "2024-10-18"),
    ("Thursday, October 17, 2024 10:19:56 PM", "2024-10-17"),
    ("Published 21 November 2024", "2024-11-21"),
    ("Updated: Nov 4, 2024, 09:14 AM", "2024-11-04"),
    ("", None),
]

# -- title shapes: which decoy stands near the title ------------------------------------------------
TITLE_SHAPES = ["weather", "alt", "teaser", "quote_before", "repeated", "plain", "lede_first"]

FURNITURE_TOP = [
    ["Skip to content", "Home", "World", "Politics", "Business", "Sport", "Subscribe"],
    ["Menu", "Search", "Latest", "Local", "National", "World", "Opinion", "Log in"],
]
FURNITURE_MID = ["Article continues after this advertisement", "ADVERTISEMENT", "Advertisement"]
FURNITURE_BOTTOM = [
    "FEATURED STORIES",
    "Council approves new ferry timetable",
    "Five things to do in Castellan this weekend",
    "I accept the Terms & Conditions and Privacy Policy of this site.",
    "We use cookies to give you the best experience. By continuing you agree to our cookie policy.",
    "Share this article",
    "Follow us on social media",
]
# Strings that must never be (part of) a speaker, and never a quote's content.
FURNITURE_GOLD = ["Article continues after this advertisement", "FEATURED STORIES", "Terms & Conditions",
                  "cookie policy", "(AP", "(AFP", "(Reuters", "(dpa", "(MENAFN", "Skip to content",
                  "Share this article"]
# Places that may be in a content but are never a speaker.
NOT_SPEAKERS = ["Dalmar Oblast", "CASTELLAN", "Castellan"]


def _slug(title: str) -> str:
    return "-".join(w.strip(",.'\"").lower() for w in title.split()[:6])


def build() -> tuple[dict[str, str], dict[str, Any]]:
    pages: dict[str, str] = {}
    gold: dict[str, Any] = {"about": __doc__.splitlines()[0], "entities": ENTITIES, "pages": {}}
    n = 0
    for s_i, story in enumerate(STORIES):
        for o_i in range(5):
            n += 1
            name = f"{n:02d}"
            url_tmpl, domain, site_name = OUTLETS[(o_i + s_i) % len(OUTLETS)]
            slug = _slug(story.title)
            url = url_tmpl.format(slug=slug)
            wire, wire_where, original = WIRES[(n * 3 + s_i) % len(WIRES)]
            wire = wire.format(slug=slug)
            date_line, iso = DATES[(n * 5 + s_i) % len(DATES)]
            shape = TITLE_SHAPES[(n + s_i) % len(TITLE_SHAPES)]
            single_paragraph = n in (7, 27)  # one article of one long paragraph, sentences run together
            give_url = n % 8 != 5  # a few pages have no URL: the publisher comes from the page

            lines: list[str] = []
            lines += FURNITURE_TOP[n % 2]
            if shape == "weather":
                lines += [f"{site_name}", "Castellan 14°C Partly cloudy", "Monday, 21 October"]
            if shape == "teaser":
                lines += [story.teaser]
            if shape == "quote_before":
                # a pull-quote paragraph above the title (it is not the title, and stays in the body)
                quote = re.search(r'"[^"]{20,}"', " ".join(story.paragraphs))
                assert quote is not None
                lines += [quote.group(0)]
            if shape == "repeated":
                lines += [story.title + f" | {site_name}"]
            lines += [story.title]
            if shape == "alt":
                lines += [story.lede_alt]
            if wire_where == "byline":
                lines += [wire]
            if date_line:
                lines += [date_line]
            paras = list(story.paragraphs)
            if wire_where == "dateline":
                paras[0] = f"{story.dateline_place} {wire} {paras[0]}"
            elif wire_where == "tail":
                paras[-1] = f"{paras[-1]} {wire}"
            if shape == "lede_first":
                # the lede sentence also stands alone above the body, like a standfirst
                lines += [paras[0].split(". ")[0].rstrip(".") + "."]
            if single_paragraph:
                lines += [" ".join(paras)]
            else:
                for k, p in enumerate(paras):
                    lines.append(p)
                    if k == 1:
                        lines.append(FURNITURE_MID[n % len(FURNITURE_MID)])
            if wire_where == "end":
                lines += [wire]
            lines += FURNITURE_BOTTOM
            if not give_url:
                lines += [f"© 2024 {site_name}. All rights reserved."]
            pages[name] = "\n".join(lines) + "\n"
            body_quote = shape == "quote_before"
            gold["pages"][name] = {
                "split": "tune" if s_i < 4 else "held",
                "story": s_i,
                "url": url if give_url else None,
                "title": story.title,
                "publisher": domain if give_url else site_name,
                "original_publisher": original,
                "date": iso,
                "title_shape": shape,
                "quote_paragraph_in_body": body_quote,
                "single_paragraph": single_paragraph,
                "speakers": [[m, e] for m, e in story.speakers],
                "figures": [{"value": v, "value_high": hi, "counted": c, "source": src}
                            for v, hi, c, src in story.figures],
                "not_figures": story.not_figures,
                "hedges": [[s, h] for s, h in story.hedges],
                "furniture": FURNITURE_GOLD,
                "not_speakers": NOT_SPEAKERS,
            }
    return pages, gold


def main() -> None:
    pages, gold = build()
    out = HERE / "pages"
    out.mkdir(exist_ok=True)
    for name, text in pages.items():
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
    (HERE / "gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
