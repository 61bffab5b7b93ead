/**
 * Expands NGSI-LD attribute and type names to IRIs with the `jsonld` library's
 * context processing (JSON-LD 1.1 §4.1 "Context processing"), using a document
 * loader that serves only bundled contexts: contexts are never fetched from the
 * network at run time. The NGSI-LD core context is always applied last, as the
 * NGSI-LD API does implicitly (ETSI GS CIM 009 §5.5.7); terms it leaves
 * undefined fall into the core default vocabulary.
 */
import jsonld from 'jsonld';

export const NGSI_LD_CORE_CONTEXT = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld';
const DEFAULT_VOCAB = 'https://uri.etsi.org/ngsi-ld/default-context/';

/** Bundled contexts by URL: the parsed JSON document served for each. */
export type BundledContexts = ReadonlyMap<string, unknown>;

interface TermDefinition {
  readonly '@id'?: string;
}
interface ActiveContext {
  readonly mappings: ReadonlyMap<string, TermDefinition>;
  readonly '@vocab'?: string;
}

/** Thrown by the loader for a context URL that is not bundled; carries the URL. */
export class ContextUnavailable extends Error {
  constructor(readonly url: string) {
    super(`JSON-LD context ${url} is not bundled (contexts are never fetched from the network)`);
  }
}

/**
 * A processed @context compiled to lookup tables: each term's expanded IRI and
 * its local name are computed once (JSON-LD 1.1 §4.1 IRI expansion) and then
 * served from a Map, so a key-values payload of thousands of entities with the
 * same @context expands every attribute name once, not once per entity.
 */
export class CompiledContext {
  readonly #ctx: ActiveContext;
  readonly #iris = new Map<string, string>();
  readonly #locals = new Map<string, string>();

  constructor(ctx: ActiveContext) {
    this.#ctx = ctx;
  }

  /** The IRI of a term (JSON-LD vocabulary-relative expansion). */
  expand(term: string): string {
    let iri = this.#iris.get(term);
    if (iri === undefined) {
      iri = expandTerm(this.#ctx, term);
      this.#iris.set(term, iri);
    }
    return iri;
  }

  /** The local name of a term's IRI (`localName(expand(term))`). */
  local(term: string): string {
    let name = this.#locals.get(term);
    if (name === undefined) {
      name = localName(this.expand(term));
      this.#locals.set(term, name);
    }
    return name;
  }
}

/**
 * One active context per distinct @context value. The hot path (`cached`)
 * first compares a payload's @context with the previous one by value without
 * serialising it, since consecutive entities of a payload usually share it.
 */
export class ContextResolver {
  readonly #bundled: BundledContexts;
  readonly #active = new Map<string, Promise<ActiveContext>>();
  readonly #compiled = new Map<string, CompiledContext>();
  #last: { readonly context: unknown; readonly compiled: CompiledContext } | undefined;

  constructor(bundled: BundledContexts) {
    this.#bundled = bundled;
  }

  /**
   * Resolves a payload's @context to its compiled term tables (cached per
   * distinct context); rejects with ContextUnavailable for an unbundled URL.
   */
  async resolve(context: unknown): Promise<CompiledContext> {
    const key = contextKey(context);
    const ready = this.#compiled.get(key);
    if (ready) return ready;
    let active = this.#active.get(key);
    if (!active) {
      active = this.#process(context);
      this.#active.set(key, active);
    }
    const compiled = this.#compiled.get(key) ?? new CompiledContext(await active);
    this.#compiled.set(key, compiled);
    this.#last = { context, compiled };
    return compiled;
  }

  /** The compiled tables of an already resolved context, without awaiting (the hot path). */
  cached(context: unknown): CompiledContext | undefined {
    const last = this.#last;
    if (last !== undefined && sameContext(last.context, context)) return last.compiled;
    const compiled = this.#compiled.get(contextKey(context));
    if (compiled) this.#last = { context, compiled };
    return compiled;
  }

  async #process(context: unknown): Promise<ActiveContext> {
    const locals = context === undefined || context === null ? [] : Array.isArray(context) ? context : [context];
    const documentLoader = async (url: string): Promise<{ contextUrl: null; documentUrl: string; document: unknown }> => {
      const document = this.#bundled.get(url);
      if (document === undefined) throw new ContextUnavailable(url);
      return { contextUrl: null, documentUrl: url, document };
    };
    const processContext = (jsonld as unknown as { processContext: (a: unknown, l: unknown, o: object) => Promise<ActiveContext> }).processContext;
    const initial = await processContext(null, null, {});
    try {
      return await processContext(initial, [...locals, NGSI_LD_CORE_CONTEXT], { documentLoader });
    } catch (error) {
      throw unavailableIn(error) ?? error;
    }
  }
}

/** Same @context by value for the common shapes (a URL, a list of URLs); anything else is compared by key. */
function sameContext(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== 'string' || a[i] !== b[i]) return false;
  }
  return true;
}

function contextKey(context: unknown): string {
  return typeof context === 'string' ? context : JSON.stringify(context ?? null);
}

/** jsonld wraps loader failures in JsonLdError; find our ContextUnavailable in its details. */
function unavailableIn(error: unknown, depth = 0): ContextUnavailable | undefined {
  if (error instanceof ContextUnavailable) return error;
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const record = error as { details?: { cause?: unknown }; cause?: unknown };
  return unavailableIn(record.details?.cause, depth + 1) ?? unavailableIn(record.cause, depth + 1);
}

function expandTerm(ctx: ActiveContext, term: string): string {
  const mapped = ctx.mappings.get(term)?.['@id'];
  if (mapped) return mapped;
  if (/^[a-z][a-z0-9+.-]*:/i.test(term)) {
    const colon = term.indexOf(':');
    const prefix = ctx.mappings.get(term.slice(0, colon))?.['@id'];
    return prefix ? prefix + term.slice(colon + 1) : term;
  }
  return (ctx['@vocab'] ?? DEFAULT_VOCAB) + term;
}

/** The local name of an IRI: after the last `/` or `#`. */
export function localName(iri: string): string {
  const cut = Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#'));
  return cut >= 0 ? iri.slice(cut + 1) : iri;
}
