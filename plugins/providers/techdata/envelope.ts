/**
 * TechData's response envelope: `{"Result":"Success","BodyText":{...}}` on success and `"Result":
 * "Failed"` otherwise [C-3p]. What a failure carries besides is unknown [?], so the reader looks for a
 * message in the places such APIs commonly put one [I]: BodyText as a string, or a message/error field
 * in BodyText or at the top level.
 */
import { isRecord } from '../common/records';

export type Envelope = { ok: true; body: unknown } | { ok: false; detail: string; code?: string };

function firstString(obj: Record<string, unknown>, names: string[]): string | undefined {
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' && v.trim() && names.includes(k.toLowerCase())) return v.trim();
  }
  return undefined;
}

const MESSAGE_FIELDS = ['errormessage', 'message', 'error_description', 'description', 'error', 'detail'];
const CODE_FIELDS = ['errorcode', 'code'];

/** Read an already parsed JSON answer; undefined when it is not a TechData envelope at all. */
export function readEnvelope(json: unknown): Envelope | undefined {
  if (!isRecord(json) || typeof json.Result !== 'string') return undefined;
  if (json.Result.toLowerCase() === 'success') return { ok: true, body: json.BodyText };
  const body = json.BodyText;
  let detail: string | undefined;
  let code: string | undefined;
  if (typeof body === 'string') detail = body.trim();
  else if (isRecord(body)) {
    detail = firstString(body, MESSAGE_FIELDS);
    code = firstString(body, CODE_FIELDS);
  }
  detail ??= firstString(json, MESSAGE_FIELDS);
  code ??= firstString(json, CODE_FIELDS);
  return { ok: false, detail: detail ?? '', ...(code ? { code } : {}) };
}

/**
 * Whether a failure is about the SOIN. TechData's wire codes are unknown [?]; the sandbox says so in
 * both the code and the message, and a real answer mentioning the SOIN means the same thing [I].
 */
export function mentionsSoin(envelope: Envelope | undefined): boolean {
  if (!envelope || envelope.ok) return false;
  return /soin/i.test(`${envelope.code ?? ''} ${envelope.detail}`);
}
