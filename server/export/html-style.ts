/**
 * The HTML export's stylesheet, inline in its `<head>` (one self-contained file). The page is an
 * A4 official document (GB/T 9704-2012): type area 156 × 225 mm, margins 37 mm top, 35 mm bottom,
 * 28 mm left, 26 mm right; body 仿宋_GB2312 三号 (16 pt) on a 28 pt line, headings 黑体, tables
 * 宋体 五号. Each font names its fallbacks: the Windows name, the macOS one, then the Noto CJK fonts
 * Linux (and Debian's Chromium printing the PDF) has.
 */

export const fonts = {
  body: '"仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", "Source Han Serif SC", serif',
  heading: '"黑体", SimHei, "Heiti SC", STHeiti, "Noto Sans CJK SC", "Source Han Sans SC", sans-serif',
  table: '"宋体", SimSun, "Songti SC", STSong, "Noto Serif CJK SC", "Source Han Serif SC", serif',
  code: '"Courier New", "Noto Sans Mono CJK SC", monospace',
} as const;

export const exportStyle = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #fff; }
body { margin: 0; color: #000; }
.nianbao-report { box-sizing: border-box; max-width: 210mm; margin: 0 auto; padding: 20mm 26mm 20mm 28mm;
  font-family: ${fonts.body}; font-size: 16pt; line-height: 28pt; }
.nianbao-report h1 { font-family: ${fonts.heading}; font-size: 22pt; line-height: 1.4; font-weight: normal; text-align: center; word-break: keep-all; overflow-wrap: anywhere; margin: 0 0 28pt; }
.nianbao-report h2, .nianbao-report h3, .nianbao-report h4, .nianbao-report h5, .nianbao-report h6 {
  font-family: ${fonts.heading}; font-size: 16pt; line-height: 28pt; font-weight: normal; margin: 0; text-indent: 2em; }
.nianbao-report p { margin: 0; text-indent: 2em; text-align: justify; }
.nianbao-report li > p, .nianbao-report blockquote p { text-indent: 0; }
.nianbao-report ol, .nianbao-report ul { margin: 0; padding-left: 4em; }
.nianbao-report blockquote { margin: 0 0 0 2em; padding-left: 1em; border-left: 2pt solid #999; }
.nianbao-report pre { font-family: ${fonts.code}; font-size: 12pt; line-height: 1.5; white-space: pre-wrap; margin: 0 0 0 2em; }
.nianbao-report code { font-family: ${fonts.code}; }
.nianbao-report hr { border: 0; border-top: 1px solid #000; margin: 14pt 0; }
.nianbao-report strong { font-weight: bold; }
.nianbao-report a { color: inherit; }
.nianbao-report table { width: 100%; border-collapse: collapse; margin: 6pt 0 10pt;
  font-family: ${fonts.table}; font-size: 10.5pt; line-height: 1.2; }
.nianbao-report th, .nianbao-report td { border: 1px solid #000; padding: 1pt 3pt; font-weight: normal;
  text-align: center; vertical-align: middle; }
.nianbao-report th { overflow-wrap: anywhere; }
.nianbao-report td { white-space: nowrap; }
.nianbao-report th.label { text-align: left; }
.nianbao-report .signature { margin-top: 28pt; }
.nianbao-report .signature p { text-align: right; text-indent: 0; }
@media print {
  .nianbao-report { max-width: none; padding: 0; }
  .nianbao-report h2, .nianbao-report h3 { break-after: avoid; }
  .nianbao-report tr { break-inside: avoid; }
  /* A table that fits on a page starts on a fresh one rather than splitting (table 三 does). */
  .nianbao-report .table-part { break-inside: avoid; }
  .nianbao-report thead { display: table-header-group; }
  .nianbao-report a { text-decoration: none; }
}
`
  .trim()
  .replace(/\n\s+/g, ' ');
