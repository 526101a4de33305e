"""管理: who is working (login, first start), users, the audit log, backups, the server, settings."""
