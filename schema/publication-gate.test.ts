import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostics.ts';
import { blockingMessage, judgePublication, parseGateRequest, warningKey, type GateRequest } from './publication-gate.ts';

const error: Diagnostic = { rule: 'T3.balance', severity: 'error', message: '第三部分“自然人”列：一加二不等于三加四', cells: ['requests.received.natural'] };
const figures: Diagnostic = { rule: 'text.figures', severity: 'warning', message: '“受理依申请公开3件”与表格不符', cells: ['overview', 'requests.received.total'] };
const fee: Diagnostic = { rule: 'other.processingFee', severity: 'warning', message: '六、其他需要报告的事项未说明信息处理费', cells: ['other'] };
const advice: Diagnostic = { rule: 'deadline', severity: 'info', message: '发布日期未填写', cells: ['meta'] };

function request(acknowledged: Record<string, string> = {}, overrideReason: string | null = null): GateRequest {
  return { acknowledgements: new Map(Object.entries(acknowledged)), overrideReason };
}

describe('the publication gate', () => {
  it('passes a report with only info findings, everything signed off', () => {
    expect(judgePublication({ diagnostics: [advice], unsignedParts: [], request: request() })).toEqual({ ok: true, acknowledgements: [], override: null });
  });

  it('blocks on an error whatever is acknowledged or overridden, and lists it', () => {
    const verdict = judgePublication({
      diagnostics: [error, figures],
      unsignedParts: [],
      request: request({ [warningKey(figures)]: '已核实', [warningKey(error)]: '想跳过错误' }, '领导已口头同意'),
    });
    expect(verdict).toEqual({ ok: false, blocking: { errors: [error], warnings: [], unsignedParts: [] } });
  });

  it('needs every warning acknowledged by its own key; the reasons are kept with their warnings', () => {
    const partly = judgePublication({ diagnostics: [figures, fee], unsignedParts: [], request: request({ [warningKey(figures)]: '表格为准' }) });
    expect(partly).toEqual({ ok: false, blocking: { errors: [], warnings: [fee], unsignedParts: [] } });
    // A warning whose message changed (the figures moved) is not the one acknowledged.
    const moved = { ...figures, message: '“受理依申请公开4件”与表格不符' };
    expect(judgePublication({ diagnostics: [moved], unsignedParts: [], request: request({ [warningKey(figures)]: '表格为准' }) }).ok).toBe(false);
    const all = judgePublication({
      diagnostics: [figures, fee, advice],
      unsignedParts: [],
      request: request({ [warningKey(figures)]: '表格为准', [warningKey(fee)]: '本年未收费，已补充说明', stale: '旧警告' }),
    });
    expect(all).toEqual({
      ok: true,
      acknowledgements: [
        { warning: figures, reason: '表格为准' },
        { warning: fee, reason: '本年未收费，已补充说明' },
      ],
      override: null,
    });
  });

  it('blocks on unsigned parts unless overridden with a reason, which is stored with the parts it covered', () => {
    expect(judgePublication({ diagnostics: [], unsignedParts: ['requests', 'other'], request: request() })).toEqual({
      ok: false,
      blocking: { errors: [], warnings: [], unsignedParts: ['requests', 'other'] },
    });
    expect(judgePublication({ diagnostics: [], unsignedParts: ['requests'], request: request({}, '分管领导出差，电话确认') })).toEqual({
      ok: true,
      acknowledgements: [],
      override: { parts: ['requests'], reason: '分管领导出差，电话确认' },
    });
    // An override with nothing to override stores nothing.
    expect(judgePublication({ diagnostics: [], unsignedParts: [], request: request({}, '无') })).toMatchObject({ ok: true, override: null });
  });

  it('says in one sentence what blocks', () => {
    expect(blockingMessage({ errors: [error], warnings: [figures, fee], unsignedParts: ['requests'] })).toBe(
      '不能发布：有 1 个错误需要先改正；有 2 个警告需要说明理由；有 1 个部分尚未签批',
    );
  });
});

describe('reading a publish request', () => {
  it('reads acknowledgements and the override, normalising the reasons', () => {
    const parsed = parseGateRequest({ acknowledgements: [{ warning: 'k', reason: '  已 核实 ' }], overrideReason: '出差\u3000确认' });
    expect(parsed).toEqual({ ok: true, request: { acknowledgements: new Map([['k', '已 核实']]), overrideReason: '出差 确认' } });
    expect(parseGateRequest({})).toEqual({ ok: true, request: { acknowledgements: new Map(), overrideReason: null } });
  });

  it.each([
    [{ acknowledgements: 'k' }, 'acknowledgements'],
    [{ acknowledgements: [{ warning: 3, reason: '理由' }] }, 'warning'],
    [{ acknowledgements: [{ warning: 'k', reason: '' }] }, '理由必填'],
    [{ acknowledgements: [{ warning: 'k', reason: '   ' }] }, '理由必填'],
    [{ acknowledgements: [{ warning: 'k', reason: '理\u202E由' }] }, '方向'],
    [{ acknowledgements: [{ warning: 'k', reason: '长'.repeat(501) }] }, '500'],
    [{ overrideReason: '' }, '未签批仍发布的理由'],
    [{ overrideReason: 7 }, '未签批仍发布的理由'],
  ])('refuses %j', (body, said) => {
    const parsed = parseGateRequest(body as Record<string, unknown>);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(said);
  });
});
