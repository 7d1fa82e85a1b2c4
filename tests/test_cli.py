"""Tests for the command line, `python -m sheets`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from reform.i18n import t
from sheets.cli import COMMANDS, main
from sheets.local import LocalBackend
from sheets.schema import TABS
from sheets.store import Store
from sheets.transfer import export_xlsx

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Exit status and everything printed (stdout then stderr)."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def store_at(db_path: Path) -> Store:
    """The store the command line uses in this test."""
    return Store(LocalBackend(f"sqlite:///{db_path}"))


def assert_no_traceback(output: str) -> None:
    assert "Traceback" not in output


# -- help ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_help_names_every_command(
    db_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    status, output = run(capsys, "--lang", lang, "--help")
    assert status == 0
    for command in COMMANDS:
        assert command in output
        assert t(f"cli.{command.replace('-', '_')}.help", lang)[:30] in output.replace("\n", " ")
    assert t("cli.usage", lang) in output


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(
    db_path: Path, capsys: pytest.CaptureFixture[str], command: str, lang: str
) -> None:
    status, output = run(capsys, "--lang", lang, command, "--help")
    assert status == 0
    assert f"python -m sheets {command}" in output
    description = t(f"cli.{command.replace('-', '_')}.description", lang)
    assert description.split()[0] in output


def test_help_runs_as_a_module(db_path: Path) -> None:
    env = {**os.environ, "REFORM_DB_PATH": str(db_path)}
    done = subprocess.run([sys.executable, "-m", "sheets", "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    for command in COMMANDS:
        assert command in done.stdout
    assert done.stderr == ""


def test_usage_errors_exit_2(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = run(capsys, "bogus")
    assert status == 2
    assert "bogus" in output
    status, _ = run(capsys)
    assert status == 2


def test_language_defaults_to_the_setting(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFORM_LANGUAGE", "en")
    status, output = run(capsys, "--help")
    assert status == 0
    assert t("cli.description", "en")[:40] in output.replace("\n", " ")


# -- init ---------------------------------------------------------------------------------


def test_init_twice_creates_nothing_the_second_time(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run(capsys, "init")
    assert status == 0
    assert output.count("Đã tạo bảng") == len(TABS)
    assert "«Nhiệm vụ»" in output
    revision = store_at(db_path).backend.revision()
    status, output = run(capsys, "init")
    assert status == 0
    assert output.strip() == t("cli.init.nothing", "vi")
    assert store_at(db_path).backend.revision() == revision
    assert not store_at(db_path).load().has_demo_data()


def test_init_demo_fills_empty_tabs(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = run(capsys, "--lang", "en", "init", "--demo")
    assert status == 0
    assert "Created the tab «Nhiệm vụ»." in output
    assert "Added 12 rows of demo data to the tab «Nhiệm vụ»." in output
    assert store_at(db_path).load().has_demo_data()
    status, output = run(capsys, "--lang", "en", "init", "--demo")
    assert output.strip() == t("cli.init.nothing", "en")


@pytest.mark.parametrize("command", ["check", "export x.xlsx", "import x.xlsx", "clear-demo"])
def test_commands_on_an_empty_store_ask_for_init(
    db_path: Path, capsys: pytest.CaptureFixture[str], command: str, tmp_path: Path
) -> None:
    argv = [str(tmp_path / a) if a.endswith(".xlsx") else a for a in command.split()]
    status, output = run(capsys, *argv)
    assert status == 1
    assert "python -m sheets init" in output
    assert_no_traceback(output)
    assert not (tmp_path / "x.xlsx").exists()


# -- check --------------------------------------------------------------------------------


def test_check_passes_on_the_demo_store(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run(capsys, "check")
    assert status == 0
    assert "Tổng cộng: 0 lỗi" in output
    assert "Lỗi:" not in output
    status, output = run(capsys, "--lang", "en", "check")
    assert status == 0
    assert "Error:" not in output
    assert "Total: 0 errors" in output


def test_check_lists_each_broken_row(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = demo_store.backend
    tasks = backend.read_tabs(["Nhiệm vụ"])["Nhiệm vụ"]
    task_row = len(tasks.rows) + 2
    task = dict.fromkeys(tasks.headers)
    task.update({"ID": "bad-task", "Số kế hoạch": "21/KH-SCT", "Năm": 2017, "Phần": "V",
                 "STT": 1, "Nội dung, nhiệm vụ cụ thể": "x", "Chủ trì": "Văn phòng Sở",
                 "Hạn hoàn thành": "31/02/2017"})
    backend.insert_raw_row("Nhiệm vụ", [task[h] for h in tasks.headers])
    indices = backend.read_tabs(["Chỉ số"])["Chỉ số"]
    index_row = len(indices.rows) + 2
    index = dict.fromkeys(indices.headers)
    index.update({"ID": "bad-index", "Năm": 1990, "Chỉ số": "PAR INDEX", "Phạm vi": "Sở",
                  "Điểm": "cao"})
    backend.insert_raw_row("Chỉ số", [index[h] for h in indices.headers])

    status, output = run(capsys, "check")

    assert status == 1
    lines = [line for line in output.splitlines() if line.startswith("Lỗi:")]
    assert len(lines) == 4
    assert any(f"«Nhiệm vụ», dòng {task_row}, cột «Phần» (D{task_row})" in x for x in lines)
    assert any(f"«Nhiệm vụ», dòng {task_row}, cột «Hạn hoàn thành» (H{task_row})" in x
               for x in lines)
    assert any(f"«Chỉ số», dòng {index_row}, cột «Năm» (B{index_row})" in x for x in lines)
    assert any(f"«Chỉ số», dòng {index_row}, cột «Điểm» (E{index_row})" in x for x in lines)
    assert t("cli.check.summary", "vi", errors=4, warnings=0) in output


# -- export and import --------------------------------------------------------------------


def test_export_then_import_changes_nothing(
    demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "sao-luu.xlsx"
    status, output = run(capsys, "export", str(path))
    assert status == 0
    assert "«Phiếu khảo sát»: 299 dòng" in output
    assert str(path) in output
    revision = demo_store.backend.revision()
    status, output = run(capsys, "import", str(path))
    assert status == 0
    assert "«Nhiệm vụ»: 0 dòng thêm mới, 0 dòng cập nhật, 12 dòng không đổi" in output
    assert "«Nhật ký»: bỏ qua" in output
    assert demo_store.backend.revision() == revision


def test_import_applies_a_change_and_names_the_actor(
    demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "sao-luu.xlsx"
    export_xlsx(demo_store, path)
    workbook = openpyxl.load_workbook(path)
    units = workbook["Đơn vị"]
    units["C2"] = "BLĐ"
    workbook.save(path)
    status, output = run(capsys, "--lang", "en", "import", str(path), "--actor", "an.nv")
    assert status == 0
    assert "1 updated" in output
    audit = demo_store.load(force=True).frame("audit")
    assert audit.iloc[-1]["actor"] == "an.nv"
    assert audit.iloc[-1]["action"] == "Nhập"


def test_import_of_a_broken_file_prints_every_reason(
    demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "sai.xlsx"
    export_xlsx(demo_store, path)
    workbook = openpyxl.load_workbook(path)
    workbook["Hoạt động"]["B3"] = "32/13/2017"
    workbook["Nhiệm vụ"].delete_cols(9)  # Chủ trì
    workbook["Chỉ số"]["E2"] = "=1+1"
    dossiers = workbook["Hồ sơ một cửa"]
    dossiers["A5"] = dossiers["A4"].value
    workbook.save(path)
    revision = demo_store.backend.revision()

    status, output = run(capsys, "import", str(path))

    assert status == 1
    assert_no_traceback(output)
    assert t("cli.import.refused", "vi", path=path) in output
    assert "«Hoạt động», dòng 3, cột «Ngày» (B3)" in output
    assert "«Nhiệm vụ», dòng 1, cột «Chủ trì»" in output
    assert "«Chỉ số», dòng 2, cột «Điểm» (E2)" in output
    assert t("problem.formula", "vi") in output
    assert "«Hồ sơ một cửa», dòng 5, cột «ID» (A5)" in output
    assert output.rstrip().endswith(t("cli.import.nothing_changed", "vi"))
    assert demo_store.backend.revision() == revision


@pytest.mark.parametrize("content", [None, b"PK\x03\x04 not really a zip", b"hello"])
def test_import_of_a_bad_or_missing_file_is_one_clear_message(
    demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    content: bytes | None,
) -> None:
    path = tmp_path / "tep.xlsx"
    if content is not None:
        path.write_bytes(content)
    status, output = run(capsys, "--lang", "en", "import", str(path))
    assert status == 1
    assert_no_traceback(output)
    expected = "does not exist" if content is None else "could not be read as an Excel"
    assert expected in output
    assert "Nothing was changed." in output


def test_export_to_a_missing_folder_is_one_clear_message(
    demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, output = run(capsys, "export", str(tmp_path / "no" / "such" / "x.xlsx"))
    assert status == 1
    assert_no_traceback(output)
    assert len(output.strip().splitlines()) == 1


# -- clear-demo ---------------------------------------------------------------------------


def test_clear_demo_leaves_no_demo_rows(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_store.append("units", [{"name": "Phòng Quản lý thương mại"}])
    status, output = run(capsys, "clear-demo")
    assert status == 0
    assert "«Nhiệm vụ»: đã xóa 12 dòng" in output
    book = demo_store.load(force=True)
    assert not book.has_demo_data()
    assert list(book.frame("units")["name"]) == ["Phòng Quản lý thương mại"]
    status, output = run(capsys, "clear-demo")
    assert status == 0
    assert output.strip() == t("cli.clear_demo.nothing", "vi")


def test_lang_may_follow_the_command(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run(capsys, "check", "--lang", "en")
    assert status == 0
    assert "Total: 0 errors" in output
