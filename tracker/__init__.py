"""The reference database of negotiated political-prisoner releases."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("release-tracker")
except PackageNotFoundError:
    __version__ = "0.0.0+unknown"
