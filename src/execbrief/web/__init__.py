"""The web workspace (`execbrief serve`): FastAPI routes over execbrief.app, nothing more.

`app.py` builds the application (security headers, sessions, CSRF), `security.py` holds
the per-request checks, `api.py` the JSON routes of SPEC section 8 and `share_page.py` the
CEO's read-only page. FastAPI is imported only by `execbrief serve`, never by the rest of
the command line.
"""
