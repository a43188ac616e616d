/** The names `--input-format` accepts: automatic detection, a declared envelope, or a payload format. */

export const PAYLOAD_FORMATS = [
  'klog',
  'klog-json',
  'zap-json',
  'zap-console',
  'logrus',
  'logrus-json',
  'slog',
  'slog-json',
  'logfmt',
  'go-log',
  'json',
  'plain',
] as const;

export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/**
 * `stern` declares stern's undelimited `POD CONTAINER ` prefix, which detection only assumes
 * when a source's first lines leave no doubt; the payload formats replace payload detection.
 */
export const INPUT_FORMATS = ['auto', 'stern', ...PAYLOAD_FORMATS] as const;

export type InputFormat = (typeof INPUT_FORMATS)[number];

export function isPayloadFormat(name: string): name is PayloadFormat {
  return (PAYLOAD_FORMATS as readonly string[]).includes(name);
}
