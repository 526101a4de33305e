"""`python main.py document KIND CASE_NO --out FILE.pdf`, and reportlab staying out of start-up."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.cli import main
from app.services.casefile import case_detail
from tests.reports import document_cases as cases
from tests.reports.pdf_check import all_text, page_texts

ROOT = Path(__file__).resolve().parents[2]


def test_every_kind_of_a_finished_case_from_the_command_line(sqlite_db, tmp_path, capsys):
    case_id = cases.settle_full_case()
    number = case_detail(case_id).case["number"]
    made = {}
    for kind in ("registration", "acceptance", "mediation_notice", "mediation_record", "agreement", "followup",
                 "cover", "archive"):
        out = tmp_path / f"{kind}.pdf"
        code = main(["--data-dir", str(sqlite_db.data_dir), "document", kind, number, "--out", str(out)])
        assert code == 0, capsys.readouterr().err
        made[kind] = out.read_bytes()
        assert number in all_text(made[kind])
    printed = capsys.readouterr().out
    assert f"已生成调解协议书（{number}，1页）" in printed       # two terms: one page
    assert "王堃" in all_text(made["agreement"]) and "以上笔录已阅" in all_text(made["mediation_record"])
    assert len(page_texts(made["archive"])) > len(page_texts(made["cover"]))


def test_rejection_and_termination_from_the_command_line(sqlite_db, tmp_path):
    for case_id, kind, ground in ((cases.rejected_case(), "rejection", "《市场监督管理投诉举报处理办法》第十六条第一款第（四）项"),
                                  (cases.terminated_case(), "termination", "《市场监督管理投诉举报处理办法》第二十三条第一款第（二）项")):
        out = tmp_path / f"{kind}.pdf"
        number = case_detail(case_id).case["number"]
        assert main(["--data-dir", str(sqlite_db.data_dir), "document", kind, number, "--out", str(out)]) == 0
        assert ground in all_text(out.read_bytes())


def test_a_case_in_no_state_for_the_document_exits_non_zero_with_a_chinese_reason(sqlite_db, tmp_path, capsys):
    case_id = cases.rejected_case()
    number = case_detail(case_id).case["number"]
    out = tmp_path / "agreement.pdf"
    assert main(["--data-dir", str(sqlite_db.data_dir), "document", "agreement", number, "--out", str(out)]) == 1
    error = capsys.readouterr().err.strip()
    assert error == "错误：案件还没有登记调解协议，不能出具调解协议书"
    assert not out.exists()
    assert main(["--data-dir", str(sqlite_db.data_dir), "document", "contract", number, "--out", str(out)]) == 1
    assert "没有这种文书：contract" in capsys.readouterr().err
    assert main(["--data-dir", str(sqlite_db.data_dir), "document", "agreement", "消调〔2026〕第999号",
                 "--out", str(out)]) == 1
    assert "找不到案件" in capsys.readouterr().err


def test_the_session_option_picks_the_session(sqlite_db, tmp_path, capsys):
    case_id = cases.scheduled_case()
    number = case_detail(case_id).case["number"]
    out = tmp_path / "notice.pdf"
    assert main(["--data-dir", str(sqlite_db.data_dir), "document", "mediation_notice", number,
                 "--session", "1", "--out", str(out)]) == 0
    assert "2026年12月3日（星期四）" in all_text(out.read_bytes())
    assert main(["--data-dir", str(sqlite_db.data_dir), "document", "mediation_notice", number,
                 "--session", "2", "--out", str(out)]) == 1
    assert "没有第2次调解" in capsys.readouterr().err


def test_reportlab_is_not_imported_at_start_up():
    code = ("import sys, app.cli, app.reports.documents, app.reports.documents.availability; "
            "app.cli.build_parser(); print('reportlab' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
