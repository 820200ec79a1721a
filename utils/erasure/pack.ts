import type { InstanceInfo, UploadRecord } from '../records';
import { adminSteps, instanceTarget } from './appendix';
import { toCsv, toExportJson } from './export';
import { letterSubject, writeLetter } from './letters';
import type { AdminStep, ErasureItem, ErasureRequest, InstanceTarget, IsoDate, LetterInput, LetterKind, LetterLanguage } from './types';

/** What the letter and the appendix need from a ledger record (never its delete token). */
export function erasureItem(r: UploadRecord): ErasureItem {
  return {
    id: r.id,
    platform: r.platform,
    kind: r.kind,
    instanceOrigin: r.instanceOrigin,
    url: r.url,
    key: r.key,
    ...(r.mxc && { mxc: r.mxc }),
    fileName: r.fileName,
    mime: r.mime,
    uploadedAt: r.uploadedAt,
    ...(r.roomId && { roomId: r.roomId }),
    ...(r.eventId && { eventId: r.eventId }),
    ...(r.redactedAt && { redactedAt: r.redactedAt }),
    ...(r.reason && { reason: r.reason }),
    ...(r.encrypted && { encrypted: true }),
  };
}

/** The request's items (in its order) and one target per instance, from the records and the instance facts. */
export function requestContents(request: ErasureRequest, records: UploadRecord[], instances: InstanceInfo[]) {
  const byId = new Map(records.map((r) => [r.id, r]));
  const items = request.itemIds.flatMap((id) => {
    const r = byId.get(id);
    return r ? [erasureItem(r)] : [];
  });
  const targets: InstanceTarget[] = request.instanceOrigins.map((origin) => {
    const platform = items.find((i) => i.instanceOrigin === origin)?.platform ?? 'lemmy';
    return instanceTarget(origin, platform, instances.find((i) => i.origin === origin), items);
  });
  return { items, targets };
}

/** The letter input for a request: its saved choices, today's date and (follow-up, complaint) its history. */
export function letterInput(request: ErasureRequest, targets: InstanceTarget[], items: ErasureItem[], writtenOn: IsoDate, extra: Partial<LetterInput> = {}): LetterInput {
  return {
    language: request.language,
    requester: request.requester,
    targets,
    items,
    writtenOn,
    ...(request.sentOn && { sentOn: request.sentOn }),
    ...(request.sentVia && { sentVia: request.sentVia }),
    ...(request.followUpOn && { followUpOn: request.followUpOn }),
    ...(request.recipient && { recipient: request.recipient }),
    ...extra,
  };
}

export interface Letter {
  subject: string;
  text: string;
}

export function composeLetter(kind: LetterKind, input: LetterInput): Letter & { appendix: AdminStep[] } {
  const appendix = kind === 'complaint' ? [] : adminSteps(input.targets, input.items);
  return { subject: letterSubject(kind, input), text: writeLetter(kind, input, appendix), appendix };
}

export interface ErasurePack {
  letter: string;
  subject: string;
  appendix: AdminStep[];
  /** The letter as a Markdown document (subject as its title). */
  markdown: string;
  json: string;
  csv: string;
}

/** Everything a request can be sent as: the letter with its admin appendix, Markdown, and the JSON and CSV item exports. */
export function buildErasurePack(input: {
  request: ErasureRequest;
  targets: InstanceTarget[];
  items: ErasureItem[];
  language: LetterLanguage;
  writtenOn: IsoDate;
  now: number;
}): ErasurePack {
  const request = { ...input.request, language: input.language };
  const letter = composeLetter('erasure', letterInput(request, input.targets, input.items, input.writtenOn));
  return {
    letter: letter.text,
    subject: letter.subject,
    appendix: letter.appendix,
    markdown: `# ${letter.subject}\n\n${letter.text}\n`,
    json: toExportJson({ request, targets: input.targets, items: input.items, generatedAt: input.now }),
    csv: toCsv(input.items, input.targets),
  };
}
