/**
 * CEF (ArcSight Common Event Format, rev. 25) carried in syslog RFC 5424
 * messages: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`, where MSG is
 * `CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension`.
 * Header fields escape `|` and `\`; extension values escape `=`, `\`, newlines.
 */
export interface SyslogHeader {
  readonly priority: number;
  readonly timestamp: string | null;
  readonly hostname: string | null;
  readonly appName: string | null;
}

export interface CefEvent {
  readonly syslog: SyslogHeader | null;
  readonly version: string;
  readonly vendor: string;
  readonly product: string;
  readonly deviceVersion: string;
  readonly signatureId: string;
  readonly name: string;
  readonly severity: string;
  readonly extension: Readonly<Record<string, string>>;
}

const SYSLOG_5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+) ?/;
const nil = (v: string | undefined): string | null => (v === undefined || v === '-' ? null : v);

/** Splits the RFC 5424 header off; returns the header (or null for a bare CEF line) and the MSG. */
export function splitSyslog(line: string): { header: SyslogHeader | null; message: string } | string {
  if (line.startsWith('CEF:')) return { header: null, message: line };
  const m = SYSLOG_5424.exec(line);
  if (!m) return 'not an RFC 5424 syslog line (expected "<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG") nor a bare CEF line';
  const priority = Number(m[1]);
  if (priority > 191) return `syslog PRI ${priority} is out of range (0-191)`;
  const message = line.slice(m[0].length).replace(/^\uFEFF/, '');
  return { header: { priority, timestamp: nil(m[2]), hostname: nil(m[3]), appName: nil(m[4]) }, message };
}

/** Splits the 7 CEF header fields on unescaped pipes; the rest is the extension. */
export function splitCefHeader(message: string): string[] | string {
  if (!message.startsWith('CEF:')) return 'syslog MSG does not start with "CEF:"';
  const fields: string[] = [];
  let current = '';
  let i = 4;
  for (; i < message.length && fields.length < 7; i++) {
    const c = message[i];
    if (c === '\\' && i + 1 < message.length) {
      current += message[++i];
    } else if (c === '|') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  if (fields.length < 7) return `CEF header has ${fields.length + 1} of 8 fields`;
  fields.push(message.slice(i));
  return fields;
}

/** Parses `key=value key2=value with spaces` (values run to the next unescaped ` key=`). */
export function parseExtension(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(?:^|\s)([A-Za-z0-9_.[\]-]+)=/g;
  const starts: { key: string; keyStart: number; valueStart: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > 0 && text[m.index - 1] === '\\') continue;
    starts.push({ key: m[1] ?? '', keyStart: m.index, valueStart: re.lastIndex });
  }
  starts.forEach((s, i) => {
    const end = i + 1 < starts.length ? (starts[i + 1]?.keyStart ?? text.length) : text.length;
    out[s.key] = text.slice(s.valueStart, end).trim().replace(/\\([=\\])/g, '$1').replace(/\\n/g, '\n').replace(/\\r/g, '\r');
  });
  return out;
}
