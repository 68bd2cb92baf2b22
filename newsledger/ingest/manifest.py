"""``ingest --urls FILE``: a manifest giving each input's URL.

One input a line, either ``PATH<TAB>URL`` (TSV) or a JSON object
``{"path": ..., "url": ...}`` (JSONL); blank lines and ``#`` comments are
skipped.  Relative paths are relative to the manifest's folder.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from newsledger.ingest.page_url import check_page_url


@dataclass(frozen=True, slots=True)
class ManifestLine:
    path: str
    url: str | None


class ManifestError(ValueError):
    pass


def read_manifest(manifest: str) -> list[ManifestLine]:
    """Every (path, url) of the manifest; raises ManifestError naming the first bad line."""
    base = Path(manifest).parent
    try:
        lines = Path(manifest).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise ManifestError(f"cannot read manifest {manifest}: {e}") from e
    out: list[ManifestLine] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.lstrip().startswith("{"):
            try:
                obj = json.loads(line)
            except ValueError as e:
                raise ManifestError(f"{manifest} line {n}: not JSON ({e})") from e
            path, url = obj.get("path") if isinstance(obj, dict) else None, obj.get("url") if isinstance(
                obj, dict) else None
        else:
            path, _, url = line.partition("\t")
        if not isinstance(path, str) or not path.strip():
            raise ManifestError(f"{manifest} line {n}: no path")
        if url is not None and not isinstance(url, str):
            raise ManifestError(f"{manifest} line {n}: url is not a string")
        url = (url or "").strip() or None
        if url is not None:
            try:  # the rule --url has: a manifest stored any string as the page's URL (session 11)
                url = check_page_url(url)
            except ValueError as e:
                raise ManifestError(f"{manifest} line {n}: {e}") from e
        p = Path(path.strip())
        out.append(ManifestLine(os.path.abspath(p if p.is_absolute() else base / p), url))
    return out
