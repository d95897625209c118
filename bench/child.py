"""Run one benchmark function in a fresh Python and print its result as JSON with the process's peak memory.

    python -m bench.child MODULE:FUNCTION ARG…

`bench.common.in_child(function, *args)` starts it: the function is real code in a module (importable, linted,
testable), and the measurement still happens in a process of its own.
"""

import importlib
import json
import resource
import sys

from bench.common import peak_rss_mib


def main(target: str, *args: str) -> None:
    module, _, name = target.partition(":")
    function = getattr(importlib.import_module(module), name)
    result = function(*args)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {**result, "peak_rss_mib": peak_rss_mib(), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2)}
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main(*sys.argv[1:])
