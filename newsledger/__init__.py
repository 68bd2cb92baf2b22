"""newsledger: who said what, when, how sure, and who copied whom."""

__version__ = "0.1.0"
