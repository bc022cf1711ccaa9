import { describe, expect, it } from 'vitest';
import { type ClaimKind, extractClaims } from './claims.ts';

/** The claims of a sentence as `kind=value` strings, in order. */
const read = (text: string): string[] => extractClaims(text).map((c) => `${c.kind}=${c.value}`);

describe('extractClaims: requests received', () => {
  it('reads the seed sentence "共受理依申请公开1件" as a plain received count', () => {
    expect(read('2024年，区商务局共受理依申请公开1件，已按规定在法定期限内办结。')).toEqual(['receivedEither=1']);
  });
  it('reads 新收 as this year’s new requests only', () => {
    expect(read('本年度新收政府信息公开申请70件，上年结转5件。')).toEqual(['received=70', 'carriedOver=5']);
  });
  it('reads "收到…75件（含上年结转3件）" as received plus carried over', () => {
    expect(read('全年共收到政府信息公开申请75件（含上年结转3件）。')).toEqual(['receivedWithCarriedOver=75', 'carriedOver=3']);
  });
  it('reads "收到…75件，其中新收72件" as received plus carried over', () => {
    expect(read('共收到政府信息公开申请75件，其中新收72件。')).toEqual(['receivedWithCarriedOver=75', 'received=72']);
  });
  it('reads "（含上年结转）收到…" before the number as received plus carried over', () => {
    expect(read('含上年结转申请在内，共受理政府信息公开申请12件。')).toEqual(['receivedWithCarriedOver=12']);
  });
  it('reads Chinese numerals: 十二件, 两件, 一件', () => {
    expect(read('共受理政府信息公开申请十二件')).toEqual(['receivedEither=12']);
    expect(read('受理依申请公开两件')).toEqual(['receivedEither=2']);
    expect(read('本年度共收到政府信息公开申请一件，予以公开一件。')).toEqual(['receivedEither=1', 'disclosed=1']);
  });
  it('reads full-width digits', () => {
    expect(read('共受理政府信息公开申请１５件。')).toEqual(['receivedEither=15']);
  });
  it('needs 申请: "收到群众来信10件" is not a request count', () => {
    expect(read('收到群众来信10件。')).toEqual([]);
    expect(read('共收到人大代表建议12件、政协提案8件。')).toEqual([]);
  });
  it('reads "未收到政府信息公开申请" as zero received', () => {
    expect(read('2024年度，本机关未收到政府信息公开申请。')).toEqual(['receivedEither=0']);
  });
});

describe('extractClaims: wordings from published reports', () => {
  it('reads "共收到…26件，其中上年结转2件，本年新收24件"', () => {
    expect(read('本机关2024年度共收到政府信息公开申请26件，其中上年结转2件，本年新收24件。')).toEqual([
      'receivedWithCarriedOver=26',
      'carriedOver=2',
      'received=24',
    ]);
  });
  it('does not read a year-on-year change as a count ("较上年增加3件", "同比下降20%")', () => {
    expect(read('2024年度共受理政府信息公开申请15件，较上年增加3件，同比上升25%。')).toEqual(['receivedEither=15']);
  });
  it('reads "被提起行政复议1件，行政诉讼0件"', () => {
    expect(read('因政府信息公开申请被提起行政复议1件，行政诉讼0件。')).toEqual(['review=1', 'lawsuits=0']);
  });
  it('reads nothing from rates and unnumbered statements ("按时办结率100%", "均已按时答复")', () => {
    expect(read('按时办结率100%，均已按时答复。')).toEqual([]);
  });
});

describe('extractClaims: results and carry-over', () => {
  it('reads every result category of a typical summary sentence', () => {
    expect(
      read('其中予以公开20件，部分公开5件，不予公开3件，无法提供10件，不予处理2件，其他处理1件，结转下年度继续办理2件。'),
    ).toEqual([
      'disclosed=20',
      'partlyDisclosed=5',
      'withheld=3',
      'unavailable=10',
      'notProcessed=2',
      'otherHandling=1',
      'carriedForward=2',
    ]);
  });
  it('reads 办结 and 答复 as the result total', () => {
    expect(read('已办结73件，结转至2025年办理2件。')).toEqual(['resultTotal=73', 'carriedForward=2']);
    expect(read('均在法定期限内依法答复41件')).toEqual(['resultTotal=41']);
  });
  it('does not read 办结 of 人大建议 as the result total', () => {
    expect(read('办结人大代表建议12件，政协提案9件。')).toEqual([]);
  });
  it('distinguishes 上年结转 (carried over) from 结转下年 (carried forward)', () => {
    expect(read('上一年度结转1件，结转下一年度办理4件')).toEqual(['carriedOver=1', 'carriedForward=4']);
  });
  it('reads 不予以公开 as withheld, not disclosed', () => {
    expect(read('不予以公开2件')).toEqual(['withheld=2']);
  });
});

