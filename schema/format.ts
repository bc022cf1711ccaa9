/**
 * The national format of the 政府信息公开工作年度报告 (国办公开办函〔2021〕30号) as typed data.
 *
 * Everything here mirrors docs/format.md cell for cell (format-doc.test.ts holds the two equal):
 * the keys are the stable identifiers used by the JSON export, diagnostics and tests; the labels
 * are reproduced verbatim on export and matched tolerantly on import. This module is pure data:
 * no I/O, no Yjs.
 */

/** The six parts of a report, in the order the format prescribes. */
export const partKeys = ['overview', 'proactive', 'requests', 'appeals', 'problems', 'other'] as const;
export type PartKey = (typeof partKeys)[number];

/** Parts written as prose. */
export const narrativePartKeys = ['overview', 'problems', 'other'] as const;
export type NarrativePartKey = (typeof narrativePartKeys)[number];

/** Parts that are fixed statistical tables: 二, 三, 四. */
export const tablePartKeys = ['proactive', 'requests', 'appeals'] as const;
export type TableKey = (typeof tablePartKeys)[number];

export const partTitles: Readonly<Record<PartKey, string>> = {
  overview: '一、总体情况',
  proactive: '二、主动公开政府信息情况',
  requests: '三、收到和处理政府信息公开申请情况',
  appeals: '四、政府信息公开行政复议、行政诉讼情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
};

export function isNarrativePart(key: PartKey): key is NarrativePartKey {
  return (narrativePartKeys as readonly string[]).includes(key);
}

export function isTablePart(key: PartKey): key is TableKey {
  return (tablePartKeys as readonly string[]).includes(key);
}

/** The two kinds of agency the 条例 distinguishes; they differ in deadline and in 监督保障 content. */
export const agencyKinds = ['department', 'government'] as const;
export type AgencyKind = (typeof agencyKinds)[number];
export const agencyKindLabels: Readonly<Record<AgencyKind, string>> = {
  department: '部门',
  government: '人民政府',
};

/** What a cell may hold once checked: counts are integers, `fees.amount` may carry decimals. */
export type CellValueKind = 'count' | 'amount';

/** One cell of a statistical table. `key` is `row.column` within its table. */
export interface CellDef {
  readonly table: TableKey;
  readonly row: string;
  readonly column: string;
  /** `row.column`, unique within the table. */
  readonly key: string;
  /** `table.row.column`, unique within the report; what diagnostics point at. */
  readonly id: CellId;
  readonly valueKind: CellValueKind;
}

/** A globally unique cell address, e.g. `requests.received.natural`. */
export type CellId = `${TableKey}.${string}`;

// ---------------------------------------------------------------------------------------------
// Table 二 — 主动公开政府信息情况
// ---------------------------------------------------------------------------------------------

export interface Table2Column {
  readonly key: string;
  readonly label: string;
}
export interface Table2Row {
  readonly key: string;
  readonly label: string;
}
/** A block: caption row (第二十条第（…）项), then a 信息内容 header, then its rows. */
export interface Table2Block {
  readonly caption: string;
  readonly columns: readonly Table2Column[];
  readonly rows: readonly Table2Row[];
}

const documentColumns: readonly Table2Column[] = [
  { key: 'issued', label: '本年制发件数' },
  { key: 'repealed', label: '本年废止件数' },
  { key: 'inForce', label: '现行有效件数' },
];
const decisionColumns: readonly Table2Column[] = [{ key: 'decisions', label: '本年处理决定数量' }];

export const table2ContentHeader = '信息内容';

