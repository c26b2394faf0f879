"""Start-up with the cyclic garbage collector paused.

Importing the API creates some hundred thousand objects (routes, models, tables); each
allocation burst triggers collections that scan all of them again, about a fifth of the
start-up time. The ``bill-sandbox`` command (``bill_sandbox.entry``) pauses the collector
before it imports anything; the app, once started (``create_app``'s lifespan), moves what
start-up made to the permanent generation (``gc.freeze``: never scanned again, so later
collections stay short too) and resumes collecting; with several workers, ``serve`` resumes
it in the supervising process before it starts them. Code that imports the package itself
(tests, the pytest plugin) never pauses it.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Called when the server is up; a no-op unless ``pause`` paused the collector."""
    global _paused
    if _paused:
        gc.freeze()
        gc.enable()
        _paused = False
