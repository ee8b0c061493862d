"""A stand-in for ``fastapi`` where it is not installed (it is not a test dependency).

The README's FastAPI examples use only ``FastAPI().get(path)`` and ``Depends``: enough to
run the envguard part of them as written. Each route is called once, so a route that
reads a setting the load did not give fails the test.
"""

from __future__ import annotations

import inspect
import sys
import types
from collections.abc import Callable
from typing import Any


class _Depends:
    def __init__(self, dependency: Callable[[], Any]) -> None:
        self.dependency = dependency


class FastAPI:
    def get(self, path: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(route: Callable[..., Any]) -> Callable[..., Any]:
            params = inspect.signature(route).parameters.values()
            route(**{p.name: p.default.dependency() for p in params
                     if isinstance(p.default, _Depends)})
            return route
        return register


def install() -> None:
    """Put the stand-in in ``sys.modules`` unless the real package is importable."""
    try:
        import fastapi  # noqa: F401
    except ImportError:
        module = types.ModuleType("fastapi")
        module.FastAPI = FastAPI  # type: ignore[attr-defined]
        module.Depends = _Depends  # type: ignore[attr-defined]
        sys.modules["fastapi"] = module
