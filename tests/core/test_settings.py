"""Settings: every tunable in one place, and a fingerprint that tells runs made differently apart."""

from pathlib import Path

from core.settings import Settings


def test_fingerprint_ignores_paths_and_secrets_but_not_tunables():
    a = Settings(home=Path("/tmp/a"))
    assert a.fingerprint() == Settings(home=Path("/tmp/b"), llm_api_key="secret").fingerprint()
    assert a.fingerprint() != a.with_(support_threshold=0.5).fingerprint()
    weights = dict(a.score_weights) | {"similarity": 0.2}
    assert a.fingerprint() != a.with_(score_weights=tuple(weights.items())).fingerprint()


def test_score_weights_are_named():
    s = Settings()
    assert {"coverage", "focus", "context", "similarity", "type", "rank"} <= set(dict(s.score_weights))
    assert s.weight("coverage") == dict(s.score_weights)["coverage"]


def test_answers_carry_the_settings_id(sample_home):
    from assistant.ask import ask

    settings = Settings.from_env(home=sample_home)
    answer = ask("Who sits on an integrated care board?", settings=settings)
    assert answer.to_dict()["settings_id"] == settings.fingerprint()


def test_a_settings_variant_on_the_same_index_is_used(sample_home):
    """Two settings over one index share the model and store, but each answer follows its own tunables."""
    from assistant.ask import ask

    settings = Settings.from_env(home=sample_home)
    question = "Who sits on an integrated care board?"
    assert not ask(question, settings=settings).abstained
    strict = ask(question, settings=settings.with_(support_threshold=5.0))
    assert strict.abstained and strict.settings_id != settings.fingerprint()
