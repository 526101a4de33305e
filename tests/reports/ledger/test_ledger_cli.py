"""The commands as an office's IT helper runs them: report, export-ledger, import-ledger,
ledger-template — exit codes and the printed counts."""
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[3]


def run(*args):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True)


def test_report_export_import_and_template_from_the_command_line(tmp_path):
    source, target = str(tmp_path / "source"), str(tmp_path / "target")
    assert run("--data-dir", source, "demo", "--cases", "200", "--seed", "3").returncode == 0
    month = date.today().strftime("%Y-%m")

    report = run("--data-dir", source, "report", "--month", month, "--out", str(tmp_path / "月报.xlsx"))
    assert report.returncode == 0, report.stderr
    assert re.search(r"受理投诉 \d+ 件，解决 \d+ 件", report.stdout)
    assert load_workbook(tmp_path / "月报.xlsx").sheetnames[:2] == ["汇总", "投诉性质"]

    ledger = tmp_path / "台账.xlsx"
    export = run("--data-dir", source, "export-ledger", "--from", "2000-01-01", "--to", "2100-12-31",
                 "--out", str(ledger), "--unmasked")
    assert export.returncode == 0, export.stderr
    assert "已导出台账" in export.stdout and "200 件（含完整身份证号和电话）" in export.stdout
    ws = load_workbook(ledger, read_only=True).active
    units = [r[0] for r in ws.iter_rows(min_row=2, min_col=30, max_col=30, values_only=True)]
    branch_rows = sum(1 for u in units if u != "本会")     # the target has no branch units: refused

    imported = run("--data-dir", target, "import-ledger", str(ledger), "--errors", str(tmp_path / "未导入.xlsx"))
    assert imported.returncode == (3 if branch_rows else 0), imported.stderr
    assert f"已导入 {200 - branch_rows} 行，拒绝 {branch_rows} 行，已存在跳过 0 行（共 200 行）" in imported.stdout
    assert "承办单位“城关分会”不在承办单位列表中" in imported.stderr or branch_rows == 0
    again = run("--data-dir", target, "import-ledger", str(ledger))
    assert f"已导入 0 行，拒绝 {branch_rows} 行，已存在跳过 {200 - branch_rows} 行" in again.stdout

    template = run("--data-dir", target, "ledger-template", "--out", str(tmp_path / "模板.xlsx"))
    assert template.returncode == 0, template.stderr
    wb = load_workbook(tmp_path / "模板.xlsx")
    assert [c.value for c in wb["台账"][1]][:3] == ["案件编号", "登记日期", "来源渠道"]
    assert len(wb["台账"].data_validations.dataValidation) == 10     # 证件类型 too


def test_bad_arguments_give_a_one_line_reason(tmp_path):
    bad = run("--data-dir", str(tmp_path), "report", "--quarter", "2026Q5", "--out", str(tmp_path / "x.xlsx"))
    assert bad.returncode == 1 and bad.stderr.strip() == "错误：季度应写作 YYYYQn，如 2026Q4（收到“2026Q5”）"
    missing = run("--data-dir", str(tmp_path), "import-ledger", str(tmp_path / "没有.xlsx"))
    assert missing.returncode == 1 and "找不到文件" in missing.stderr
    wrong = run("--data-dir", str(tmp_path), "export-ledger", "--from", "2026-01-01", "--to", "2026-13-01",
                "--out", str(tmp_path / "x.xlsx"))
    assert wrong.returncode == 1 and "日期应写作 YYYY-MM-DD" in wrong.stderr