describe('extractClaims: appeals', () => {
  it('reads the seed sentence of no appeals as zero reviews and zero lawsuits', () => {
    expect(read('未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。')).toEqual(['review=0', 'lawsuits=0']);
  });
  it('reads counts of reviews and lawsuits with 件 and 起', () => {
    expect(read('全年发生政府信息公开行政复议2件，行政诉讼1起。')).toEqual(['review=2', 'lawsuits=1']);
  });
  it('reads "行政复议和行政诉讼0件" as both zero and a non-zero joint figure as their sum', () => {
    expect(read('因政府信息公开引发的行政复议和行政诉讼0件')).toEqual(['review=0', 'lawsuits=0']);
    expect(read('涉及政府信息公开的行政复议、行政诉讼共3件')).toEqual(['reviewAndLawsuits=3']);
  });
  it('does not read outcome counts as case counts', () => {
    expect(read('行政复议被纠错1件。')).toEqual([]);
    expect(read('未发生行政复议被纠错的情况。')).toEqual([]);
  });
  it('does not take 未经复议 for a negation', () => {
    expect(read('未经复议直接提起行政诉讼2件')).toEqual(['lawsuits=2']);
  });
});

describe('extractClaims: table 二', () => {
  it('reads 现行有效 and 制发 counts of 规范性文件 and 规章', () => {
    expect(read('本年度制发行政规范性文件3件，现行有效规范性文件共12件。')).toEqual(['normativeIssued=3', 'normativeInForce=12']);
    expect(read('印发规范性文件3件，现行有效12件。')).toEqual(['normativeIssued=3', 'normativeInForce=12']);
    expect(read('废止规章1件')).toEqual(['regulationsRepealed=1']);
  });
  it('does not read 规章制度 or an unqualified 规范性文件 count', () => {
    expect(read('修订完善内部规章制度5件')).toEqual([]);
    expect(read('对规范性文件开展合法性审查8件')).toEqual([]);
  });
});

describe('extractClaims: figures that are not claims', () => {
  const notClaims = [
    '2024年，余杭区商务局在杭州余杭门户网站累计发布信息104条，“余杭商务投促粮食”微信公众号全年推送信息604条，总阅读量近25万人次。',
    '本报告所有数据统计期限自2024年1月1日起至2024年12月31日止。',
    '地址：余杭区文一西路1500号区政府8号楼10楼，邮编：311121，电话：0571-89516255',
    '根据《中华人民共和国政府信息公开条例》第二十条、第五十条规定编制本报告。',
    '主动公开政府信息1200件，其中政策解读35件。',
    '深化“一件事”集成改革，与相关部门一起受理企业申请。',
    '全年受理各类申请几十件。',
    '受理政府信息公开申请100余件',
    '办结率100%，受理群众咨询3000余次。',
  ];
  for (const sentence of notClaims) {
    it(`reads no claim in “${sentence.slice(0, 24)}…”`, () => {
      expect(read(sentence)).toEqual([]);
    });
  }
  it('quotes the words a claim was read from', () => {
    const [claim] = extractClaims('2024年，区商务局共受理依申请公开1件，已按规定在法定期限内办结。');
    expect(claim.quote).toBe('受理依申请公开1件');
  });
  it('gives every claim kind a reading (exhaustiveness of the examples above)', () => {
    const kinds = new Set<ClaimKind>(
      [
        '新收申请1件，收到申请2件（含上年结转1件），受理申请3件',
        '办结1件，结转下年度1件，予以公开1件，部分公开1件，不予公开1件，无法提供1件，不予处理1件，其他处理1件',
        '行政复议1件，行政诉讼1件，行政复议和行政诉讼共2件',
        '制发规章1件，废止规章1件，现行有效规章1件，制发规范性文件1件，废止规范性文件1件，现行有效规范性文件1件',
      ].flatMap((t) => extractClaims(t).map((c) => c.kind)),
    );
    expect(kinds.size).toBe(21);
  });
});
