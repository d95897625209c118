"""Starting worker processes from a process whose `__main__` must not run again in them."""

import contextlib
import sys
import types
from collections.abc import Iterator


@contextlib.contextmanager
def bare_main() -> Iterator[None]:
    """A bare `__main__` while worker processes start. A spawned or forkserver child runs (or imports) the parent's
    main script before its job; under Streamlit or after an AppTest run that script is the dashboard, which draws
    pages without a session and kills the worker. A worker needs nothing from it: its job is imported by module
    name."""
    script = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = script
