"""The Flask application: `create_app` wires the pieces of webui/ together, nothing more.

Pages are in webui/views.py (a Blueprint), request parsing in params.py, URL building in
urls.py, errors in errors.py, the shared search engine in engine.py and the multi-process
server in server.py. Every page has a JSON twin (the same path with `.json`), errors
share one JSON shape, and nothing a user sends can produce a 500: bad parameters are a
400 with a Vietnamese message.
"""

from __future__ import annotations

from flask import Flask, Response

from webui.engine import SharedEngine
from webui.errors import register_error_handlers
from webui.settings import Settings
from webui.views import ENGINE, pages

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    """No external assets, no framing, no sniffing, on every response (a view may narrow them)."""
    for key, value in SECURITY_HEADERS.items():
        response.headers.setdefault(key, value)
    return response


def create_app(settings: Settings | None = None) -> Flask:
    """The app factory (Flask's pattern); `settings` default to the environment."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions[ENGINE] = SharedEngine(settings.index_dir)
    app.register_blueprint(pages)
    register_error_handlers(app)
    app.after_request(add_security_headers)
    return app
