"""A real OpenID Connect provider on a live server for the single sign-on tests.

``oidc-provider-mock`` is a Flask application built on Authlib's OAuth 2.0 / OpenID Connect
server: discovery document, authorisation endpoint (a form where the test picks the person),
token endpoint issuing RS256-signed ID tokens, userinfo and JWKS — the protocol, not a
stand-in for our code. We serve it with werkzeug on 127.0.0.1 in a thread.

``forge_audience`` makes its token endpoint answer with an ID token for another client,
re-signed with the provider's own key: what a mix-up or a token replayed from another
application looks like.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import flask
import jwt
import oidc_provider_mock
from werkzeug.serving import make_server


@dataclass
class Provider:
    url: str
    forged_audience: list[str] = field(default_factory=list)

    def forge_audience(self, audience: str) -> None:
        self.forged_audience.append(audience)


def _reissued(body: dict[str, object], audience: str) -> dict[str, object]:
    storage = flask.g.oidc_provider_mock_storage
    token = str(body["id_token"])
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["aud"] = audience
    key = storage.jwk.as_pem(is_private=True)
    return {**body, "id_token": jwt.encode(claims, key, algorithm="RS256", headers=header)}


@contextmanager
def oidc_provider(users: list[oidc_provider_mock.User]) -> Iterator[Provider]:
    app = oidc_provider_mock.app(user_claims=users, require_nonce=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    provider = Provider(url=f"http://127.0.0.1:{server.server_port}")

    @app.after_request
    def forge(response: flask.Response) -> flask.Response:
        if flask.request.path.endswith("/token") and provider.forged_audience:
            body = _reissued(response.get_json(), provider.forged_audience[-1])
            response.set_data(flask.json.dumps(body))
        return response

    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
