"""Server mode: the whole PostgreSQL database exports to a file that restore accepts — on the
server again, or on a single PC (and a single PC's backup moves an office onto the server)."""
import zipfile

import pytest

from app.db.bootstrap import open_database
from app.db.models import Attachment, AttachmentBlob, AuditLog, Case
from app.services import attachments, backup, registration
from app.services.context import SYSTEM
from app.services.integrity import check_integrity
from app.services.restore import restore_server, restore_sqlite
from tests.factories import complaint

pytestmark = pytest.mark.postgres
PHOTO = b"\x89PNG receipt photo " * 100


def _fill(tmp_path, n: int) -> int:
    ids = [registration.register(SYSTEM, complaint(person_kw={"name": f"客户{i}", "phone": f"1391111{i:04d}"})).case_id
           for i in range(n)]
    source = tmp_path / "收据.png"
    source.write_bytes(PHOTO)
    attachments.add_attachment(SYSTEM, ids[0], source)
    return ids[0]


def test_server_export_restores_onto_the_server(pg_schema_url, tmp_path, frozen_today):
    open_database(tmp_path, pg_schema_url)
    _fill(tmp_path, 4)
    exported = backup.backup_now(SYSTEM, tmp_path / "导出.zip")
    assert exported.manifest["source"] == "postgresql" and exported.manifest["counts"]["attachment_blob"] == 1
    assert backup.verify_backup(exported.path) == []
    late = registration.register(SYSTEM, complaint(goods_name="电视机")).number
    result = restore_server(SYSTEM, exported.path, tmp_path / "safety")
    assert backup.read_manifest(result.safety_backup)["counts"]["complaint_case"] == 5
    assert Case.select().count() == 4 and not Case.select().where(Case.number == late).exists()
    content = attachments.attachment_content_path(Attachment.get().id, tmp_path / "out")
    assert content.read_bytes() == PHOTO
    # the serial counters moved past the restored rows: the next registration just works
    assert registration.register(SYSTEM, complaint(goods_name="洗衣机")).number == "消调〔2026〕第5号"
    assert AuditLog.select().where(AuditLog.action == "restore").count() == 1
    assert check_integrity().ok


def test_a_server_export_restores_on_a_single_pc(pg_schema_url, tmp_path, frozen_today):
    open_database(tmp_path, pg_schema_url)
    _fill(tmp_path, 3)
    exported = backup.backup_now(SYSTEM, tmp_path / "导出.zip")
    data_dir = tmp_path / "单机"
    restore_sqlite(SYSTEM, exported.path, data_dir)
    assert Case.select().count() == 3 and AttachmentBlob.select().count() == 0
    sha = Attachment.get().sha256
    assert (data_dir / "attachments" / sha[:2] / sha).read_bytes() == PHOTO
    assert check_integrity().ok


def test_a_single_pc_backup_moves_onto_the_server(pg_schema_url, tmp_path, frozen_today):
    local = open_database(tmp_path / "单机")
    _fill(tmp_path, 3)
    made = backup.backup_now(SYSTEM, tmp_path / "单机备份.zip")
    with zipfile.ZipFile(made.path) as zf:
        assert any(n.startswith("attachments/") for n in zf.namelist())
    local.db.close()
    open_database(tmp_path / "server-side", pg_schema_url)
    result = restore_server(SYSTEM, made.path, tmp_path / "safety")
    assert result.attachments_restored == 1 and result.missing_attachments == []
    assert Case.select().count() == 3 and bytes(AttachmentBlob.get().data) == PHOTO
    assert attachments.missing_attachments() == []


@pytest.mark.parametrize("failing", ["_files_to_blobs", "_record"])
def test_a_server_restore_that_fails_midway_leaves_the_server_as_it_was(pg_schema_url, tmp_path, frozen_today,
                                                                          monkeypatch, failing):
    """Rows, attachments, guards and the audit row go in one transaction: a failure at the
    attachments or at the audit row puts nothing in. The id serials never move back either
    (setval is outside transactions): after the failed restore of 2 cases over 5, the next
    registration still gets a free id instead of a duplicate-key error."""
    from app.services import restore
    open_database(tmp_path, pg_schema_url)
    _fill(tmp_path, 2)
    exported = backup.backup_now(SYSTEM, tmp_path / "导出.zip")
    for i in range(3):
        registration.register(SYSTEM, complaint(person_kw={"name": f"后来{i}", "phone": f"1392222{i:04d}"}))
    before = sorted(n for (n,) in Case.select(Case.number).tuples())
    restores = AuditLog.select().where(AuditLog.action == "restore").count()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(restore, failing, broken)
    with pytest.raises(backup.BackupFailed, match="恢复没有完成，服务器上的数据未作任何改动.*恢复前的导出在"):
        restore_server(SYSTEM, exported.path, tmp_path / "safety")
    assert sorted(n for (n,) in Case.select(Case.number).tuples()) == before
    assert AuditLog.select().where(AuditLog.action == "restore").count() == restores
    assert registration.register(SYSTEM, complaint(goods_name="电视机")).number == "消调〔2026〕第6号"
    assert check_integrity().ok
