/**
 * A file the user opened as a saved run, when it is a capture: sniffed by its first four bytes
 * (pcap in either byte order, micro- or nanoseconds; pcapng), imported as a saved lab run
 * (capture-import.ts) and its refusals worded in the reader's language.
 */
import { CaptureError, MAX_CAPTURE_BYTES, sniffCapture } from '../capture/index.ts';
import type { CaptureErrorCode } from '../capture/index.ts';
import { MAX_CAPTURE_PACKETS } from '../capture/errors.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import { importCapture } from './capture-import.ts';
import type { CaptureImport, ImportOptions } from './capture-import.ts';

/** True when `file` starts with a pcap or pcapng magic number. */
export async function isCaptureFile(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return sniffCapture(head) !== undefined;
}

const KEYS: Readonly<Record<CaptureErrorCode, StringKey>> = {
  'not-a-capture': 'captureErrorNotCapture',
  'too-large': 'captureErrorTooLarge',
  truncated: 'captureErrorTruncated',
  'bad-length': 'captureErrorBadLength',
  'bad-block': 'captureErrorBadBlock',
  'too-many-packets': 'captureErrorTooManyPackets',
  'too-many-interfaces': 'captureErrorBadBlock',
  'no-interface': 'captureErrorNoInterface',
  'no-udp': 'captureErrorNoUdp',
  'no-server': 'captureErrorNoServer',
};

/** A capture's refusal in `lang` (it follows "This file is not a lab run: "). */
export function captureErrorText(lang: Lang, e: CaptureError): string {
  return t(lang, KEYS[e.code], {
    detail: e.message,
    max: MAX_CAPTURE_BYTES / (1024 * 1024),
    packets: MAX_CAPTURE_PACKETS,
  });
}

/** The capture in `bytes` as a saved run, or its refusal in `lang`. */
export function importCaptureBytes(
  bytes: Uint8Array,
  lang: Lang,
  options: ImportOptions = {},
): { imported: CaptureImport } | { refusal: string } {
  if (bytes.length > MAX_CAPTURE_BYTES) {
    return { refusal: captureErrorText(lang, new CaptureError('too-large', '')) };
  }
  try {
    return { imported: importCapture(bytes, options) };
  } catch (e) {
    if (e instanceof CaptureError) return { refusal: captureErrorText(lang, e) };
    throw e;
  }
}
