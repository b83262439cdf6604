"""Follow-up questions: "and which of them names a DPH?" is resolved against the earlier turns before retrieval."""

from __future__ import annotations

import re
from collections.abc import Sequence

_FOLLOW_UP = re.compile(
    r"^\s*(and|but|also|so|then|what about|how about|and what|and who|and which|and how|and when)\b"
    r"|\b(them|they|their|those|these|it|its|he|she|his|her|him|that one|this one|the same)\b",
    re.I,
)


def history_questions(history: Sequence) -> list[str]:
    """The user's earlier questions from a history of (question, answer) pairs or chat messages."""
    out = []
    for turn in history or ():
        if isinstance(turn, dict):
            if turn.get("role") == "user" and isinstance(turn.get("content"), str):
                out.append(turn["content"])
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            out.append(turn[0])
    return out


def resolve_follow_up(question: str, history: Sequence | None) -> str:
    """The question made self-contained: a follow-up gets the previous question appended as context."""
    earlier = history_questions(history or ())
    if not earlier or not _FOLLOW_UP.search(question):
        return question
    return f"{question.strip()} (following: {earlier[-1].strip()})"
