import type { AdminStep, Contact, ErasureItem, InstanceTarget, LetterInput, LetterLanguage, Requester } from '@/utils/erasure/types';

/** Realistic, fixed items and hand-built admin steps for the letter goldens (dates fixed so goldens are stable). */

export const LEMMY = 'https://lemmy.example';
export const MATRIX = 'https://matrix.example';
const ADMIN = 'https://matrix.example/_synapse/admin/v1';

export const requester: Requester = {
  name: 'Alex Müller',
  email: 'alex@example.org',
  accounts: { [LEMMY]: 'alex', [MATRIX]: '@alex:matrix.example' },
};

const at = (iso: string) => Date.parse(iso);

function lemmyItem(id: string, alias: string, base: string, extra: Partial<ErasureItem> = {}): ErasureItem {
  return {
    id,
    platform: 'lemmy',
    kind: 'post-image',
    instanceOrigin: LEMMY,
    url: `${LEMMY}${base}${alias}`,
    key: alias,
    fileName: null,
    mime: 'image/png',
    uploadedAt: at('2027-01-10T14:05:00Z'),
    ...extra,
  };
}

function matrixItem(id: string, mediaId: string, extra: Partial<ErasureItem> = {}): ErasureItem {
  const mxc = `mxc://matrix.example/${mediaId}`;
  return {
    id,
    platform: 'matrix',
    kind: 'attachment',
    instanceOrigin: MATRIX,
    url: `${MATRIX}/_matrix/client/v1/media/download/matrix.example/${mediaId}`,
    key: mxc,
    mxc,
    fileName: null,
    mime: 'image/jpeg',
    uploadedAt: at('2027-01-12T09:30:00Z'),
    account: '@alex:matrix.example',
    reason: 'no-user-delete',
    ...extra,
  };
}

const lemmy019Items: ErasureItem[] = [
  lemmyItem('l1', '8c1f0e2a-4b7d-4c21-9e3f-5a6b7c8d9e0f.png', '/pictrs/image/', {
    fileName: 'Strand "Sommer" 2026 – Ærø.png',
    reason: 'no-server-record',
  }),
  lemmyItem('l2', 'd41d8cd9-8f00-4b20-9e98-0998ecf8427e.jpeg', '/pictrs/image/', {
    fileName: 'line one\nline two\r\n## not a heading.jpg',
    mime: 'image/jpeg',
    uploadedAt: at('2027-01-20T23:59:00Z'),
    reason: 'still-served',
  }),
  lemmyItem('l3', 'f00dbabe-1234-4cde-8f00-aa11bb22cc33.webp', '/pictrs/image/', {
    kind: 'avatar',
    mime: 'image/webp',
    uploadedAt: at('2026-12-31T23:30:00Z'),
  }),
];

const lemmy10Items: ErasureItem[] = [
  lemmyItem('n1', '3e9a6c1b-72d4-4f0e-b1a2-c3d4e5f60718.png', '/api/v4/image/', { fileName: 'Größe, „Zitat“ & Co.png', reason: 'no-api-key' }),
  lemmyItem('n2', '5b7c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4.gif', '/api/v4/image/', {
    fileName: 'l\u202Egpj.exe',
    mime: 'image/gif',
    uploadedAt: at('2027-01-29T07:00:00Z'),
    reason: 'no-api-key',
  }),
];

const synapseItems: ErasureItem[] = [
  matrixItem('m1', 'AbCdEf123', {
    fileName: 'Scan Ausweis.pdf',
    mime: 'application/pdf',
    roomId: '!room:matrix.example',
    eventId: '$ev1',
    redactedAt: at('2027-01-13T10:00:00Z'),
  }),
  matrixItem('m2', 'GhIjKl456', {
    fileName: 'IMG_2041 "Küche".jpg',
    roomId: '!room:matrix.example',
    eventId: '$ev2',
    encrypted: true,
  }),
  matrixItem('m3', 'MnOpQr789', { kind: 'avatar', mime: 'image/png', uploadedAt: at('2027-01-05T18:45:00Z') }),
];

const pictrsPurge = (aliases: string[]): AdminStep => ({
  topic: 'lemmy-pictrs-purge',
  instanceOrigin: LEMMY,
  software: 'lemmy-0.19',
  commands: aliases.map((a) => `curl -s -X POST -H "X-Api-Token: $PICTRS__SERVER__API_KEY" "http://127.0.0.1:8080/internal/purge?alias=${a}"`),
});

