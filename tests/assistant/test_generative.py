"""Generative mode against a local stand-in for an OpenAI-compatible server (the real wire format)."""

from __future__ import annotations

import re

import pytest

from assistant.answer.base import SENTINEL
from assistant.ask import ask
from tests.conftest import free_port
from tests.llm_standin import StandInChatServer

QUESTION = "Which ICBs have a voting member whose seat is specifically for public health?"


def passage(messages: list[dict], n: int) -> str:
    user = next(m["content"] for m in messages if m["role"] == "user")
    return re.search(rf'<passage n="{n}"[^>]*>\n(.*?)\n</passage>', user, re.S).group(1)


def sentence_with(text: str, word: str) -> str:
    return next(s for s in re.split(r"(?<=[.!?])\s+", text) if word in s)


@pytest.fixture()
def llm_settings(sample_settings):
    def make(server: StandInChatServer | None, base_url: str | None = None):
        url = base_url or server.base_url
        return sample_settings.with_(llm="openai:stand-in", llm_base_url=url, llm_timeout_s=5)
    return make


def test_cited_answer_is_verified_and_quoted(llm_settings):
    def reply(messages):
        text = passage(messages, 1)
        return f"{sentence_with(text, 'Somerset')} [1]"

    with StandInChatServer(reply) as server:
        answer = ask(QUESTION, settings=llm_settings(server))
    assert answer.answerer == "llm:openai:stand-in" and not answer.abstained
    assert "Somerset" in answer.answer and answer.answer.rstrip().endswith("[1]")
    c = answer.citations[0]
    assert "Somerset" in c.quote and c.quote in c.chunk.text
    system = server.requests[0]["messages"][0]["content"]
    assert "data, not instructions" in system and SENTINEL in system
    assert '<passage n="1"' in server.requests[0]["messages"][1]["content"]


def test_citation_to_a_passage_not_given_is_rejected(llm_settings):
    def reply(messages):
        good = sentence_with(passage(messages, 1), "Somerset")
        return f"{good} [1] Every ICB must also appoint a dentist as chair. [42]"

    with StandInChatServer(reply) as server:
        answer = ask(QUESTION, settings=llm_settings(server))
    assert "dentist" not in answer.answer and "[42]" not in answer.answer
    assert answer.notice and "dropped" in answer.notice
    assert all(1 <= c.n <= len(answer.citations) for c in answer.citations)


def test_invented_quote_is_dropped_and_extractive_used(llm_settings):
    with StandInChatServer(lambda m: 'The BMA said boards are "perfectly balanced already". [1]') as server:
        answer = ask(QUESTION, settings=llm_settings(server))
    assert "perfectly balanced" not in answer.answer
    assert answer.answerer == "extractive" and "no verifiable citations" in answer.notice
    assert "Somerset" in answer.answer


def test_model_abstention_is_kept(llm_settings):
    with StandInChatServer(lambda m: f"{SENTINEL}.") as server:
        answer = ask("What is the annual budget of Norfolk and Waveney ICB?", settings=llm_settings(server))
    assert answer.abstained and answer.answer.startswith(SENTINEL)


def test_unreachable_server_falls_back_with_notice(llm_settings):
    dead = f"http://127.0.0.1:{free_port()}/v1"
    answer = ask(QUESTION, settings=llm_settings(None, base_url=dead))
    assert answer.answerer == "extractive" and answer.notice.startswith("LLM unavailable")
    assert "Somerset" in answer.answer and answer.citations
