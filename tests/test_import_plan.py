"""`python -m sheets import-plan`: the seed plan into the store, again and again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from emulator import Emulator
from sheets import open_store
from sheets.cli import main
from sheets.settings import load_settings
from sheets.store import Store

SEED = Path(__file__).resolve().parents[2] / "shared/seed/000_1b10cacbbaa3dcb5.txt"
pytestmark = pytest.mark.skipif(not SEED.is_file(), reason=f"seed file not found: {SEED}")


def tasks(store: Store):
    return store.load(force=True).frame("tasks").sort_values(["section", "number"])


def test_the_seed_plan_imports_once_and_re_imports_to_nothing(
    empty_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-plan", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "! " in out  # every assumption is printed (renumbering, merged SMS row …)
    imported = tasks(empty_store)
    assert len(imported) == 12
    assert list(imported["section"]).count("I") == 6
    plans = empty_store.load().frame("plans")
    assert plans.iloc[0]["number"] == "21/KH-SCT" and plans.iloc[0]["year"] == 2017
    q1 = imported[(imported["section"] == "I") & (imported["number"] == 1)].iloc[0]
    assert q1["due_date"] == dt.datetime(2017, 3, 31)  # "Trong Quý I/2017"
    assert (imported["status"] == "Chưa thực hiện").all()

    revision = empty_store.backend.revision()
    assert main(["import-plan", str(SEED)]) == 0
    assert empty_store.backend.revision() == revision  # nothing written the second time
    assert "0 dòng thêm mới, 0 dòng cập nhật, 12 dòng không đổi" in capsys.readouterr().out


def test_changed_text_updates_the_task_and_keeps_its_tracking(
    empty_store: Store, tmp_path: Path
) -> None:
    assert main(["import-plan", str(SEED)]) == 0
    first = tasks(empty_store).iloc[0]
    empty_store.update("tasks", first["id"], {"status": "Hoàn thành", "progress": 100})
    edited = tmp_path / "plan.txt"
    edited.write_text(SEED.read_text("utf-8").replace("Trong Quý I/2017", "Trong Quý II/2017"),
                      "utf-8")
    assert main(["import-plan", str(edited)]) == 0
    after = tasks(empty_store).set_index("id").loc[first["id"]]
    assert after["deadline_text"] == "Trong Quý II/2017"
    assert after["due_date"] == dt.datetime(2017, 6, 30)
    assert (after["status"], after["progress"]) == ("Hoàn thành", 100)
    assert len(tasks(empty_store)) == 12


def test_a_file_without_the_table_is_refused(empty_store: Store, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "note.txt"
    other.write_text("Kính gửi: các phòng.\nNội dung không có bảng.", "utf-8")
    assert main(["import-plan", str(other)]) == 1
    assert capsys.readouterr().err.strip()
    assert tasks(empty_store).empty


def test_the_plan_imports_the_same_way_on_google_sheets(
    emu: Emulator, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.host)
    monkeypatch.setenv("REFORM_GSHEETS_SPREADSHEET", emu.create_spreadsheet("CCHC"))
    assert main(["init"]) == 0
    assert main(["import-plan", str(SEED)]) == 0
    store = open_store(load_settings(), create=False)
    assert len(tasks(store)) == 12
    emu.reset_calls()
    assert main(["import-plan", str(SEED)]) == 0
    assert [c for c in emu.calls() if c.method != "GET"] == []


def test_the_plan_page_previews_then_imports_pasted_text(empty_store: Store) -> None:
    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parents[1] / "app.py")
    at = AppTest.from_file(app, default_timeout=60)
    at.session_state["lang"] = "vi"
    at.run()
    at.switch_page(str(Path(app).parent / "pages/plan.py"))
    at.run()
    at.text_area(key="plan_paste").input(SEED.read_text("utf-8"))
    at.button(key="plan_read").click()
    at.run()
    assert not at.exception
    flagged = "\n".join(m.value for m in at.markdown)
    assert "trùng với nhiệm vụ trước; đánh lại thành 4" in flagged  # the duplicated "3"
    assert "nhiệm vụ II\\.3" in flagged  # the SMS row merged into II.3 (escaped markdown)
    preview = at.dataframe[-1].value
    assert len(preview) == 12
    assert "hạn 31/03/2017" in preview.to_string()  # "Trong Quý I/2017", understood
    assert tasks(empty_store).empty  # nothing written before the user says so
    at.button(key="plan_write").click()
    at.run()
    assert not at.exception
    assert len(tasks(empty_store)) == 12
    assert any("12 nhiệm vụ mới" in s.value for s in at.success)


def test_rows_typed_by_hand_are_found_by_their_place_not_duplicated(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's (or a colleague's) rows for the same plan have other ids: they are updated
    in place, their tracking kept, and no second set of tasks appears."""
    before = tasks(demo_store).set_index("id")
    assert main(["import-plan", str(SEED)]) == 0
    assert "0 dòng thêm mới" in capsys.readouterr().out
    after = tasks(demo_store).set_index("id")
    assert len(after) == 12 and list(after.index) == list(before.index)
    assert len(demo_store.load().frame("plans")) == 1
    for column in ("status", "progress", "completed_on", "evidence_url", "notes"):
        assert after[column].equals(before[column])