const synapseSteps = (mediaIds: string[]): AdminStep[] => [
  {
    topic: 'synapse-delete-media',
    instanceOrigin: MATRIX,
    software: 'synapse',
    commands: mediaIds.map((id) => `curl -X DELETE -H "Authorization: Bearer $ADMIN_TOKEN" "${ADMIN}/media/matrix.example/${id}"`),
  },
  {
    topic: 'synapse-delete-user-media',
    instanceOrigin: MATRIX,
    software: 'synapse',
    commands: [`curl -X DELETE -H "Authorization: Bearer $ADMIN_TOKEN" "${ADMIN}/users/%40alex%3Amatrix.example/media"`],
  },
  { topic: 'synapse-caveats', instanceOrigin: MATRIX, software: 'synapse', commands: [] },
];

const remote = (origin: string, software: AdminStep['software']): AdminStep => ({ topic: 'remote-copies', instanceOrigin: origin, software, commands: [] });

const targets = {
  lemmy019: { instanceOrigin: LEMMY, software: 'lemmy-0.19', version: '0.19.5' } satisfies InstanceTarget,
  lemmy10: { instanceOrigin: LEMMY, software: 'lemmy-1.0', version: '1.0.0' } satisfies InstanceTarget,
  synapse: { instanceOrigin: MATRIX, software: 'synapse', serverName: 'matrix.example' } satisfies InstanceTarget,
};

const lemmyAdmins: Contact = { kind: 'email', value: 'admin@lemmy.example', label: 'Lemmy admins', source: `${LEMMY}/api/v3/site (admins)` };

export interface Scenario {
  targets: InstanceTarget[];
  items: ErasureItem[];
  appendix: AdminStep[];
  recipient?: Contact;
}

export const SCENARIOS = {
  'lemmy-0.19': {
    targets: [targets.lemmy019],
    items: lemmy019Items,
    appendix: [
      pictrsPurge(lemmy019Items.map((i) => i.key)),
      { topic: 'lemmy-admin-uploads', instanceOrigin: LEMMY, software: 'lemmy-0.19', commands: [`${LEMMY}/admin`] },
      remote(LEMMY, 'lemmy-0.19'),
    ],
    recipient: lemmyAdmins,
  },
  'lemmy-1.0': {
    targets: [targets.lemmy10],
    items: lemmy10Items,
    appendix: [
      {
        topic: 'lemmy-1.0-purge',
        instanceOrigin: LEMMY,
        software: 'lemmy-1.0',
        commands: lemmy10Items.map(
          (i) =>
            `curl -X DELETE -H "Authorization: Bearer $LEMMY_ADMIN_JWT" -H "Content-Type: application/json" -d '{"filename":"${i.key}"}' "${LEMMY}/api/v4/image"`,
        ),
      },
      remote(LEMMY, 'lemmy-1.0'),
    ],
    recipient: lemmyAdmins,
  },
  synapse: {
    targets: [targets.synapse],
    items: synapseItems,
    appendix: [...synapseSteps(['AbCdEf123', 'GhIjKl456', 'MnOpQr789']), remote(MATRIX, 'synapse')],
    recipient: { kind: 'matrix', value: '@admin:matrix.example', source: `${MATRIX}/.well-known/matrix/support` },
  },
  mixed: {
    targets: [targets.lemmy019, targets.synapse],
    items: [
      lemmy019Items[0]!,
      synapseItems[0]!,
      lemmy019Items[1]!,
      matrixItem('m4', 'StUvWx012', { account: '@alex-old:matrix.example', fileName: 'notes.txt', mime: 'text/plain', roomId: '!other:matrix.example', eventId: '$ev9' }),
    ],
    appendix: [pictrsPurge([lemmy019Items[0]!.key, lemmy019Items[1]!.key]), ...synapseSteps(['AbCdEf123', 'StUvWx012'])],
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;

export function erasureInput(language: LetterLanguage, scenario: Scenario): LetterInput {
  return {
    language,
    requester,
    targets: scenario.targets,
    items: scenario.items,
    writtenOn: '2027-01-31',
    ...(scenario.recipient ? { recipient: scenario.recipient } : {}),
  };
}
