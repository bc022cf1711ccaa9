/**
 * Test fixtures from the real seed report (余杭区商务局2024年政府信息公开工作年度报告,
 * /work/shared/seed/yuhang-commerce-2024.txt): its text and its table values, verbatim.
 */
import * as Y from 'yjs';
import { tableCells, tablePartKeys, type TableKey } from '../../../schema/format.ts';
import type { ReportData, TableCells } from '../../../schema/report.ts';
import { formatVersion } from '../../../schema/report.ts';
import { cellsMap, createReportDoc, narrativeFragment } from '../../../schema/ydoc.ts';
import type { NewReport } from '../storage.ts';

const overview = `2024年，余杭区商务局坚持以习近平新时代中国特色社会主义思想为指引，认真贯彻党的二十届三中全会和省市区委全会精神，坚决落实中央、省市区各级党委、政府的决策部署，紧扣《中华人民共和国政府信息公开条例》的有关要求，持续提升政务公开标准化、规范化水平，全面提高政务服务效能，扎实推动政务公开各项工作落地见效。
（一）主动公开
坚持应公开尽公开原则，立足实际、多点发力推进政务信息公开建设，常态化及时、准确发布我局最新工作动态、活动通知等信息，不断提高政府工作透明度。依托网站和新媒体平台强化主动公开，依法保障群众知情权、参与权、监督权。2024年，余杭区商务局在杭州余杭门户网站累计发布信息104条，“余杭商务投促粮食”微信公众号全年推送信息604条，总阅读量近25万人次，有效扩大了信息公开覆盖面。
（二）依申请公开
2024年，区商务局共受理依申请公开1件，已按规定在法定期限内办结。未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。
（三）政府信息管理
准确把握政务公开工作职责定位，严格按照“主要领导亲自抓，分管领导具体抓，专门人员抓落实”的工作要求，深入推进政务公开标准化规范化建设。各科室把好内容关，由撰稿人、科室负责人、科室分管领导依次审核后方能发布信息。不断完善信息公开保密审查制度，做到政务信息能公开的及时公开，不能公开的绝不公开。严格落实合法性审查、公平竞争审查等方面工作要求，确保公开信息合法合规。
（四）政府信息公开平台建设
持续规范门户网站政务公开栏目建设，全面梳理法定主动公开目录清单，及时、准确公开我局相关的招投标、资金补助、人员录用、政策文件等方面信息，便于社会公众浏览查找。管理用好“余杭商务投促粮食”微信公众号，围绕招商引资、稳外贸、促消费等年度重点工作，不断唱响余杭商务好声音。
（五）监督保障
建立健全政府信息公开工作机制，落实责任到人，常抓不懈。积极参与区内组织的政务公开培训，着力提升业务水平，准确把握新时代政务公开工作的新形势、新任务、新要求。加强日常监督检查，坚持谁公开谁审查、事前审查、依法审查的原则，严格把关发布内容。2024年，未发生因信息公开失当引发负面社会评议和责任追究情况。
本报告所有数据统计期限自2024年1月1日起至2024年12月31日止。如对报告有任何疑问，请与杭州市余杭区商务局办公室联系（地址：余杭区文一西路1500号区政府8号楼10楼，邮编：311121，电话：0571-89516255）。`;

const problems = `2024年，余杭区商务局高标准、严要求开展各项政务公开工作，取得了较好的成效，但仍然存在一些不足，如：一是业务联动还需进一步提升，二是政务公开队伍建设还有待加强等。下一步，我局将进一步强化思想认识，抓实抓细政府信息公开各项工作落实。一是完善局内部信息公开制度及有关流程，加强业务协调联动，提高信息发布质效。二是加强对相关信息发布人员、审核人员的培训力度，着力提升政务公开队伍能力水平。`;

const other = '本单位2024年未收取信息处理费，无其他需要报告事项。';

/** The seed's non-zero cells; every other cell of its three tables is printed as 0. */
const nonZeroCells: Readonly<Record<TableKey, TableCells>> = {
  proactive: {},
  requests: {
    'received.natural': '1',
    'received.total': '1',
    'disclosed.natural': '1',
    'disclosed.total': '1',
    'resultTotal.natural': '1',
    'resultTotal.total': '1',
  },
  appeals: {},
};

export function seedReportData(): ReportData {
  const tables = {} as Record<TableKey, TableCells>;
  for (const table of tablePartKeys) {
    tables[table] = Object.fromEntries(tableCells[table].map((def) => [def.key, nonZeroCells[table][def.key] ?? '0']));
  }
  return {
    formatVersion,
    agency: '余杭区商务局',
    kind: 'department',
    year: 2024,
    preamble: '',
    parts: { overview, problems, other },
    tables,
  };
}

/** A `NewReport` for the seed, its template being the seed's Y.Doc as one update. */
export function seedNewReport(id: string): NewReport {
  const data = seedReportData();
  return {
    id,
    agency: data.agency,
    kind: data.kind,
    year: data.year,
    initialState: Y.encodeStateAsUpdate(createReportDoc(data)),
    counts: { error: 0, warning: 1, info: 2 },
  };
}

/**
 * A client editing a report: a Y.Doc loaded from the template, whose every transaction yields
 * one update — what a browser sends the server.
 */
export class EditingClient {
  readonly doc = new Y.Doc();
  readonly updates: Uint8Array[] = [];

  constructor(initialState: Uint8Array, clientID?: number) {
    if (clientID !== undefined) this.doc.clientID = clientID;
    Y.applyUpdate(this.doc, initialState, 'storage');
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'storage') this.updates.push(update);
    });
  }

  /** Types `text` one character per update at `offset` of the first paragraph of 一、总体情况. */
  typeInOverview(text: string, offset = 0): Uint8Array[] {
    const first = this.updates.length;
    const paragraph = this.firstOverviewText();
    [...text].forEach((char, i) => paragraph.insert(offset + i, char));
    return this.updates.slice(first);
  }

  /** Sets one cell of a table in one update. */
  setCell(table: TableKey, key: string, value: string): Uint8Array {
    cellsMap(this.doc, table).set(key, value);
    return this.updates[this.updates.length - 1];
  }

  /** Deletes `length` characters of the first overview paragraph in one update. */
  deleteInOverview(offset: number, length: number): Uint8Array {
    this.firstOverviewText().delete(offset, length);
    return this.updates[this.updates.length - 1];
  }

  private firstOverviewText(): Y.XmlText {
    const paragraph = narrativeFragment(this.doc, 'overview').get(0) as Y.XmlElement;
    return paragraph.get(0) as Y.XmlText;
  }
}

/** The `i`-th character a scripted typist enters: the seed's overview, over and over. */
export function scriptedCharacter(i: number): string {
  const chars = [...overview.replaceAll('\n', '')];
  return chars[i % chars.length];
}
