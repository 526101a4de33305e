"""Where other parts of the program plug into the client without editing its widgets.

- `NAVIGATION_ENTRIES`: screens listed in the main window's navigation below the work queues
  (e.g. the statistics screen). Each opens its widget in a tab of the main window.
- `DOCUMENT_ACTIONS`: providers of the 文书 (documents to print) buttons of a case workspace;
  each is called with the workspace and returns QActions (it reads `workspace.case_id` and
  `workspace.detail`). The workspace shows its 文书 bar only when there is something in it.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget


class NavigationEntry(NamedTuple):
    key: str                                  # stable identifier, e.g. "statistics"
    label: str                                # shown in the navigation, e.g. "统计报表"
    factory: Callable[[object], QWidget]      # called with the MainWindow; returns the screen


NAVIGATION_ENTRIES: list[NavigationEntry] = []

DOCUMENT_ACTIONS: list[Callable[[object], list[QAction]]] = []


def add_navigation_entry(entry: NavigationEntry) -> None:
    if all(e.key != entry.key for e in NAVIGATION_ENTRIES):
        NAVIGATION_ENTRIES.append(entry)


def add_document_provider(provider: Callable[[object], list[QAction]]) -> None:
    if provider not in DOCUMENT_ACTIONS:
        DOCUMENT_ACTIONS.append(provider)
