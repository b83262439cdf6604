"""Measuring answers: datasets, scoring, eval runs and their comparison, quote eval and the benchmark.

The public API is `__all__`; each name is imported from its module on first use.
"""

from core.exports import lazy_exports

__all__, __getattr__ = lazy_exports(__name__, {
    **dict.fromkeys(['DatasetError', 'load_dataset', 'split_half', 'score', 'metrics'], "eval.harness"),
    **dict.fromkeys(['run_eval', 'compare', 'diff_runs'], "eval.runs"),
    **dict.fromkeys(['evaluate_quotes'], "eval.quotes_eval"),
})
