"""Fictional articles for the link tests: every place, person, outlet and number is invented.

One wire report (Calder Wire) on a fire at the Fenholt Chemicals plant near
Merrowick, copied five times (sidebars, trims, a light rewrite, an undated
copy); two independent reports of the same fire by other outlets with
conflicting evacuation figures; an unrelated Merrowick council story that
shares names (the mayor, the town, Fenholt Chemicals); two other articles of
the Harbour Bell site carrying the same sidebar, and a page that is nothing
but that sidebar.
"""

from __future__ import annotations

import hashlib
from typing import Any

WIRE_URL = "https://calderwire.example/news/fenholt-fire-merrowick"

WIRE = [
    "A fire at the Fenholt Chemicals plant on the edge of Merrowick forced about 600 residents from their homes"
    " overnight, the Tarrow County fire service said on Tuesday.",
    "At least nine workers were taken to Merrowick General Hospital with breathing problems, according to the"
    " county's emergency coordinator, Wenna Stroud.",
    "Fire chief Ansel Dorrow said crews from four stations had fought the blaze in the solvent store for more"
    " than six hours before bringing it under control shortly after dawn.",
    '"The wind turned twice during the night and we had to pull our people back from the east wall," Mr Dorrow'
    " said.",
    "Residents of the Quarry Lane and Bellfield estates were taken by bus to the Merrowick leisure centre, where"
    " volunteers handed out blankets and hot drinks until the early morning.",
    "The county health board advised people living downwind of the plant to keep their windows closed and to"
    " avoid the towpath along the Senna canal until further notice.",
    "Fenholt Chemicals said in a statement that the cause of the fire was not yet known and that it was"
    " cooperating fully with the fire service and the environment agency.",
    "The plant, which makes cleaning solvents and industrial coatings, employs about 240 people and has operated"
    " on the Merrowick site since the late nineteen-seventies.",
    "Local councillor Bram Ostervelt said residents had complained for years about strong smells drifting over"
    " the estates on summer evenings and wanted a full public inquiry.",
    '"People here deserve to know what is stored behind that fence and how close it sits to their children,"'
    " he said.",
    "The environment agency said it had taken water samples from the canal and would publish the results"
    " within a week.",
    "Roads around the plant are expected to stay closed until Thursday while engineers inspect the damaged"
    " buildings.",
]

# Reworded versions of two wire sentences (the light rewrite).
REWORDED = {
    2: "Crews from four fire stations battled the blaze in the solvent store for over six hours, fire chief Ansel"
       " Dorrow said, and brought it under control soon after first light.",
    6: "In a statement, Fenholt Chemicals said it did not yet know what had caused the fire and was working"
       " closely with both the fire service and the environment agency.",
}

HARBOUR_BELL_SIDEBAR = [
    "Subscribe to the Harbour Bell morning briefing",
    "Most read on Harbour Bell today",
    "Got a story tip? Write to the Harbour Bell newsdesk",
]
VALECOURT_SIDEBAR = [
    "Related: Valecourt ferry fares to rise in autumn",
    "Related: New cycle lane opens on Mill Street",
]
RAVENMOOR_PITCH = ["Support independent local journalism in Ravenmoor: become a member today."]

MERCURY_FIRE = [
    "As many as 2,000 people spent the night away from home after fire tore through part of the Fenholt"
    " Chemicals works in Merrowick, mayor Lidia Sorvane said on Tuesday morning.",
    "Ms Sorvane, speaking outside the leisure centre that served as a shelter, said the evacuation had been"
    " larger than the fire service first announced because whole streets near Bellfield had been cleared.",
    '"Nobody I spoke to had any warning before the police knocked on the door," she said.',
    "Eleven workers were treated in hospital, the mayor said, and two of them remained under observation.",
    "Families from Quarry Lane described black smoke rolling across the estate shortly before midnight and a"
    " sharp smell that stung their eyes.",
    "Fenholt Chemicals has faced two previous inquiries over storage of flammable solvents at the site, the"
    " Mercury has learned.",
    "The company did not answer questions about the earlier inquiries on Tuesday.",
]

HERALD_FIRE = [
    "Police in Tarrow County said 1,400 residents were evacuated from estates around the Fenholt Chemicals plant"
    " in Merrowick as the fire burned through Monday night.",
    "Inspector Corran Vey, a spokesman for the county police, said officers had gone door to door in Bellfield"
    " and Quarry Lane from eleven o'clock.",
    '"Most people left calmly, though some elderly residents needed help with their medication," Mr Vey said.',
    "The fire service said the blaze began in a solvent store and spread to a warehouse roof before crews"
    " contained it early on Tuesday.",
    "Residents were allowed back into most streets by Tuesday afternoon, although the roads nearest the plant"
    " stay closed while engineers inspect the buildings.",
    "The environment agency is testing water from the Senna canal.",
]

COUNCIL = [
    "Merrowick council has approved plans for a new pedestrian footbridge across the Senna canal, mayor Lidia"
    " Sorvane announced at Thursday's meeting.",
    "The bridge will link the Bellfield estate with the town's railway station and is expected to open in the"
    " spring of next year after a design competition.",
    "Councillors voted fourteen to three in favour, with opponents arguing that the money should go to road"
    " repairs in the older parts of the town.",
    '"This bridge has been promised to Bellfield families for twenty years and they have waited long enough,"'
    " Ms Sorvane said.",
    "Part of the cost will be met by a grant from the regional transport fund and a donation from local firms,"
    " including Fenholt Chemicals, the council said.",
    "A public exhibition of the three shortlisted designs will be held in the town library next month.",
]

