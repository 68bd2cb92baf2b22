"""Undeclared Western single-byte text is read as cp1252/Latin-1, not an exotic look-alike (session 11).

A short Latin-1 French text came back with « » as ḋ Ṡ: charset-normalizer ranked ISO-8859-14 first by
a near-tie.  The sentences here are fictional, written for these tests; the rule's counts over the
shared pages are in docs/reliability.md (scripts/charset_eval.py).
"""

from __future__ import annotations

import pytest

from newsledger.ingest.decode import decode, detect_single_byte

# Each read as cp1250, ISO-8859-10 or ISO-8859-14 before (checked with margin=-1 below).
FRENCH = [
    "« Le pont rouvrira en été », a dit la maire.",
    "Le maire de Vareilles a annoncé mardi la réouverture du pont. « C'est une bonne nouvelle », a-t-il déclaré.",
    "La préfecture a levé l'alerte. « La crue est passée », indique un communiqué publié jeudi.",
    "Les élèves de l'école Jean-Moulin ont planté douze arbres. « C'était très amusant », raconte Léa, 9 ans.",
]


@pytest.mark.parametrize("text", FRENCH)
def test_short_latin1_french_comes_back_exactly(text: str) -> None:
    data = text.encode("latin-1")
    assert detect_single_byte(data, margin=-1.0) not in ("cp1252", "latin_1", "iso8859_15")  # the defect
    got, enc = decode(data)
    assert got == text, (enc, got)
    assert enc in ("cp1252", "latin_1", "iso8859_15")


# Guards: text in a non-Western charset is not taken for cp1252 (these pass before and after).
OTHERS = [
    ("cp1251", "«У нас не было выбора», — сказала мэр Верхнего Озерска после заседания городского совета."),
    ("koi8_r", "Мэр Верхнего Озерска сказала, что мост откроют летом, а работы начнутся на следующей неделе."),
    ("cp1253", "«Δεν είχαμε άλλη επιλογή», δήλωσε η δήμαρχος μετά τη συνεδρίαση του δημοτικού συμβουλίου."),
]


@pytest.mark.parametrize(("charset", "text"), OTHERS)
def test_other_charsets_are_not_taken_for_western(charset: str, text: str) -> None:
    got, enc = decode(text.encode(charset))
    assert got == text, (charset, enc)
