"""A bare PySide6 window: the baseline bench/bench_bundle_size.py builds with the same spec."""
import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("消协投诉调解台"))
window.show()
sys.exit(0 if "--smoke" in sys.argv else app.exec())
