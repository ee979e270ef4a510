"""Made-up proxy credentials and a private contact, which the secrets tests look for in every
output (the password, the e-mail address, the Base64 form of user:password)."""

from __future__ import annotations

import base64

USER, PASSWORD = "archiver", "s3cr3t-pa55w0rd"
EMAIL = "secret-archivist@example.org"
CONTACT = f"mailto:{EMAIL}"
SECRETS = (PASSWORD, EMAIL, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
