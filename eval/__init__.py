"""Measuring answers: datasets, scoring, eval runs and their comparison, quote eval and the benchmark.

The public API is named in ``__all__``; each name is imported from its module on first use, so importing the
package stays cheap.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "DatasetError": "eval.harness",
    "load_dataset": "eval.harness",
    "split_half": "eval.harness",
    "score": "eval.harness",
    "metrics": "eval.harness",
    "run_eval": "eval.runs",
    "compare": "eval.runs",
    "diff_runs": "eval.runs",
    "evaluate_quotes": "eval.quotes_eval",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
