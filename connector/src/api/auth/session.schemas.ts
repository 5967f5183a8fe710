/** The shapes of the panel's sign-in routes (named components of the OpenAPI document). */
import { Type } from 'typebox';

export const PanelSessionUser = Type.Object(
  {
    name: Type.String({ description: 'shown in the panel and written in the audit log' }),
    roles: Type.Array(Type.String(), { description: 'integrator, accountant or viewer (admin for the admin token)' }),
  },
  { $id: 'PanelSessionUser' },
);

export const PanelSession = Type.Object(
  {
    sessionToken: Type.String({ description: 'send as Authorization: Bearer <sessionToken>; keep it in memory only' }),
    expiresAt: Type.String({ format: 'date-time', description: 'refresh before this moment (POST /api/session/refresh)' }),
    user: Type.Unsafe<{ name: string; roles: string[] }>({ $ref: 'PanelSessionUser#' }),
  },
  { $id: 'PanelSession', description: 'a panel session (15 minutes, refreshable up to 12 hours after the sign-in)' },
);

export const PanelSessionConfig = Type.Object(
  {
    erpOrigins: Type.Array(Type.String(), { description: 'the ERP origins that may frame the panel and send it tokens (PANEL_ERP_ORIGINS)' }),
    localLogin: Type.Boolean({ description: 'whether local accounts may sign in (POST /api/session/login)' }),
  },
  { $id: 'PanelSessionConfig' },
);

export const ExchangeBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 4096, description: "the ERP's one-minute HS256 JWT (aud aec-admin-panel)" }) },
  { additionalProperties: false },
);

export const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const sessionSchemas = [PanelSessionUser, PanelSession, PanelSessionConfig];
