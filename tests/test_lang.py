"""Language identification: CLD3 on long texts, py3langid on short ones (newsledger/extract/lang.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsledger.extract import lang
from newsledger.extract.lang import CLD3_MIN_CHARS, detect_language

ROOT = Path(__file__).resolve().parent.parent

# Fictional texts (invented towns, people and numbers).
ENGLISH = (
    "The harbour board of Tarrow said on Tuesday that the ferry pier would be forty metres longer by winter. "
    "About 1,200 passengers use the pier every day, and the board expects more after the new timetable starts. "
    "Councillor Ilse Varga said the work would begin in spring."
)
GERMAN = (
    "Der Hafenrat von Tarrow hat am Dienstag beschlossen, den Fähranleger um vierzig Meter zu verlängern. "
    "Rund 1.200 Fahrgäste nutzen den Anleger jeden Tag, und die Zahl steigt nach Angaben des Rates weiter an. "
    "Die Vorsitzende Ilse Varga sagte, die Arbeiten würden im Frühjahr beginnen."
)
HEBREW = (
    "מועצת הנמל של העיר טארו החליטה ביום שלישי להאריך את רציף המעבורת בארבעים מטרים עד החורף. "
    "כאלף ומאתיים נוסעים משתמשים ברציף בכל יום, והמועצה מצפה למספר גדול יותר אחרי שלוח הזמנים החדש ייכנס לתוקף. "
    "חברת המועצה אילזה ורגה אמרה שהעבודות יתחילו באביב."
)


def test_long_texts_are_read_by_cld3() -> None:
    assert len(ENGLISH) >= CLD3_MIN_CHARS and len(GERMAN) >= CLD3_MIN_CHARS
    assert detect_language(ENGLISH) == "en"
    assert detect_language(GERMAN) == "de"
    # CLD3's old code for Hebrew comes out as the ISO 639-1 code the rest of newsledger uses.
    assert detect_language(HEBREW) == "he"
    # The declared-language rule asks for p >= 0.99: clear prose reaches it.
    assert detect_language(GERMAN, min_chars=200, min_prob=0.99) == "de"


def test_short_texts_keep_py3langid() -> None:
    # CLD3 calls this sentence Scottish Gaelic, reliably; py3langid reads it as English,
    # and analysis skips text it believes is not English, so short texts stay with py3langid.
    short = 'Harrowgate called the plan a "cheap fix.'
    assert len(short) < CLD3_MIN_CHARS
    assert detect_language(short) == "en"
    assert lang._py3langid.cache_info().currsize == 1


def test_too_little_text_has_no_language() -> None:
    assert detect_language("") is None
    assert detect_language("   1 2 3   ") is None
    assert detect_language(ENGLISH, min_chars=10_000) is None


def test_a_run_over_long_pages_never_loads_py3langid() -> None:
    # py3langid's model takes 0.5-0.7 s to load: a run over ordinary pages must not pay it.
    code = (
        "import sys, newsledger\n"
        f"page = '<html><body><article><p>' + {ENGLISH!r} + '</p><p>' + {ENGLISH!r} + '</p></article></body></html>'\n"
        "article = newsledger.extract(page)\n"
        "assert article.language == 'en', article.language\n"
        "print('py3langid' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
