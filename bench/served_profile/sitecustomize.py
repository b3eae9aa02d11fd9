"""Profiling inside a served worker, for bench/profile_served.py only.

Python imports a ``sitecustomize`` module found on its path when it starts; the profiler
puts this folder on the server's PYTHONPATH. When HEARTH_PROFILE_TO names a file, every
request through Django's WSGI handler runs under cProfile, and when the file
``HEARTH_PROFILE_TO + ".dump"`` exists at the end of a request, the profile so far is
written to HEARTH_PROFILE_TO and the trigger removed. Without the variable this does
nothing. Nothing in Hearth itself imports it."""

from __future__ import annotations

import os

TARGET = os.environ.get("HEARTH_PROFILE_TO", "")

if TARGET:
    import cProfile
    from typing import Any

    from django.core.handlers import wsgi

    class _Kept:
        profile = cProfile.Profile()
        requests = 0  # in the profile

    _plain = wsgi.WSGIHandler.__call__

    def _profiled(self: wsgi.WSGIHandler, environ: Any, start_response: Any) -> Any:
        profile = _Kept.profile
        profile.enable()
        try:
            return _plain(self, environ, start_response)
        finally:
            profile.disable()
            _Kept.requests += 1
            if _taken(".reset"):
                _Kept.profile, _Kept.requests = cProfile.Profile(), 0
            if _taken(".dump"):
                profile.dump_stats(TARGET + ".part")
                with open(TARGET + ".count", "w", encoding="ascii") as count:
                    count.write(f"{_Kept.requests}\n")
                os.replace(TARGET + ".part", TARGET)

    def _taken(signal: str) -> bool:
        """Whether the signal file was there (it is removed)."""
        try:
            os.remove(TARGET + signal)
        except FileNotFoundError:
            return False
        return True

    wsgi.WSGIHandler.__call__ = _profiled  # type: ignore[method-assign]
