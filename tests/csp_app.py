"""The application behind the Content-Security-Policy the pages are served under in production, so
that a browser test fails on any inline script or handler."""
from dtkg.server.app import create_app

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

app = create_app()


@app.after_request
def content_security_policy(response):
    response.headers["Content-Security-Policy"] = CSP
    return response
