"""GET /amazon_connector/panel_token: a fresh one-minute panel token for the logged-in Odoo user."""
from odoo import http
from odoo.http import request

from .. import panel_jwt

PARAM_PANEL_URL = 'amazon_connector.panel_url'
PARAM_SECRET = 'amazon_connector.embed_secret'


class AmazonPanelController(http.Controller):

    # type='http' + GET + make_json_response: the same in 17, 18 and 19 (the JSON-RPC helpers of the web client
    # moved between versions), and a GET needs no CSRF token. auth='user': only a logged-in session gets a token.
    @http.route('/amazon_connector/panel_token', type='http', auth='user', methods=['GET'])
    def panel_token(self):
        params = request.env['ir.config_parameter'].sudo()
        panel_url = (params.get_param(PARAM_PANEL_URL) or '').strip().rstrip('/')
        secret = params.get_param(PARAM_SECRET) or ''
        if not panel_url or not secret:
            return self._answer({'code': 'PANEL_NOT_CONFIGURED',
                                 'message': 'Set the system parameters %s and %s' % (PARAM_PANEL_URL, PARAM_SECRET)}, 503)
        user = request.env.user

        def has_group(xmlid):
            # a group of a module that is not installed (account) is simply not held
            return bool(request.env.ref(xmlid, raise_if_not_found=False)) and user.has_group(xmlid)

        issuer = params.get_param('web.base.url') or request.httprequest.host_url
        claims = panel_jwt.panel_claims(issuer, user.id, user.name, panel_jwt.role_for(has_group))
        try:
            token = panel_jwt.sign_hs256(claims, secret)
        except ValueError as err:
            return self._answer({'code': 'PANEL_SECRET_TOO_SHORT', 'message': str(err)}, 503)
        return self._answer({'token': token, 'panelUrl': panel_url, 'expiresAt': claims['exp']}, 200)

    @staticmethod
    def _answer(body, status):
        # never cached: each answer is a new single-use token
        return request.make_json_response(body, status=status, headers=[('Cache-Control', 'no-store')])
