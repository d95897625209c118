"""Values worked out once per script run: a page asks who the viewer is about 24 times a rerun (every cached report
is keyed on the viewer's scope), and checking the signed cookie is CPU work worth doing once.

The memo lives on Streamlit's ScriptRunContext and is tied to that run's own `cursors` dict, which Streamlit makes
anew at the start of every run: the memo holds that dict, so a later run (a new dict, never the same object while
the memo keeps the old one alive) always starts empty. Outside a script run (the CLI, tests) nothing is kept.
"""

from collections.abc import Callable, Hashable
from typing import TypeVar

from streamlit.runtime.scriptrunner import get_script_run_ctx

Value = TypeVar("Value")
_ATTRIBUTE = "_pantau_this_run"


def _memo() -> dict | None:
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    held = getattr(ctx, _ATTRIBUTE, None)
    if held is None or held[0] is not ctx.cursors:
        held = (ctx.cursors, {})
        setattr(ctx, _ATTRIBUTE, held)
    return held[1]


def once(key: Hashable, compute: Callable[[], Value]) -> Value:
    """`compute()`, worked out once in this run for `key` (which must name everything the value depends on that can
    change within a run, e.g. the session token)."""
    memo = _memo()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
