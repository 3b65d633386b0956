from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")

def lazy(func: Callable[_P, _T], *resultclasses: Any) -> Callable[_P, _T]: ...
