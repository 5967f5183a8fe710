# One source for Odoo 17, 18 and 19: a three-part version is prefixed by Odoo with its own series
# (17.0.1.0.0 on 17, 19.0.1.0.0 on 19), and the addon uses only what the three share: a menu, a client action,
# a controller and groups (no views, whose syntax changed between the versions).
{
    'name': 'Amazon Connector Panel',
    'version': '1.0.0',
    'summary': "Opens the Amazon connector's admin panel inside Odoo, signed in as the Odoo user",
    'category': 'Sales',
    'author': 'Amazon ERP Connector',
    'license': 'LGPL-3',
    'depends': ['base', 'web'],
    'data': [
        'security/panel_groups.xml',
        'data/panel_action.xml',
    ],
    'assets': {
        'web.assets_backend': [
            'amazon_connector_panel/static/src/panel_action.js',
        ],
    },
    'installable': True,
    'application': True,
}
