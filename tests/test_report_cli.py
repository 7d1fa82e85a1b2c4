"""`python -m sheets report`: a period's report to a .docx, on the local store and on Google."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from emulator import Emulator
from reform.i18n import t
from sheets.cli import main
from sheets.store import Store
from tests.report_fixture import fill


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def document_text(path: Path) -> str:
    document = Document(io.BytesIO(path.read_bytes()))
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_report_writes_the_periods_docx(
    empty_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fill(empty_store)
    out = tmp_path / "bao-cao-quy-2.docx"
    status, stdout, stderr = run(
        capsys, "report", "--period", "2018-Q2", "--out", str(out), "--date", "05/01/2019"
    )
    assert status == 0, stderr
    assert stdout.strip() == t("cli.report.done", "vi", period="quý II năm 2018", path=out)
    text = document_text(out)
    assert "Phú Yên, ngày 05 tháng 01 năm 2019" in text
    assert "quý II năm 2018" in text
    assert "Tổng số hồ sơ tiếp nhận: 28" in text


@pytest.mark.parametrize("period", ["2017-Q5", "2017-H3", "Q2/2017", "2017-06"])
def test_a_bad_period_is_one_clear_message_and_exit_2(
    demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, period: str
) -> None:
    out = tmp_path / "x.docx"
    status, stdout, stderr = run(
        capsys, "--lang", "en", "report", "--period", period, "--out", str(out)
    )
    assert status == 2
    assert stderr.strip() == t("cli.report.bad_period", "en", period=period)
    assert "Traceback" not in stdout + stderr
    assert not out.exists()


def test_a_bad_date_is_refused_with_exit_2(
    demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, stderr = run(
        capsys,
        "report",
        "--period",
        "2017",
        "--out",
        str(tmp_path / "x.docx"),
        "--date",
        "31/02/2018",
    )
    assert status == 2
    assert stderr.strip() == t("cli.report.bad_date", "vi", date="31/02/2018")


def test_an_empty_period_says_which_areas_have_no_data(
    demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "trong.docx"
    status, stdout, _ = run(
        capsys, "report", "--period", "2030-H2", "--out", str(out), "--date", "02/01/2031"
    )
    assert status == 0
    assert t("report.area.dossiers", "vi") in stdout.splitlines()[0]
    assert document_text(out).count("Không có số liệu trong kỳ.") == 7


def test_report_on_a_store_without_tabs_asks_for_init(
    db_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, stderr = run(capsys, "report", "--period", "2017", "--out", str(tmp_path / "x.docx"))
    assert status == 1
    assert "python -m sheets init" in stderr


def test_report_reads_a_google_sheet(
    emu: Emulator,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.host)
    monkeypatch.setenv("REFORM_GSHEETS_SPREADSHEET", emu.create_spreadsheet("CCHC"))
    monkeypatch.setenv("REFORM_STORE", "google")
    assert main(["init", "--demo"]) == 0
    capsys.readouterr()
    out = tmp_path / "bao-cao-2017.docx"
    status, stdout, stderr = run(
        capsys, "report", "--period", "2017-Q2", "--out", str(out), "--date", "05/07/2017"
    )
    assert status == 0, stderr
    assert not db_path.exists()  # nothing came from the embedded store
    text = document_text(out)
    assert "UBND TỈNH KHÁNH HÒA" in text and "Khánh Hòa, ngày 05 tháng 7 năm 2017" in text
    assert "Thực hiện Kế hoạch số 21/KH-SCT ngày 05/04/2017" in text
    assert "Không có số liệu trong kỳ." not in text
