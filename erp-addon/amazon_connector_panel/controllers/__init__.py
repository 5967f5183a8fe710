from . import panel_token
