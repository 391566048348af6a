"""TOTP codes (RFC 6238: HMAC-SHA1, 30-second steps, six digits) computed independently of
the code under test, as an authenticator app would."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time


def totp_code(secret: str, at: float | None = None, step: int = 0) -> str:
    """The code for ``secret`` (base32) at ``at`` (now), ``step`` periods later."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30) + step
    digest = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"
