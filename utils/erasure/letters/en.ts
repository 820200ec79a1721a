import type { SentVia } from '../types';
import type { Facts, Language } from './language';

const VIA: Record<SentVia, string> = {
  email: ' by email',
  matrix: ' by Matrix message',
  'web-form': " through the website's contact form",
  post: ' by post',
  other: '',
};
const via = (f: Facts) => (f.via ? VIA[f.via] : '');
const n = (f: Facts, one: string, many: string) => (f.one ? one : many);
const c = (f: Facts, one: string, many: string) => (f.oneController ? one : many);

export const en: Language = {
  locale: 'en-GB',
  colon: ': ',
  subject: {
    erasure: () => 'Request to erase my uploaded files (Art. 17 GDPR)',
    'follow-up': (f) => `Reminder: my erasure request of ${f.sent} (Art. 17 GDPR)`,
    complaint: (f) => `Complaint under Art. 77 GDPR: erasure request to ${f.hosts} not acted on`,
  },
  greeting: 'Hello,',
  authorityGreeting: 'Dear Sir or Madam,',
  closing: 'Kind regards,',
  labels: {
    to: 'To',
    date: 'Date',
    alias: 'Alias',
    mxc: 'MXC URI',
    fileName: 'Original file name',
    type: 'Type',
    uploaded: 'Uploaded',
    account: 'Account',
    myAccount: 'My account',
    room: 'Room',
    event: 'Event',
    redacted: 'Message removed',
    encrypted: 'End-to-end encrypted',
    sentTo: 'My request was sent to',
  },
  headings: {
    files: 'Files to erase',
    filesConcerned: 'Files concerned',
    appendix: 'Appendix: how to erase these files (for the administrator)',
    whyNot: (one) => `Why I could not delete ${one ? 'it' : 'them'} myself:`,
  },
  reasons: {
    'no-user-delete': 'The server offers users no way to delete uploaded files.',
    'no-api-key': "The server's image service (pict-rs) has no API key configured, so deletions by users fail.",
    'no-delete-token': 'I have no delete token for the upload.',
    'server-copy': 'The server made this copy of my image itself (a post thumbnail); it belongs to no account, so I cannot delete it.',
    'no-server-record': 'The server has no record linking the upload to my account (for example, uploads made before Lemmy 0.19.0).',
    'still-served': 'I deleted the upload, but the file is still served (under another alias or from a cache).',
  },
  topics: {
    'lemmy-1.0-purge':
      "Lemmy 1.0: the admin API call DELETE /api/v4/image purges each file together with all its aliases and variants. Run it once per file, with an admin's login token.",
    'lemmy-pictrs-purge':
      'Lemmy 0.19 and earlier: ask pict-rs itself to purge each file, which removes every alias and variant of it. Run these where pict-rs listens (for example inside its container), with the API key from the pict-rs configuration.',
    'lemmy-admin-uploads':
      'Lemmy 0.19.4 and later list every upload with its uploader in the admin settings, so you can check that nothing is left.',
    'synapse-delete-media':
      'Synapse: this admin API call deletes one local media file with its thumbnails. Run it once per file, with an admin access token.',
    'synapse-delete-user-media':
      'Synapse: this call deletes every file the account uploaded, up to 100 per call. Repeat it until the response says "total": 0.',
    'synapse-caveats':
      'Please note: deactivating the account with "erase": true does not delete its media, and quarantining media blocks downloads but keeps the file. Files in an external storage provider (such as S3) must be removed there as well.',
    'matrix-media-repo-purge':
      'matrix-media-repo: this admin call purges the file from the media repository. Run it with the access token of a homeserver admin.',
    'continuwuity-delete': "continuwuity: send these commands in the server's admin room; each one deletes one file.",
    'remote-copies':
      'Other servers that federate with yours may keep cached copies of these files, which only their admins can remove. Please pass this request on to them (Article 17(2)).',
  },
  appendixIntro: (vars) =>
    'The steps are grouped by server. Each command can be copied as it is.' +
    (vars ? ' Words starting with $ are shell variables for your own credentials (an admin access token, the pict-rs API key): set them first.' : ''),

  erasure: (f) => [
    `I uploaded the ${n(f, 'file', 'files')} listed below to ${f.hosts}. ${n(f, 'It contains', 'They contain')} my personal data. ` +
      `Under Article 17(1) of the General Data Protection Regulation (GDPR) I ask you to erase ${n(f, 'it', 'them')}: ` +
      `I withdraw any consent I gave to ${n(f, 'its', 'their')} storage and publication (point (b)), and ${n(f, 'it is', 'they are')} ` +
      `no longer needed for the purpose for which I uploaded ${n(f, 'it', 'them')} (point (a)).`,
    `I cannot remove ${n(f, 'it', 'them')} completely myself.` + (f.reasons ? ' The list below says why, for each server.' : ''),
    [
      `Please erase ${n(f, 'the file', 'each file')} completely, not only at the address given:`,
      ...(f.lemmy
        ? [
            "- every alias: Lemmy's image server (pict-rs) stores identical files only once and serves them under several aliases, so deleting one alias can leave the same file online under another;",
          ]
        : []),
      `- every thumbnail, resized version and other variant made from it${f.matrix ? ', including the thumbnails a Matrix homeserver generates' : ''};`,
      '- copies in caches and in the storage behind the server (such as object storage).',
    ].join('\n'),
    `${n(f, 'The file was', 'The files were')} made available to other people and servers. As far as you made ${n(f, 'it', 'them')} public, ` +
      `Article 17(2) requires you to take reasonable steps to inform the other controllers that process ${n(f, 'it', 'them')}, ` +
      `in particular federated servers that copied or cached ${n(f, 'it', 'them')}, that I have asked for the erasure of all links to, ` +
      `copies of and replications of ${n(f, 'this file', 'these files')}.`,
    `Under Article 19, please notify every recipient to whom ${n(f, 'the file was', 'the files were')} disclosed of the erasure, and tell me who those recipients are.`,
    `Under Article 12(3) you must act on this request without undue delay and at the latest within one month of receiving it, that is, by ${f.due}. ` +
      'The period can be extended by two further months only where necessary, and you would have to tell me so within the first month, with your reasons. ' +
      'If you do not act on any part of this request, please tell me which part and why (Article 12(4)).',
    'Please confirm to me in writing once the erasure is done.' +
      (f.appendix ? ' At the end of this letter you will find the exact commands for doing it on your server software.' : ''),
  ],

  followUp: (f) => [
    `On ${f.sent} I asked you${via(f)} to erase the ${n(f, 'file', 'files')} listed below under Article 17 GDPR. ` +
      `The one-month period under Article 12(3) GDPR ended on ${f.due}. ` +
      'I have not received an answer that settles my request, nor any notice that the period was extended.',
    `Please erase the ${n(f, 'file', 'files')}, with every alias, thumbnail and variant, inform the other controllers and recipients ` +
      `as set out in my request (Articles 17(2) and 19), and confirm this to me by ${f.replyBy}.`,
    'If I have not heard from you by then, I will lodge a complaint with a supervisory authority under Article 77 GDPR.',
    `For reference, the ${n(f, 'file is', 'files are')} listed again below` +
      (f.appendix ? `, followed by the commands for erasing ${n(f, 'it', 'them')}.` : '.'),
  ],

  complaint: (f, controllers) => [
    `I am lodging a complaint under Article 77 GDPR. The ${c(f, 'controller', 'controllers')} named below ${c(f, 'has', 'have')} not acted on ` +
      'my request to erase personal data under Article 17 GDPR.',
    `## ${c(f, 'Controller', 'Controllers')}\n\n${controllers}`,
    [
      '## What happened',
      '',
      `- ${f.sent}: I asked the ${c(f, 'controller', 'controllers')}${via(f)} to erase the ${n(f, 'file', 'files')} listed below (Article 17(1)), ` +
        `to inform the other controllers that process ${n(f, 'it', 'them')} (Article 17(2)) and to notify recipients (Article 19). ` +
        'I asked for every alias and variant of each file to be erased.',
      `- ${f.due}: the one-month period under Article 12(3) ended without an answer that settles my request and without notice of an extension.`,
      ...(f.followUp ? [`- ${f.followUp}: I sent a reminder giving two more weeks; it did not lead to the erasure either.`] : []),
      `- To my knowledge, the ${n(f, 'file has', 'files have')} still not been erased as of today (${f.written}).`,
    ].join('\n'),
    [
      '## Evidence',
      '',
      '- the list of files below, with their addresses, identifiers and upload times;',
      `- copies of my request${f.followUp ? ' and of my reminder' : ''}, attached or available on request;`,
      ...(f.appendix ? ['- my request included the exact commands the administrator needs to erase each file.'] : []),
    ].join('\n'),
    '## What I ask',
    `I ask you to examine this complaint, to order the ${c(f, 'controller', 'controllers')} to erase the ${n(f, 'file', 'files')} and to ` +
      'inform the other controllers and recipients (Article 58(2)(c) and (g) GDPR), and to inform me of the progress and the outcome ' +
      'of the complaint (Article 77(2) GDPR).',
  ],
};
