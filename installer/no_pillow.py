"""Runtime hook of the frozen program (installer/xiehui-tiaojie.spec): Pillow is left out of the
bundle, and this stands in for the one name reportlab imports from it when it starts.

reportlab imports `PIL.Image` at the top of reportlab.lib.utils, but uses it only to read raster
images into a PDF; openpyxl and pypdfium2 use Pillow only for images in a workbook and for
to_pil()/from_pil(). The program's documents and workbooks hold no images (tests/test_packaging.py
checks that app/ never reaches those calls), and its preview hands PDFium's bitmaps to Qt
directly. Pillow's C part and its codec libraries are 6 MB installed, 1.4 MB of the installer.
Should an image ever be asked for, the stand-in refuses it with an OSError, which every one of
those callers already expects from an unreadable image, instead of the program failing to start.
"""
import sys
import types


def _refuse(*args, **kwargs):
    raise OSError("安装版不含图片处理组件（Pillow），无法读取图片")


def _stand_in() -> None:
    try:
        import PIL.Image  # noqa: F401 - a build that does carry Pillow keeps it
        return
    except ImportError:
        pass
    package = types.ModuleType("PIL")
    package.__path__ = []
    image = types.ModuleType("PIL.Image")
    image.Image = type("Image", (), {})
    image.open = image.new = image.frombytes = image.frombuffer = _refuse
    image.__getattr__ = lambda name: _refuse
    package.Image = image
    sys.modules["PIL"], sys.modules["PIL.Image"] = package, image


_stand_in()
