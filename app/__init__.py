"""消协投诉调解台 — complaint mediation desk for county consumer associations."""

__version__ = "0.1.0"
APP_NAME = "消协投诉调解台"
APP_ID = "XiehuiTiaojie"
