"""The wording an office adapts (templates), and the font setting."""
from __future__ import annotations

import shutil

import pytest

from app.config import resource
from app.db.models import AuditLog
from app.domain.errors import NotAllowed, ValidationFailed
from app.reports.documents import make_document
from app.services import doc_templates
from app.services.context import SYSTEM, Actor
from app.services.settings import update_settings
from tests.reports import document_cases as cases
from tests.reports.pdf_check import all_text, fonts

CLERK = Actor(None, "clerk", "登记员甲", "clerk")


def test_every_default_wording_uses_only_placeholders_its_document_knows(sqlite_db):
    for part in doc_templates.all_templates():
        assert doc_templates.check_template(part.kind, part.default) is None, (part.kind, part.part)
        assert not part.customised


def test_an_unknown_placeholder_is_refused_when_saving(sqlite_db):
    with pytest.raises(ValidationFailed) as raised:
        doc_templates.save_template(SYSTEM, "agreement", "effect", "本协议自{签字日期}起生效。")
    assert "{签字日期}" in raised.value.message and "{协议份数}" in raised.value.message
    # a placeholder of another document is just as unknown here
    with pytest.raises(ValidationFailed, match="不予受理理由"):
        doc_templates.save_template(SYSTEM, "agreement", "effect", "{不予受理理由}")
    with pytest.raises(ValidationFailed, match="花括号"):
        doc_templates.save_template(SYSTEM, "acceptance", "body", "你于{登记日期投诉。")
    with pytest.raises(ValidationFailed, match="不能为空"):
        doc_templates.save_template(SYSTEM, "acceptance", "title", "  ")
    assert doc_templates.template_texts("agreement")["effect"].startswith("本协议自双方当事人签字")


def test_saved_wording_is_printed_audited_and_can_be_reset(sqlite_db):
    case_id = cases.settle_full_case()
    audit_rows = AuditLog.select().count()
    doc_templates.save_template(SYSTEM, "agreement", "effect",
                                "本协议经{机构名称}确认、双方签字后生效，共{协议份数}份。")
    doc_templates.save_template(SYSTEM, "agreement", "title", "人民调解协议书")
    assert AuditLog.select().count() == audit_rows + 2
    text = all_text(make_document("agreement", case_id).pdf)
    assert "本协议经某某县消费者协会确认、双方签字后生效，共三份。" in text and "人民调解协议书" in text
    doc_templates.reset_template(SYSTEM, "agreement", "effect")
    text = all_text(make_document("agreement", case_id).pdf)
    assert "本协议自双方当事人签字（盖章）之日起生效" in text and "确认、双方签字后生效" not in text


def test_only_the_settings_permission_may_change_wording(sqlite_db):
    with pytest.raises(NotAllowed):
        doc_templates.save_template(CLERK, "acceptance", "title", "受理告知书")


def test_an_optional_line_is_left_out_when_its_value_is_empty():
    text = "联系地址：{机构地址}\n联系电话：{机构电话}\n{投诉人}，{受理日期}"
    assert doc_templates.fill(text, {"机构电话": "0315-1234567", "投诉人": "王堃"}) == \
        f"联系电话：0315-1234567\n王堃，{doc_templates.BLANK}"


def test_windows_fonts_are_used_when_chosen_and_present(sqlite_db, tmp_path, monkeypatch):
    case_id = cases.settle_full_case()
    bundled = " ".join(f["name"] for f in fonts(make_document("acceptance", case_id).pdf))
    assert "NotoSerifSCXH" in bundled          # the bundled Song face
    # a "Windows" folder whose SimSun is (for the test) the bundled Hei face
    windows = tmp_path / "Fonts"
    windows.mkdir()
    shutil.copy(resource("fonts", "NotoSansSC-XH.ttf"), windows / "simsun.ttc")
    monkeypatch.setenv("XIEHUI_WINDOWS_FONTS", str(windows))
    update_settings(SYSTEM, {"print.font_source": "windows"})
    chosen = " ".join(f["name"] for f in fonts(make_document("acceptance", case_id).pdf))
    assert "NotoSerifSCXH" not in chosen and "NotoSansSCXH" in chosen


def test_missing_windows_fonts_fall_back_to_the_bundled_ones(sqlite_db, tmp_path, monkeypatch):
    case_id = cases.settle_full_case()
    monkeypatch.setenv("XIEHUI_WINDOWS_FONTS", str(tmp_path / "no-such-folder"))
    update_settings(SYSTEM, {"print.font_source": "windows"})
    pdf = make_document("agreement", case_id).pdf
    names = " ".join(f["name"] for f in fonts(pdf))
    assert "NotoSerifSCXH" in names and "NotoSansSCXH" in names
    assert "王堃" in all_text(pdf)
