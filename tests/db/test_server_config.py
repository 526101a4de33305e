"""The server a PC uses is remembered in the per-user data folder, the password apart from the
address and never in the address shown on screen."""
import json
import os
import stat
import sys

import pytest

from app.db import server_config
from app.db.bootstrap import open_database
from app.db.connection import DatabaseUnavailable
from app.db.server_config import ServerSettings


def test_saved_server_round_trip_without_the_password_in_the_address(tmp_path):
    assert server_config.load(tmp_path) is None
    settings = ServerSettings("192.168.1.10", 5433, "消协", "clerk", "p@ss:w/rd", "county")
    path = server_config.save(settings, tmp_path)
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["url"] == "postgresql://clerk@192.168.1.10:5433/%E6%B6%88%E5%8D%8F?schema=county"
    assert "p@ss:w/rd" not in path.read_text(encoding="utf-8")
    if not sys.platform.startswith("win"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    loaded = server_config.load(tmp_path)
    assert loaded == settings
    assert ServerSettings.from_url(server_config.load_url(tmp_path)) == settings
    server_config.save(None, tmp_path)                       # back to this PC's own data
    assert server_config.load(tmp_path) is None


def test_a_damaged_settings_file_means_single_pc_mode(tmp_path):
    server_config.config_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert server_config.load_url(tmp_path) is None


@pytest.mark.postgres
def test_the_saved_address_opens_the_server_and_hides_the_password(pg_schema_url, tmp_path):
    settings = ServerSettings.from_url(pg_schema_url)
    settings.password = "not-needed-but-secret"          # the test server trusts local connections
    assert server_config.try_connection(settings)[:2].isdigit()
    server_config.save(settings, tmp_path)
    opened = open_database(tmp_path, server_config.load_url(tmp_path))
    try:
        assert opened.is_server and "not-needed-but-secret" not in opened.location and ":***@" in opened.location
    finally:
        opened.db.close()


def test_a_wrong_server_is_explained_in_chinese():
    settings = ServerSettings("127.0.0.1", 1, "xiehui", "clerk", "")
    with pytest.raises(DatabaseUnavailable, match="连接不到服务器 127.0.0.1:1"):
        server_config.try_connection(settings)
