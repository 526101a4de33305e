"""Where the file dialogs start (app/ui/file_places.py)."""

def test_file_dialogs_start_in_documents_then_where_the_clerk_last_chose(qapp, tmp_path, monkeypatch):
    """Not the working directory (the program folder under Program Files once installed)."""
    from PySide6.QtCore import QSettings, QStandardPaths

    from app.ui import file_places
    QSettings().remove(file_places.LAST_FOLDER)
    documents = tmp_path / "文档"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(documents))
    assert file_places.start_at("台账.xlsx") == str(documents / "台账.xlsx")
    chosen = tmp_path / "共享" / "报表.xlsx"
    chosen.parent.mkdir()
    file_places.remember(chosen)
    assert file_places.start_at() == str(chosen.parent)
    chosen.parent.rmdir()                          # a folder since removed: back to Documents
    assert file_places.start_folder() == documents
