"""The panel's one-minute HS256 token, signed with the Python standard library only.

Why not PyJWT: the official Odoo images and many Odoo.sh / distribution installs do not ship it, and an addon
that needs an extra pip package fails to install there. HS256 is one HMAC-SHA256 over two base64url JSON parts,
small enough to write here; the connector verifies it with a well-kept library (jose). No Odoo import here, so the
repository's checks can run this file with a plain python3.
"""
import base64
import hashlib
import hmac
import json
import secrets
import time

AUDIENCE = 'aec-admin-panel'
LIFETIME_SECONDS = 60
MIN_SECRET_BYTES = 32

# Who gets which role (decided here, documented in the README): the addon's own groups first, then Odoo's.
INTEGRATOR_GROUPS = ('amazon_connector_panel.group_amazon_integrator', 'base.group_system')
ACCOUNTANT_GROUPS = ('amazon_connector_panel.group_amazon_accountant', 'account.group_account_manager')


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def _json_part(value):
    return _b64url(json.dumps(value, separators=(',', ':'), ensure_ascii=False).encode('utf-8'))


def role_for(has_group):
    """integrator, accountant or viewer, from a has_group(xmlid) -> bool callable."""
    if any(has_group(g) for g in INTEGRATOR_GROUPS):
        return 'integrator'
    if any(has_group(g) for g in ACCOUNTANT_GROUPS):
        return 'accountant'
    return 'viewer'


def panel_claims(issuer, user_id, name, role, now=None):
    """The contract's claims: iss (the ERP's base URL), aud, sub, iat, exp (one minute), jti, name, role."""
    issued = int(now if now is not None else time.time())
    return {
        'iss': issuer.rstrip('/'),
        'aud': AUDIENCE,
        'sub': str(user_id),
        'iat': issued,
        'exp': issued + LIFETIME_SECONDS,
        'jti': secrets.token_urlsafe(18),
        'name': name,
        'role': role,
    }


def sign_hs256(claims, secret):
    """A compact JWS (header.payload.signature) with alg HS256; refuses secrets shorter than 32 bytes."""
    key = secret.encode('utf-8')
    if len(key) < MIN_SECRET_BYTES:
        raise ValueError('PANEL_SECRET_TOO_SHORT: the embed secret needs at least %d bytes' % MIN_SECRET_BYTES)
    signing_input = _json_part({'alg': 'HS256', 'typ': 'JWT'}) + '.' + _json_part(claims)
    signature = hmac.new(key, signing_input.encode('ascii'), hashlib.sha256).digest()
    return signing_input + '.' + _b64url(signature)
