"""Link stage: copies and their originals, stories across outlets, the figures ledger.

Needs the ``link`` extra (datasketch, which brings numpy); imported lazily so
the core install and CLI start stay light.
"""

# Bump when grouping output changes: ``newsledger link`` then re-signs every article.
LINK_VERSION = "link-1"

__all__ = ["LINK_VERSION"]
