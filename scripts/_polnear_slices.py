"""What every PolNeAR training script sets up first: one thread per library, the import paths, the slices.

Imported before numpy or scikit-learn (it sets their thread counts).  The slices of PolNeAR train, in
article order, are the same for every model: train[:FIT] fits, train[FIT:TUNE] tunes, train[TUNE:] is
the guard slice that the attribution bench reports and no script uses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

FIT, TUNE = 560, 700
