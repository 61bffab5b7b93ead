/**
 * Parses every RDF syntax Protégé and the W3C publish into quads: Turtle,
 * N-Triples, N-Quads, TriG (n3), RDF/XML (rdfxml-streaming-parser) and JSON-LD
 * (jsonld.toRDF with the offline document loader). A syntax error comes back as
 * a diagnostic with file and line; a broken file contributes no quads (files
 * load atomically) and never stops other files.
 */
import jsonld from 'jsonld';
import { Lexer, Parser, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { diagnostic, type Diagnostic } from '../../core/index.js';
import type { BundledContexts } from '../sources/ngsi-ld/context-resolver.js';

export const RDF_SYNTAXES = ['turtle', 'n-triples', 'n-quads', 'trig', 'rdf-xml', 'json-ld'] as const;
export type RdfSyntax = (typeof RDF_SYNTAXES)[number];

const EXTENSIONS: Readonly<Record<string, RdfSyntax>> = {
  '.ttl': 'turtle', '.turtle': 'turtle', '.nt': 'n-triples', '.nq': 'n-quads', '.trig': 'trig',
  '.rdf': 'rdf-xml', '.owl': 'rdf-xml', '.xml': 'rdf-xml', '.jsonld': 'json-ld',
};

/** The RDF syntax of a file name, or undefined when the extension is not an RDF one. */
export function rdfSyntaxOf(file: string): RdfSyntax | undefined {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[file.slice(dot).toLowerCase()];
}

export interface ParseRdfOptions {
  readonly text: string;
  readonly file: string;
  readonly syntax: RdfSyntax;
  /** Base IRI for relative IRIs (default: a file: IRI of the file). */
  readonly baseIri?: string;
  /** Contexts served to JSON-LD documents (never fetched). */
  readonly contexts?: BundledContexts;
}

export type ParseRdfResult = { readonly ok: true; readonly quads: readonly Quad[] } | { readonly ok: false; readonly diagnostic: Diagnostic };

const N3_FORMATS: Readonly<Record<'turtle' | 'n-triples' | 'n-quads' | 'trig', string>> = {
  turtle: 'text/turtle', 'n-triples': 'application/n-triples', 'n-quads': 'application/n-quads', trig: 'application/trig',
};

/** A syntax diagnostic; `causeLine` (when known) is where the fault is, `line` where the parser stopped. */
function syntaxError(file: string, line: number | undefined, message: string, causeLine?: number): ParseRdfResult {
  const at = causeLine ?? line;
  const where = at === undefined ? file : `${file}:${at}`;
  return { ok: false, diagnostic: diagnostic('CG_INGEST_SYNTAX', `${where}: ${message}`, { source: file, file, ...(at === undefined ? {} : { line: at }) }) };
}

/**
 * The line of the last statement terminator before the failing line: a stray
 * `.` there ends a statement early and the parser only notices on a later line
 * (d3fend-ontology-mappings.ttl breaks at line 106; n3 stops on 107).
 */
function previousTerminatorLine(text: string, errorLine: number): number | undefined {
  let last: number | undefined;
  try {
    for (const token of new Lexer().tokenize(text.split('\n').slice(0, errorLine - 1).join('\n'))) {
      if (token.type === '.' && token.line !== undefined) last = token.line;
    }
  } catch {
    return undefined;
  }
  return last;
}

function parseN3(options: ParseRdfOptions, format: string, baseIri: string): ParseRdfResult {
  try {
    return { ok: true, quads: new Parser({ format, baseIRI: baseIri }).parse(options.text) };
  } catch (error) {
    const context = (error as { context?: { line?: unknown } }).context;
    const line = typeof context?.line === 'number' ? context.line : undefined;
    const reason = (error as Error).message.replace(/ on line \d+\.?$/, '');
    const previous = line !== undefined && (format === 'text/turtle' || format === 'application/trig') ? previousTerminatorLine(options.text, line) : undefined;
    const hint = previous !== undefined && previous >= line! - 1 ? ` (the statement failing on line ${line} began after the '.' on line ${previous}; a stray '.' at line ${previous} ends the previous statement early)` : '';
    return syntaxError(options.file, line, `Turtle syntax error: ${reason}${hint}`, previous !== undefined && hint ? previous : undefined);
  }
}

function parseRdfXml(options: ParseRdfOptions, baseIri: string): Promise<ParseRdfResult> {
  return new Promise((resolve) => {
    const quads: Quad[] = [];
    let failed: ParseRdfResult | undefined;
    const parser = new RdfXmlParser({ baseIRI: baseIri });
    parser.on('data', (q: Quad) => quads.push(q));
    parser.on('error', (error: Error) => {
      const m = /^(\d+):(\d+): (.*)$/.exec(error.message);
      failed ??= syntaxError(options.file, m ? Number(m[1]) : undefined, m?.[3] ?? error.message);
    });
    parser.on('end', () => resolve(failed ?? { ok: true, quads }));
    parser.write(options.text);
    parser.end();
  });
}

async function parseJsonLd(options: ParseRdfOptions, baseIri: string): Promise<ParseRdfResult> {
  let document: unknown;
  try {
    document = JSON.parse(options.text);
  } catch (error) {
    return syntaxError(options.file, undefined, `not JSON: ${(error as Error).message}`);
  }
  const contexts = options.contexts ?? new Map<string, unknown>();
  const documentLoader = async (url: string): Promise<{ contextUrl: null; documentUrl: string; document: unknown }> => {
    const found = contexts.get(url);
    if (found === undefined) throw new Error(`JSON-LD context ${url} is not bundled (contexts are never fetched from the network)`);
    return { contextUrl: null, documentUrl: url, document: found };
  };
  try {
    const nquads = (await jsonld.toRDF(document as jsonld.JsonLdDocument, { base: baseIri, format: 'application/n-quads', documentLoader } as unknown as jsonld.Options.ToRdf)) as unknown as string;
    return { ok: true, quads: new Parser({ format: 'application/n-quads' }).parse(nquads) };
  } catch (error) {
    return syntaxError(options.file, undefined, `JSON-LD error: ${(error as Error).message}`);
  }
}

export async function parseRdf(options: ParseRdfOptions): Promise<ParseRdfResult> {
  const baseIri = options.baseIri ?? `file://${options.file.startsWith('/') ? '' : '/'}${options.file}`;
  if (options.syntax === 'rdf-xml') return parseRdfXml(options, baseIri);
  if (options.syntax === 'json-ld') return parseJsonLd(options, baseIri);
  return parseN3(options, N3_FORMATS[options.syntax], baseIri);
}
