/**
 * Engine warnings in the user's language. evaluate() writes each warning in English with
 * its values in `params`; here each code has its Simplified Chinese wording. A code
 * without one, or a warning without params, is shown as the engine wrote it. Text that
 * comes from deeper engine errors (`detail`) stays in English inside the translated frame.
 */
import type { EvalWarning } from './evaluate';

export type WarningLang = 'en' | 'zh-CN';
type P = Record<string, string | number>;

const COOLING_ZH: Record<string, string> = {
  air: '风冷',
  'rear-door': '背门换热',
  'cold-plate': '冷板液冷',
  immersion: '浸没液冷',
};
const cooling = (v: string | number | undefined): string => COOLING_ZH[String(v)] ?? String(v);

const ZH: Record<string, (p: P) => string> = {
  'assumption-invalid': (p) => `假设参数 assumptions.${p.key} 取值无效：${p.detail}`,
  'assumption-unknown': (p) => `未知的假设参数 assumptions.${p.key}：${p.detail}`,
  'unknown-part': (p) => `${p.path}：未知部件“${p.id}”；最接近的：${p.nearest}。该项不计入结果。`,
  'server-needs-liquid': (p) => `${p.part} 需要液冷（${cooling(p.cooling)}），但机柜“${p.rack}”为${cooling(p.path)}`,
  'pool-mixed-accelerators': (p) => `资源池“${p.pool}”混用了 ${p.a} 与 ${p.b}；一个资源池应只含一种加速卡`,
  'fabric-empty': (p) => `网络“${p.name}”的作用范围内没有服务器`,
  'fabric-mixed-nodes': (p) =>
    `网络“${p.name}”覆盖多种形态的服务器；统一按每节点 ${p.perNode} 张加速卡、每卡 ${p.gbps} Gb/s 计算`,
  'fabric-no-nics': (p) => `网络“${p.name}”：作用范围内的服务器没有计算网卡`,
  'fabric-infeasible': (p) => `网络“${p.name}”无法生成：${p.detail}`,
  'server-no-network': (p) => `服务器“${p.name}”既未连线，也不在自动生成的网络中`,
  'ports-uncabled': (p) =>
    `服务器“${p.name}”：${p.ports} 个计算网卡端口中有 ${p.uncabled} 个未连线；每卡横向扩展带宽为 ${p.cabled} Gb/s（全部连线为 ${p.full} Gb/s）`,
  'rack-no-pdu': (p) => `机柜“${p.rack}”装有用电设备，但没有 PDU`,
  'cooling-medium-mismatch': (p) => `液冷单元“${p.unit}”服务于风冷机柜“${p.rack}”`,
  'cooling-unit-over-capacity': (p) =>
    `${p.medium === 'liquid' ? '液冷回路' : '风冷'}“${p.unit}”（${p.n} × ${p.unitKW} kW）需排出 ${p.needKW} kW，但只能排出 ${p.capKW} kW`,
  'rack-over-budget': (p) => `机柜“${p.rack}”铭牌功率需 ${p.needKW} kW，超出其功率预算 ${p.budgetKW} kW`,
  'rack-over-cooling': (p) =>
    `机柜“${p.rack}”${p.to === 'liquid' ? '向液冷' : p.to === 'air' ? '向空气' : ''}散热 ${p.heatKW} kW，但其制冷能力只有 ${p.capKW} kW`,
  'rack-air-density': (p) =>
    p.cooling === 'rear-door'
      ? `机柜“${p.rack}”功率 ${p.kw} kW，超过背门换热每柜 ${p.limitKW} kW 的上限；请改用液冷`
      : `机柜“${p.rack}”功率 ${p.kw} kW，超过普通风冷每柜 ${p.limitKW} kW 的上限；请改用背门换热或液冷`,
  'rack-pdu-capacity': (p) => `机柜“${p.rack}”的 PDU 供电 ${p.pduKW} kW，但机柜铭牌功率需 ${p.needKW} kW`,
  'rack-u-overflow': (p) =>
    p.id !== undefined
      ? `“${p.id}”在机柜“${p.rack}”中占用 U${p.lo}-U${p.hi}，超出顶部（U${p.height}）`
      : `机柜“${p.rack}”装有 ${p.used}U 设备，但机柜高 ${p.height}U`,
  'rack-u-overlap': (p) =>
    `“${p.a}”（U${p.alo}-U${p.ahi}）与“${p.b}”（U${p.blo}-U${p.bhi}）在机柜“${p.rack}”中位置重叠`,
  'facility-input': (p) => `设施设置 ${p.path} 无法满足：${p.detail}`,
  'floor-overloaded': (p) =>
    `最重机柜（${p.kg} kg）对地板的荷载为 ${p.load} kg/m²，超过地板承重 ${p.limit} kg/m²（site.facility.floorLimitKgPerM2）`,
  'no-cooling-units': () => '未绘制制冷单元，也未填写机柜制冷能力：假定制冷能力与负载相当',
  'mixed-pools': (p) => `${p.n} 个加速卡资源池（${p.pools}）；训练估算将模型切分到各资源池（异构混训规划）`,
  'training-no-accelerators': () => '设计中有训练负载但没有加速卡：无法估算训练',
  'training-infeasible': (p) => `无法估算训练：${p.detail}`,
  'training-batch-infeasible': (p) => {
    const near = [p.below !== '' ? `${p.below}（${p.belowLayout}）` : '', p.above !== '' ? `${p.above}（${p.aboveLayout}）` : ''].filter(Boolean);
    return (
      `无法估算训练：全局批大小 ${p.batch} 不满足任何并行布局——它必须能被某个模型允许的布局的 数据并行度 dp × 微批大小 整除（dp = 加速卡数 / (tp × pp × cp)）` +
      (near.length ? `；最接近的可行批大小：${near.join('、')}` : '')
    );
  },
  'no-storage': () => '未绘制存储：假定检查点写入受节点带宽限制（可靠性假设 perNodeCheckpointWriteGBps）',
  reliability: (p) => `可靠性：${p.detail}`,
  'reliability-error': (p) => `无法估算可靠性：${p.detail}`,
  'training-out-of-memory': (p) =>
    `训练负载无法装入每卡 ${p.gib} GiB 显存${p.needGiB !== '' && p.needGiB !== undefined ? `（至少需要 ${p.needGiB} GiB）` : ''}`,
};

/** Warnings from the generated-fabric engine keep their English detail inside a translated frame. */
const FABRIC_ENGINE_ZH = (p: P): string => `网络“${p.name}”：${p.detail}`;

/** The warning's text in `lang`. */
export function warningText(w: EvalWarning, lang: WarningLang): string {
  if (lang !== 'zh-CN' || !w.params) return w.message;
  if (w.code.endsWith('-truncated')) return `另有 ${w.params.n} 条“${w.params.code}”告警未显示`;
  const f =
    ZH[w.code] ?? (w.code.startsWith('fabric-') && w.params.detail !== undefined ? FABRIC_ENGINE_ZH : undefined);
  return f ? f(w.params) : w.message;
}

/** Codes with a Chinese wording (for tests). */
export const TRANSLATED_WARNING_CODES: readonly string[] = Object.keys(ZH);