export const table2Blocks: readonly Table2Block[] = [
  {
    caption: '第二十条第（一）项',
    columns: documentColumns,
    rows: [
      { key: 'regulations', label: '规章' },
      { key: 'normativeDocuments', label: '行政规范性文件' },
    ],
  },
  { caption: '第二十条第（五）项', columns: decisionColumns, rows: [{ key: 'licensing', label: '行政许可' }] },
  {
    caption: '第二十条第（六）项',
    columns: decisionColumns,
    rows: [
      { key: 'penalties', label: '行政处罚' },
      { key: 'coercion', label: '行政强制' },
    ],
  },
  {
    caption: '第二十条第（八）项',
    columns: [{ key: 'amount', label: '本年收费金额（单位：万元）' }],
    rows: [{ key: 'fees', label: '行政事业性收费' }],
  },
];

// ---------------------------------------------------------------------------------------------
// Table 三 — 收到和处理政府信息公开申请情况
// ---------------------------------------------------------------------------------------------

export const table3Note = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const table3ApplicantHeader = '申请人情况';
export const table3OrgHeader = '法人或其他组织';

/** Applicant columns in order; `total` (总计) is last. There is no 法人或其他组织 subtotal. */
export const applicantColumns = [
  { key: 'natural', label: '自然人' },
  { key: 'commercial', label: '商业企业' },
  { key: 'research', label: '科研机构' },
  { key: 'nonprofit', label: '社会公益组织' },
  { key: 'legal', label: '法律服务机构' },
  { key: 'otherOrg', label: '其他' },
  { key: 'total', label: '总计' },
] as const;
export type ApplicantColumnKey = (typeof applicantColumns)[number]['key'];
/** The six columns that `total` sums. */
export const applicantDetailColumns = applicantColumns.slice(0, 6).map((c) => c.key) as Exclude<ApplicantColumnKey, 'total'>[];

/** A labelled row of table 三 that carries numbers. */
export interface Table3Row {
  readonly key: string;
  readonly label: string;
  /** The merged group label this row sits under (（三）不予公开 …), if any. */
  readonly group?: string;
  /** One of the 21 rows summed by （七）总计. */
  readonly isResult: boolean;
}

/** Merged label cells with no numbers: 三、本年度办理结果 and the groups （三）–（六）. */
export const table3ResultsHeader = '三、本年度办理结果';
export const table3Groups = {
  withheld: '（三）不予公开',
  unavailable: '（四）无法提供',
  notProcessed: '（五）不予处理',
  otherHandling: '（六）其他处理',
} as const;

function resultRow(key: string, label: string, group?: string): Table3Row {
  return group === undefined ? { key, label, isResult: true } : { key, label, group, isResult: true };
}

