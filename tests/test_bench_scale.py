"""bench/scale.py at a tiny size: the generator writes valid rows and every figure is computed.

No timing is asserted: the benchmark's figures are printed by the script, not tested.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from sheets.local import LocalBackend
from sheets.store import Store

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "scale.py"
TODAY = dt.date(2026, 11, 28)  # a fixed day, so the newest year has three complete quarters


@pytest.fixture(scope="module")
def scale():
    spec = importlib.util.spec_from_file_location("bench_scale", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generator_and_every_figure(scale, tmp_path: Path):
    path = tmp_path / "scale.db"
    generated = scale.generate(path, 200, 100, 100, 20, TODAY, time_append=True)
    assert generated.rows["survey_responses"] == 200
    assert generated.rows["feedback"] == 100
    assert generated.rows["dossiers"] == 100
    assert generated.rows["tasks"] == 20
    assert generated.store_append_per_1000 is not None

    store = Store(LocalBackend(f"sqlite:///{path}"))
    load, book = scale.measure_load(store, repeat=1)
    assert book.problems == []  # every generated row is valid
    for key, rows in generated.rows.items():
        assert len(book.frame(key)) == rows, key
    assert load.rows == sum(generated.rows.values())

    # Answers 1–5 all occur; several years, every channel.
    responses = book.frame("survey_responses")
    assert set(responses["TC1"].dropna().astype(int)) == {1, 2, 3, 4, 5}
    assert responses["submitted_at"].dt.year.nunique() >= 4
    assert responses["channel"].nunique() > 1

    figures = scale.measure_figures(book, TODAY, repeat=1)
    names = [f.what for f in figures]
    for expected in (
        "overview.figures",
        "overview.attention",
        "metrics.satisfaction_by_quarter",
        "metrics.dossiers_by_month",
        "tasks.period_table",
        "surveys.quarterly",
        "surveys.by_question",
        "feedback.on_time_share",
        "feedback.median_handling_days",
        "dossiers.figures_by",
        "dossiers.check_dossiers",
    ):
        assert any(expected in name for name in names), expected
    for figure in figures:
        assert figure.seconds >= 0 and figure.peak_mib is not None, figure.what
        assert figure.result is not None, figure.what
    by_name = {f.what.split(": ", 1)[1]: f.result for f in figures}
    overview = by_name["overview.figures 2026-Q4"]
    assert overview.plan.total > 0 and overview.satisfaction.share is not None
    assert len(by_name["surveys.quarterly 2026"]) == 4

    table = scale.table([load, *figures])
    assert "peak MiB" in table and "Store.load" in table
    store.backend.engine.dispose()


def test_pages_run_against_the_store(scale, tmp_path: Path):
    path = tmp_path / "scale.db"
    generated = scale.generate(path, 200, 100, 100, 20, TODAY, time_append=False)
    figures = scale.measure_pages(path, sum(generated.rows.values()), timeout=120)
    assert [f.error for f in figures] == [None, None, None]
    overview, _, surveys = figures
    assert len(overview.result) == 5  # the five figure cards
    assert surveys.result == "Khảo sát"
