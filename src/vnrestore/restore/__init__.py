"""Diacritic restoration: model tables, model build, decoder, candidate sources, the API.

``vnrestore.restore`` is both this package and the public function
:func:`vnrestore.restore.api.restore`: once a submodule is imported, Python binds
the package to the name ``restore`` on ``vnrestore``, hiding the lazily exported
function.  The package is therefore callable and forwards to that function, so
``vnrestore.restore(text)`` works either way without importing numpy on
``import vnrestore``.
"""

from __future__ import annotations

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, text: str) -> str:
        from .api import restore

        return restore(text)


sys.modules[__name__].__class__ = _CallablePackage
