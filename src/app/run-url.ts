/**
 * Reading a saved lab run from the URL in `?run=`: only http and https, resolved against the
 * page (a relative URL is this site's), read without cookies, refused past MAX_LAB_RUN_BYTES
 * (by Content-Length when the server says, and by counting while reading when it does not),
 * and every failure as a Refusal the view words in the reader's language. A server on another
 * site must allow this one to read it (CORS), as any browser requires.
 */
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { MAX_LAB_RUN_BYTES } from '../protocol/lab-run.ts';

/** Why a saved run was not opened. */
export type Refusal =
  | { readonly kind: 'scheme'; readonly scheme: string }
  | { readonly kind: 'too-big' }
  | { readonly kind: 'http'; readonly status: number }
  | { readonly kind: 'network' }
  | { readonly kind: 'json'; readonly detail: string }
  | { readonly kind: 'schema'; readonly detail: string };

/** The refusal as a phrase in `lang` (it follows "This file is not a lab run: "). */
export function refusalText(lang: Lang, r: Refusal): string {
  switch (r.kind) {
    case 'scheme':
      return t(lang, 'labReplayScheme', { scheme: r.scheme });
    case 'too-big':
      return t(lang, 'labReplayTooBig', { max: MAX_LAB_RUN_BYTES / (1024 * 1024) });
    case 'http':
      return t(lang, 'labReplayHttp', { status: r.status });
    case 'network':
      return t(lang, 'labReplayNetwork');
    case 'json':
      return t(lang, 'labReplayNotJson', { detail: r.detail });
    case 'schema':
      return r.detail;
  }
}

/** Reads the text at `href` (relative to `base`), or says why not. */
export async function readRunUrl(
  href: string,
  base: string,
  fetcher: typeof fetch = fetch,
): Promise<{ text: string } | { refusal: Refusal }> {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return { refusal: { kind: 'scheme', scheme: href.slice(0, 40) } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { refusal: { kind: 'scheme', scheme: url.protocol.replace(/:$/, '') } };
  let res: Response;
  try {
    res = await fetcher(url, { credentials: 'omit', redirect: 'follow' });
  } catch {
    return { refusal: { kind: 'network' } };
  }
  if (!res.ok) return { refusal: { kind: 'http', status: res.status } };
  if (Number(res.headers.get('content-length') ?? 0) > MAX_LAB_RUN_BYTES) {
    void res.body?.cancel();
    return { refusal: { kind: 'too-big' } };
  }
  const reader = res.body?.getReader();
  if (!reader) return { text: await res.text() };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      size += r.value.byteLength;
      if (size > MAX_LAB_RUN_BYTES) {
        void reader.cancel();
        return { refusal: { kind: 'too-big' } };
      }
      chunks.push(r.value);
    }
  } catch {
    return { refusal: { kind: 'network' } };
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) all.set(c, (at += c.byteLength) - c.byteLength);
  return { text: new TextDecoder().decode(all) };
}
