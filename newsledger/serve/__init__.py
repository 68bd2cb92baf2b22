"""Serve stage: the HTTP API and web UI (the ``serve`` extra: FastAPI, uvicorn, Jinja2).

Nothing heavy is imported here: ``newsledger.serve.app`` is imported only
when a server is started, so the CLI starts without FastAPI installed.
"""