export const table3Rows: readonly Table3Row[] = [
  { key: 'received', label: '一、本年新收政府信息公开申请数量', isResult: false },
  { key: 'carriedOver', label: '二、上年结转政府信息公开申请数量', isResult: false },
  resultRow('disclosed', '（一）予以公开'),
  resultRow('partlyDisclosed', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'),
  resultRow('withheld.stateSecret', '1.属于国家秘密', table3Groups.withheld),
  resultRow('withheld.prohibitedByLaw', '2.其他法律行政法规禁止公开', table3Groups.withheld),
  resultRow('withheld.threeSecurities', '3.危及“三安全一稳定”', table3Groups.withheld),
  resultRow('withheld.thirdParty', '4.保护第三方合法权益', table3Groups.withheld),
  resultRow('withheld.internalAffairs', '5.属于三类内部事务信息', table3Groups.withheld),
  resultRow('withheld.processInfo', '6.属于四类过程性信息', table3Groups.withheld),
  resultRow('withheld.enforcementFile', '7.属于行政执法案卷', table3Groups.withheld),
  resultRow('withheld.inquiry', '8.属于行政查询事项', table3Groups.withheld),
  resultRow('unavailable.notHeld', '1.本机关不掌握相关政府信息', table3Groups.unavailable),
  resultRow('unavailable.needsCreation', '2.没有现成信息需要另行制作', table3Groups.unavailable),
  resultRow('unavailable.unclear', '3.补正后申请内容仍不明确', table3Groups.unavailable),
  resultRow('notProcessed.complaint', '1.信访举报投诉类申请', table3Groups.notProcessed),
  resultRow('notProcessed.duplicate', '2.重复申请', table3Groups.notProcessed),
  resultRow('notProcessed.publication', '3.要求提供公开出版物', table3Groups.notProcessed),
  resultRow('notProcessed.excessive', '4.无正当理由大量反复申请', table3Groups.notProcessed),
  resultRow('notProcessed.confirmation', '5.要求行政机关确认或重新出具已获取信息', table3Groups.notProcessed),
  resultRow(
    'otherHandling.noCorrection',
    '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    table3Groups.otherHandling,
  ),
  resultRow(
    'otherHandling.unpaidFee',
    '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    table3Groups.otherHandling,
  ),
  resultRow('otherHandling.other', '3.其他', table3Groups.otherHandling),
  { key: 'resultTotal', label: '（七）总计', isResult: false },
  { key: 'carriedForward', label: '四、结转下年度继续办理', isResult: false },
];

/** The 21 rows from `disclosed` to `otherHandling.other` that （七）总计 sums. */
export const table3ResultRowKeys: readonly string[] = table3Rows.filter((r) => r.isResult).map((r) => r.key);

// ---------------------------------------------------------------------------------------------
// Table 四 — 政府信息公开行政复议、行政诉讼情况
// ---------------------------------------------------------------------------------------------

export const appealGroups = [
  { key: 'review', label: '行政复议' },
  { key: 'suitDirect', label: '未经复议直接起诉' },
  { key: 'suitAfterReview', label: '复议后起诉' },
] as const;
export type AppealGroupKey = (typeof appealGroups)[number]['key'];
export const table4SuitHeader = '行政诉讼';

export const appealColumns = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;
export type AppealColumnKey = (typeof appealColumns)[number]['key'];
export const appealDetailColumns = appealColumns.slice(0, 4).map((c) => c.key) as Exclude<AppealColumnKey, 'total'>[];

// ---------------------------------------------------------------------------------------------
// Every cell, in reading order (table by table, row by row, left to right)
// ---------------------------------------------------------------------------------------------

function cell(table: TableKey, row: string, column: string, valueKind: CellValueKind = 'count'): CellDef {
  const key = `${row}.${column}`;
  return { table, row, column, key, id: `${table}.${key}`, valueKind };
}

export const table2Cells: readonly CellDef[] = table2Blocks.flatMap((block) =>
  block.rows.flatMap((row) =>
    block.columns.map((col) => cell('proactive', row.key, col.key, row.key === 'fees' ? 'amount' : 'count')),
  ),
);
export const table3Cells: readonly CellDef[] = table3Rows.flatMap((row) =>
  applicantColumns.map((col) => cell('requests', row.key, col.key)),
);
export const table4Cells: readonly CellDef[] = appealGroups.flatMap((group) =>
  appealColumns.map((col) => cell('appeals', group.key, col.key)),
);

export const tableCells: Readonly<Record<TableKey, readonly CellDef[]>> = {
  proactive: table2Cells,
  requests: table3Cells,
  appeals: table4Cells,
};

export const allCells: readonly CellDef[] = [...table2Cells, ...table3Cells, ...table4Cells];

const cellsById: ReadonlyMap<string, CellDef> = new Map(allCells.map((c) => [c.id, c]));

/** The definition of a cell by its report-wide id, or undefined for an id the format does not have. */
export function cellDef(id: string): CellDef | undefined {
  return cellsById.get(id);
}

/** Report-wide id of a cell. */
export function cellId(table: TableKey, row: string, column: string): CellId {
  return `${table}.${row}.${column}`;
}

/** The part a cell id or part-level target belongs to: its first segment. */
export function partOfTarget(target: string): PartKey | undefined {
  const head = target.split('.', 1)[0];
  return (partKeys as readonly string[]).includes(head) ? (head as PartKey) : undefined;
}
