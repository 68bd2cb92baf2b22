"""Benchmarks: runnable scripts, not part of the installed package."""
