"""Prompt templates are files in this folder, loaded by name; their placeholders are checked at load time."""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

__all__ = ["REQUIRED", "PromptError", "load"]

_DIR = Path(__file__).resolve().parent

#: The placeholders each template must use — no more, no fewer.
REQUIRED = {
    "answer_system": {"sentinel"},
    "answer_user": {"question", "passages"},
}


class PromptError(ValueError):
    """A template is missing or its placeholders are not the expected ones."""


@cache
def load(name: str) -> str:
    """The template `prompts/NAME.txt`, checked against `REQUIRED`."""
    path = _DIR / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"{path}: cannot read prompt: {exc.strerror}") from None
    found = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    expected = REQUIRED.get(name, found)
    if found != expected:
        raise PromptError(f"{path}: placeholders {sorted(found)} but expected {sorted(expected)}")
    return text


def render(name: str, **values: str) -> str:
    return load(name).format(**values)
