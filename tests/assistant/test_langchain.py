"""LangChain's own standard test suites against our retriever and embeddings."""

from __future__ import annotations

import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests

from assistant.lc import IcsEmbeddings, IcsRetriever


class TestIcsRetriever(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _home(self, sample_home):
        self.home = str(sample_home)

    @property
    def retriever_constructor(self):
        return IcsRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"home": self.home, "k": 5}

    @property
    def retriever_query_example(self) -> str:
        return "public health expertise on ICB boards"


class TestIcsEmbeddings(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self):
        return IcsEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {}
