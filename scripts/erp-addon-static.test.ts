// Static checks of the Odoo addon (erp-addon/): no Odoo on this machine, so the manifest, the Python, the XML
// subset (scripts/erp-addon-check.py) and the client action's JavaScript are checked as far as plain tools allow,
// and the standard-library HS256 signer is cross-checked against node:crypto.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'acorn';
import { afterAll, describe, expect, it } from 'vitest';

const ADDON = join(import.meta.dirname, '..', 'erp-addon', 'amazon_connector_panel');
const CHECK = join(import.meta.dirname, 'erp-addon-check.py');
const tmp = mkdtempSync(join(tmpdir(), 'erp-addon-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function check(dir: string) {
  const r = spawnSync('python3', [CHECK, dir], { encoding: 'utf8' });
  return { status: r.status, problems: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

/** Runs panel_jwt.py (loaded by path: the package's __init__ imports odoo) with a snippet; returns its stdout. */
function py(snippet: string): string {
  const prelude = `import importlib.util, json\nspec = importlib.util.spec_from_file_location('panel_jwt', ${JSON.stringify(join(ADDON, 'panel_jwt.py'))})\n` +
    `m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n`;
  return execFileSync('python3', ['-c', prelude + snippet], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
}

describe('erp-addon static checks', () => {
  it('manifest, Python and XML pass the check', () => {
    const r = check(ADDON);
    expect(r.stderr).toBe('');
    expect(r.problems).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('the check refuses what Odoo would refuse or what the subset excludes', () => {
    const broken = join(tmp, 'amazon_connector_panel');
    cpSync(ADDON, broken, { recursive: true });
    const manifest = join(broken, '__manifest__.py');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace("'1.0.0'", "'v1'"));
    const action = join(broken, 'data', 'panel_action.xml');
    writeFileSync(action, readFileSync(action, 'utf8')
      .replace('action="action_amazon_panel"', 'action="action_missing"')
      .replace('</odoo>', '<template id="t1"><div/></template>\n</odoo>'));
    writeFileSync(join(broken, 'controllers', 'broken.py'), 'def f(:\n');
    const r = check(broken);
    expect(r.status).toBe(1);
    expect(r.problems).toEqual(expect.arrayContaining([
      "__manifest__.py: version 'v1' is not x.y.z",
      'data/panel_action.xml: menuitem menu_amazon_root action refers to unknown action_missing',
      'data/panel_action.xml: element <template> not in the allowed subset',
      expect.stringMatching(/^controllers\/broken\.py: /),
    ]));
    writeFileSync(action, '<odoo><record id="x"</odoo>');
    expect(check(broken).problems).toContainEqual(expect.stringMatching(/^data\/panel_action\.xml: not well-formed XML/));
  });

  it('the client action parses as an ES2019 module and registers the tag the XML action names', () => {
    const source = readFileSync(join(ADDON, 'static', 'src', 'panel_action.js'), 'utf8');
    const ast = parse(source, { ecmaVersion: 2019, sourceType: 'module' });
    const imports = ast.body.filter((n) => n.type === 'ImportDeclaration').map((n) => n.source.value);
    expect(imports).toEqual(['@odoo/owl', '@web/core/registry']);
    const tag = /<field name="tag">([^<]+)<\/field>/.exec(readFileSync(join(ADDON, 'data', 'panel_action.xml'), 'utf8'))?.[1];
    expect(tag).toBe('amazon_connector_panel.panel');
    expect(source).toContain(`registry.category("actions").add("${tag}", AmazonPanelAction)`);
    expect(source).toContain('/admin/#erp_token=');
    expect(() => parse('class A { static x = 1 }', { ecmaVersion: 2019, sourceType: 'module' })).toThrow();
  });

  it('panel_jwt signs the contract claims with HS256 as node:crypto computes it', () => {
    const secret = 's'.repeat(40);
    const out = JSON.parse(py(`claims = m.panel_claims('https://erp.example.com/', 7, 'Zoë Integrator', 'integrator', now=1700000000)\n` +
      `print(json.dumps({'token': m.sign_hs256(claims, ${JSON.stringify(secret)}), 'claims': claims}))`)) as { token: string; claims: Record<string, unknown> };
    const [h, p, s] = out.token.split('.');
    expect(createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')).toBe(s);
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toEqual(out.claims);
    expect(claims).toMatchObject({ iss: 'https://erp.example.com', aud: 'aec-admin-panel', sub: '7', iat: 1700000000, exp: 1700000060, name: 'Zoë Integrator', role: 'integrator' });
    expect(String(claims.jti)).toMatch(/^[\w-]{20,}$/);
    expect(py(`try:\n  m.sign_hs256({}, 'short')\nexcept ValueError as e:\n  print(e)`)).toMatch(/^PANEL_SECRET_TOO_SHORT/);
  });

  it('roles: the addon group or Settings -> integrator, accounting admin -> accountant, anyone else viewer', () => {
    const roles = JSON.parse(py(`print(json.dumps([m.role_for(lambda g, held=held: g in held) for held in [
      {'base.group_system'}, {'amazon_connector_panel.group_amazon_integrator'}, {'account.group_account_manager'},
      {'amazon_connector_panel.group_amazon_accountant', 'base.group_user'}, {'base.group_user'}, set()]]))`)) as string[];
    expect(roles).toEqual(['integrator', 'integrator', 'accountant', 'accountant', 'viewer', 'viewer']);
  });
});
