"""docs/api.md's examples are run as doctests, so the documented API is the real one."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def test_api_md_examples_run() -> None:
    pytest.importorskip("spacy")
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 10
    assert result.failed == 0


def test_stage_packages_stay_importable_as_modules() -> None:
    import newsledger
    from newsledger import analyze as analyze_stage
    from newsledger import extract as extract_stage

    assert extract_stage.EXTRACT_VERSION and analyze_stage.ANALYZE_VERSION
    assert newsledger.extract is extract_stage and callable(newsledger.extract)
    with pytest.raises(TypeError):
        newsledger.extract(123)  # type: ignore[operator]


def test_spacy_model_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("spacy")
    from newsledger.analyze import model
    from newsledger.settings import DEFAULT_SPACY_MODEL, spacy_model

    assert spacy_model() == DEFAULT_SPACY_MODEL
    monkeypatch.setenv("NEWSLEDGER_SPACY_MODEL", "no_such_model_xx")
    assert spacy_model() == "no_such_model_xx"
    model.load_nlp.cache_clear()
    try:
        with pytest.raises(model.ModelMissingError, match="NEWSLEDGER_SPACY_MODEL"):
            model.load_nlp()
    finally:
        model.load_nlp.cache_clear()