HB_OTHER_1 = [
    "The Harbour Bell lifeboat crew rescued two kayakers who were swept out beyond the breakwater at Gull Point"
    " on Sunday afternoon after their boat capsized in a sudden squall.",
    "Coxswain Ivo Tamsin said the pair were cold but unhurt when they were pulled aboard and were checked over"
    " by paramedics waiting at the slipway.",
    "The crew urged visitors to check the tide tables and carry a way of calling for help before heading out.",
]
HB_OTHER_2 = [
    "A new bakery has opened on Harbour Street in the old chandlery building, the first business to move into"
    " the waterfront since the fish market closed three years ago.",
    "Owner Petra Lindqvale said she had wanted to bake by the sea since she was a child and hoped to hire two"
    " more staff before the summer season begins.",
    "The bakery opens at six every morning except Mondays.",
]


def doc(
    key: str, paragraphs: list[str], *, title: str, publisher: str | None, published: str | None,
    url: str | None, original_url: str | None = None, byline: str | None = None,
    original_publisher: str | None = None,
) -> dict[str, Any]:
    return {
        "key": key, "paragraphs": paragraphs, "title": title, "publisher": publisher, "published": published,
        "url": url, "original_url": original_url, "byline": byline, "original_publisher": original_publisher,
        "sha256": hashlib.sha256(("\n".join(paragraphs) + (url or "") + key).encode()).hexdigest(),
    }


WIRE_TITLE = "Fire at Fenholt Chemicals plant forces hundreds from homes in Merrowick"


def corpus() -> list[dict[str, Any]]:
    rewrite = [REWORDED.get(i, p) for i, p in enumerate(WIRE)]
    return [
        doc("wire", WIRE, title=WIRE_TITLE, publisher="Calder Wire", published="2026-05-12", url=WIRE_URL,
            byline="Maren Holloway"),
        doc("harbourbell", [*WIRE, *HARBOUR_BELL_SIDEBAR], title=WIRE_TITLE, publisher="Harbour Bell",
            published="2026-05-12", url="https://harbourbell.example/news/fenholt-fire", byline="Calder Wire",
            original_publisher="Calder Wire"),
        doc("eastmere", WIRE[:7], title=WIRE_TITLE, publisher="Eastmere Times", published="2026-05-12",
            url="https://eastmeretimes.example/2026/05/12/fenholt-fire",
            original_url=WIRE_URL + "?utm_source=eastmere"),
        doc("pinecrest", rewrite, title="Chemical plant fire in Merrowick: hundreds evacuated",
            publisher="Pinecrest Daily",
            published="2026-05-13", url="https://pinecrestdaily.example/fenholt-fire"),
        doc("valecourt", [*WIRE[:6], *VALECOURT_SIDEBAR], title=WIRE_TITLE, publisher="Valecourt Post",
            published="2026-05-12", url="https://valecourtpost.example/a/20260512-fire"),
        doc("ravenmoor", [*RAVENMOOR_PITCH, *WIRE, *RAVENMOOR_PITCH], title=WIRE_TITLE, publisher="Ravenmoor Online",
            published=None, url="https://ravenmoor.example/fenholt"),
        doc("mercury", MERCURY_FIRE, title="Up to 2,000 spent night away from home after Fenholt fire, mayor says",
            publisher="Merrowick Mercury", published="2026-05-12", url="https://merrowickmercury.example/fire"),
        doc("herald", HERALD_FIRE, title="Police evacuated 1,400 as Fenholt plant burned",
            publisher="Northfield Herald",
            published="2026-05-13", url="https://northfieldherald.example/fenholt"),
        doc("council", COUNCIL, title="Merrowick council backs Senna canal footbridge", publisher="Merrowick Mercury",
            published="2026-05-14", url="https://merrowickmercury.example/footbridge"),
        doc("hb1", [*HB_OTHER_1, *HARBOUR_BELL_SIDEBAR], title="Lifeboat rescues kayakers off Gull Point",
            publisher="Harbour Bell", published="2026-04-02", url="https://harbourbell.example/news/kayakers"),
        doc("hb2", [*HB_OTHER_2, *HARBOUR_BELL_SIDEBAR], title="Bakery opens in old chandlery",
            publisher="Harbour Bell",
            published="2026-03-20", url="https://harbourbell.example/news/bakery"),
        doc("hb-chrome", list(HARBOUR_BELL_SIDEBAR), title="Harbour Bell", publisher="Harbour Bell",
            published="2026-05-12", url="https://harbourbell.example/news/index"),
        doc("tiny", ["Fire at Fenholt plant."], title="Brief", publisher="Pinecrest Daily", published="2026-05-12",
            url="https://pinecrestdaily.example/brief"),
        doc("tiny2", ["Fire at Fenholt plant."], title="Brief", publisher="Eastmere Times", published="2026-05-12",
            url="https://eastmeretimes.example/brief"),
        doc("empty", [], title="Nothing", publisher="Eastmere Times", published="2026-05-12",
            url="https://eastmeretimes.example/empty"),
    ]


COPY_KEYS = ["wire", "harbourbell", "eastmere", "pinecrest", "valecourt", "ravenmoor"]
FIRE_STORY_KEYS = [*COPY_KEYS, "mercury", "herald"]
