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


@pytest.mark.parametrize("english, chinese", [
    ('connection to server at "10.0.0.5", port 80 failed: received invalid response to SSL negotiation: H',
     "10.0.0.5:80 上运行的不是 PostgreSQL 数据库服务，请检查服务器地址和端口（PostgreSQL 的端口一般是 5432）"),
    ('could not translate host name "serverr" to address: Name or service not known',
     "找不到服务器“10.0.0.5”，请检查服务器名称或改填它的 IP 地址（如 192.168.1.10）"),
    ('connection to server at "10.0.0.5", port 80 failed: FATAL:  role "clerk" does not exist',
     "服务器上没有名为“clerk”的数据库用户，请核对用户名，或请管理员先创建该用户"),
    ("something nobody has seen before",
     "无法连接服务器 10.0.0.5:80，服务器的回答无法识别；请检查地址、端口和用户名，或请管理员查看服务器日志"),
])
def test_what_the_driver_says_is_told_in_chinese_only(english, chinese):
    assert server_config.explain(english, ServerSettings("10.0.0.5", 80, "xiehui", "clerk", "")) == chinese


def test_a_port_that_is_not_postgresql_is_named_as_such():
    """A web server where the database was expected: the driver's SSL complaint, in Chinese."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def answer_like_a_web_server():
        conn, _ = listener.accept()
        conn.recv(100)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        conn.close()
    threading.Thread(target=answer_like_a_web_server, daemon=True).start()
    port = listener.getsockname()[1]
    with pytest.raises(DatabaseUnavailable) as raised:
        server_config.try_connection(ServerSettings("127.0.0.1", port, "xiehui", "clerk", ""))
    listener.close()
    assert str(raised.value).startswith(f"127.0.0.1:{port} 上运行的不是 PostgreSQL 数据库服务")
