"""What every PolNeAR training script sets up first: one thread per library, the import paths, the slices.

Imported before numpy or scikit-learn (it sets their thread counts).  The slices of PolNeAR train, in
article order, are the same for every model: train[:FIT] fits, train[FIT:TUNE] tunes, train[TUNE:] is
the guard slice that the attribution bench reports and no script uses.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

FIT, TUNE = 560, 700


def cue_args(doc: str | None, model_file: str, *, threshold: bool = False) -> argparse.Namespace:
    """``--data`` (PolNeAR, default ../shared/data/polnear) and ``--out`` (default: the shipped ``model_file``);
    with ``threshold``, ``--threshold T`` too."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--out", type=Path, default=ROOT / "newsledger" / "analyze" / model_file)
    if threshold:
        ap.add_argument("--threshold", type=float, default=None,
                        help="decision threshold to ship instead of the token-F1 choice "
                             "(chosen end to end: scripts/tune_cue_threshold.py)")
    return ap.parse_args()


def fit_and_tune_articles(data: Path) -> list[Any]:
    """PolNeAR train[:TUNE] in article order; the guard slice is not even read."""
    from polnear import read_split

    train_dir = data / "train"
    if not train_dir.is_dir():
        sys.exit(f"PolNeAR train not found at {train_dir}")
    return list(read_split(train_dir))[:TUNE]
