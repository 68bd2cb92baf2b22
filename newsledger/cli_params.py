"""Typer's option values converted without pydantic where the answer is plain (issue #15: start-up).

Typer 0.29 converts every option value, defaults included, through a pydantic
``TypeAdapter`` built the first time a command runs.  Importing pydantic and
building the adapters was about 45-50 ms of every command's start-up (a tenth
of ``newsledger extract`` over the 91 news pages), for values such as
``--format json``, ``--timeout 20`` or a path.

:func:`install` puts a converter in front of Typer's own: it answers only
where its answer is provably the one Typer's adapter gives, and hands
everything else to Typer's adapter, built on first use as before:

* a value that already has the parameter's type (a default): returned as is,
  after the option's ``min``/``max`` check, as pydantic returns it;
* ``int`` from ASCII digits only (no sign, space, ``_`` or ``.``), ``float``
  from ASCII digits with at most one inner ``.``: Python's ``int``/``float``
  give the same numbers as pydantic (both round correctly) for these;
* ``str`` from ``str``: pydantic returns the same object (surrogate escapes
  of non-UTF-8 arguments included); ``bool`` from ``bool``;
* ``Path`` and choices (Enum): Typer's own path and choice checks, called with
  the value pydantic would pass them;
* ``list[str]`` from a list or tuple of ``str``.

Any other type, value, out-of-range number or failed check goes to Typer's
adapter, so every error message is Typer's own.  tests/test_cli_params.py
compares both converters on every parameter of every command.  If Typer's
internals are not the ones this was written against, nothing is installed
and Typer works as it always did.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

_DIGITS_RE = re.compile(r"[0-9]{1,18}")
_DECIMAL_RE = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")
# Returned by a leaf converter that has no answer: Typer's adapter decides.
_UNSURE: Any = object()


def _in_range(value: int | float, info: Any) -> bool:
    return (info.min is None or value >= info.min) and (info.max is None or value <= info.max)


def _leaf(annotation: Any, info: Any) -> Any:
    """A converter ``(value, param, ctx) -> value or _UNSURE`` for one plain type, or None."""
    from typer import _param_types

    if info.parser is not None:
        return None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        choices = list(annotation)

        def choice(value: Any, param: Any, ctx: Any) -> Any:
            try:
                return _param_types.coerce_cli_choice(value, choices=choices, case_sensitive=info.case_sensitive,
                                                      ctx=ctx)
            except Exception:
                return _UNSURE
        return choice
    if annotation is int or annotation is float:
        if info.clamp:
            return None
        pattern = _DIGITS_RE if annotation is int else _DECIMAL_RE

        def number(value: Any, param: Any, ctx: Any) -> Any:
            if type(value) is str and pattern.fullmatch(value):
                value = annotation(value)
            elif type(value) is not annotation:
                return _UNSURE
            return value if _in_range(value, info) else _UNSURE
        return number
    if annotation is str or annotation is bool:
        return lambda value, param, ctx: value if type(value) is annotation else _UNSURE
    if annotation is Path and info.path_type is None:

        def path(value: Any, param: Any, ctx: Any) -> Any:
            if type(value) is str:
                value = Path(value)  # what pydantic's Path gives for any str
            elif not isinstance(value, Path):
                return _UNSURE
            try:
                return _param_types.coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
            except Exception:  # the message would name the Path, not the argument: Typer's adapter says it
                return _UNSURE
        return path
    return None


def _converter(annotation: Any, info: Any) -> Any:
    if get_origin(annotation) is list:
        args = get_args(annotation)
        item = _leaf(args[0], info) if len(args) == 1 else None
        if item is None:
            return None

        def many(value: Any, param: Any, ctx: Any) -> Any:
            if not isinstance(value, list | tuple):
                return _UNSURE
            out = [item(v, param, ctx) for v in value]
            return _UNSURE if any(v is _UNSURE for v in out) else out
        return many
    return _leaf(annotation, info)


def install() -> bool:
    """Put the converter in front of Typer's; False (and nothing changed) where Typer differs."""
    try:
        import typer.core as core
        from typer import _coercion, _param_types
    except ImportError:
        return False
    original = getattr(core, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if original is None or base is None or getattr(original, "newsledger_fast", False):
        return False
    if not all(hasattr(_param_types, n) for n in ("coerce_cli_choice", "coerce_cli_path")):
        return False
    typers: Callable[[Any], Any] = original

    class FastRuntimeParam(base):  # type: ignore[misc, valid-type]
        """Typer's runtime parameter: plain values here, the rest through Typer's adapter."""

        descriptor: Any
        convert: Any
        slow: Any

        def __init__(self, descriptor: Any, convert: Any) -> None:
            super().__init__(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
            object.__setattr__(self, "descriptor", descriptor)
            object.__setattr__(self, "convert", convert)
            object.__setattr__(self, "slow", None)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            out = self.convert(value, param, ctx)
            if out is not _UNSURE:
                return out
            if self.slow is None:
                object.__setattr__(self, "slow", typers(self.descriptor))
            return self.slow._coerce_value(value, param=param, ctx=ctx)

    def build(descriptor: Any) -> Any:
        convert = None if descriptor.file_annotation is not None else _converter(
            descriptor.annotation, descriptor.parameter_info)
        return typers(descriptor) if convert is None else FastRuntimeParam(descriptor, convert)

    build.newsledger_fast = True  # type: ignore[attr-defined]
    build.original = typers  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", build)  # noqa: B010 (a private name: typed nowhere)
    return True
